package io.sitewatch.alarms.rule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A loaded, validated set of rules with lookups by device kind and metric. */
public final class RuleSet {

    private final int version;
    private final String origin;
    private final long loadedAt;
    private final List<AlarmRule> rules;
    private final Map<String, KindRules> byKind = new ConcurrentHashMap<>();
    private final Map<String, Long> horizonByMetric = new HashMap<>();

    public RuleSet(int version, String origin, long loadedAt, List<AlarmRule> rules) {
        this.version = version;
        this.origin = origin;
        this.loadedAt = loadedAt;
        this.rules = List.copyOf(rules);
        for (AlarmRule r : rules) {
            if (r.metric() != null && r.type().isMetricRule()) {
                for (String metric : r.metricsRead()) {
                    horizonByMetric.merge(metric, r.horizonMs(), Math::max);
                }
            }
        }
    }

    public int version() {
        return version;
    }

    public String origin() {
        return origin;
    }

    public long loadedAt() {
        return loadedAt;
    }

    public List<AlarmRule> rules() {
        return rules;
    }

    /** Rules that apply to a device kind, in file order. */
    public List<AlarmRule> forKind(String kind) {
        return kind(kind).rules();
    }

    /** The rules of a device kind with their per-message lookups. */
    public KindRules kind(String kind) {
        KindRules k = byKind.get(kind);
        return k != null ? k : byKind.computeIfAbsent(kind, name -> new KindRules(name, rules));
    }

    /** How long samples of a metric must be kept for any kind (0 = not used by any metric rule). */
    public long horizonMs(String metric) {
        return horizonByMetric.getOrDefault(metric, 0L);
    }

    /**
     * How long a device of {@code kind} must keep samples of {@code metric} (0 = no rule of the
     * kind looks at it): a crane's wind needs a minute, a dust station's ten.
     */
    public long horizonMs(String kind, String metric) {
        return kind(kind).horizonMs(metric);
    }

    public long maxHorizonMs() {
        return horizonByMetric.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public AlarmRule byId(String id) {
        for (AlarmRule r : rules) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }
}

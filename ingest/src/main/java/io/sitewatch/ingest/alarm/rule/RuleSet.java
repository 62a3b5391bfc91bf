package io.sitewatch.ingest.alarm.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A loaded, validated set of rules with lookups by device kind and metric. */
public final class RuleSet {

    private final int version;
    private final String origin;
    private final long loadedAt;
    private final List<AlarmRule> rules;
    private final Map<String, List<AlarmRule>> byKind = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> horizonByMetric = new HashMap<>();
    private final Map<String, Long> horizonByKindMetric = new java.util.concurrent.ConcurrentHashMap<>();

    public RuleSet(int version, String origin, long loadedAt, List<AlarmRule> rules) {
        this.version = version;
        this.origin = origin;
        this.loadedAt = loadedAt;
        this.rules = List.copyOf(rules);
        for (AlarmRule r : rules) {
            if (r.metric() != null && r.type().isMetricRule()) {
                horizonByMetric.merge(r.metric(), r.horizonMs(), Math::max);
                if (r.guard() != null) {
                    horizonByMetric.merge(r.guard().metric(), r.horizonMs(), Math::max);
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
        return byKind.computeIfAbsent(kind, k -> {
            List<AlarmRule> out = new ArrayList<>();
            for (AlarmRule r : rules) {
                if (r.appliesTo(k)) {
                    out.add(r);
                }
            }
            return Collections.unmodifiableList(out);
        });
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
        return horizonByKindMetric.computeIfAbsent(kind + "|" + metric, k -> {
            long h = 0;
            for (AlarmRule r : forKind(kind)) {
                if (r.type().isMetricRule() && (metric.equals(r.metric()) || r.guard() != null && metric.equals(r.guard().metric())
                        || refersTo(r, metric))) {
                    h = Math.max(h, r.horizonMs());
                }
            }
            return h;
        });
    }

    private static boolean refersTo(AlarmRule r, String metric) {
        for (LevelRef ref : new LevelRef[] {r.warning(), r.alarm(), r.clear().level()}) {
            if (ref instanceof LevelRef.MetricRef m && m.metric().equals(metric)) {
                return true;
            }
        }
        return false;
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

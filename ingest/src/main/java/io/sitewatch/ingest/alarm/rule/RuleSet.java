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
    private final Map<String, List<AlarmRule>> byKind = new HashMap<>();
    private final Map<String, Long> horizonByMetric = new HashMap<>();

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

    /** How long samples of a metric must be kept in memory (0 = not used by any metric rule). */
    public long horizonMs(String metric) {
        return horizonByMetric.getOrDefault(metric, 0L);
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

package io.sitewatch.alarms.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one device kind, with what the engine asks of them on every message worked out
 * once: the rule of each single-instance type (offline, no operator, ...) and how long each metric
 * must be kept.
 */
public final class KindRules {

    private final List<AlarmRule> rules;
    private final Map<RuleType, AlarmRule> firstOfType = new EnumMap<>(RuleType.class);
    private final Map<String, Long> horizonByMetric = new HashMap<>();
    /** Indexes (in {@link #rules()}) of the rules with a peak reported by each event type. */
    private final Map<String, int[]> peakRulesByEvent = new HashMap<>();

    KindRules(String kind, List<AlarmRule> all) {
        List<AlarmRule> out = new ArrayList<>();
        for (AlarmRule r : all) {
            if (r.appliesTo(kind)) {
                out.add(r);
                firstOfType.putIfAbsent(r.type(), r);
            }
        }
        rules = Collections.unmodifiableList(out);
        Map<String, List<Integer>> peaks = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            AlarmRule.Peak p = rules.get(i).peak();
            if (p != null) {
                peaks.computeIfAbsent(p.event(), e -> new ArrayList<>()).add(i);
            }
        }
        peaks.forEach((event, list) -> peakRulesByEvent.put(event, list.stream().mapToInt(Integer::intValue).toArray()));
        for (AlarmRule r : rules) {
            if (r.type().isMetricRule()) {
                for (String metric : r.metricsRead()) {
                    horizonByMetric.merge(metric, r.horizonMs(), Math::max);
                }
            }
        }
    }

    /** In file order. */
    public List<AlarmRule> rules() {
        return rules;
    }

    /** The first rule of a type (file order), or null. */
    public AlarmRule first(RuleType type) {
        return firstOfType.get(type);
    }

    /** Indexes in {@link #rules()} of the rules judging the peaks an event of {@code type} reports (often none). */
    public int[] peakRules(String eventType) {
        int[] r = peakRulesByEvent.get(eventType);
        return r == null ? NONE : r;
    }

    private static final int[] NONE = new int[0];

    /** How long samples of a metric must be kept (0 = no rule of the kind looks at it). */
    public long horizonMs(String metric) {
        Long h = horizonByMetric.get(metric);
        return h == null ? 0 : h;
    }
}

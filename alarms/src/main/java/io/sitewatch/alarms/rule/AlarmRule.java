package io.sitewatch.alarms.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alarm rule as loaded from the rules file. Fields not used by a rule's type are neutral
 * (null, 0 or empty); {@link RuleLoader} checks that each type has what it needs.
 *
 * @param deviceKinds kinds the rule applies to; empty = every kind
 * @param below       the danger is a low value (clearance, harnesses) rather than a high one
 * @param abs         compare the magnitude (displacement in either direction)
 * @param strict      {@code >} rather than {@code >=} (and {@code <} rather than {@code <=})
 */
public record AlarmRule(String id, Set<String> deviceKinds, RuleType type, String metric, boolean below, boolean abs,
                        boolean strict, LevelRef warning, LevelRef alarm, Sustain sustain, Clear clear, long windowMs,
                        int minSamples, Schedule schedule, Limits day, Limits night, int days, Guard guard,
                        double operatingAbove, int periods, Map<String, String> certificateKinds, String source) {

    /** Raised only after the condition held for {@code samples} samples or {@code durationMs}. */
    public record Sustain(int samples, long durationMs) {
        public static final Sustain IMMEDIATE = new Sustain(1, 0);
    }

    /** Cleared after the value is back inside {@code level} for {@code samples} samples or {@code durationMs}. */
    public record Clear(LevelRef level, int samples, long durationMs) {
        public static final Clear IMMEDIATE = new Clear(null, 1, 0);
    }

    /** Warning and alarm levels of one part of the day. */
    public record Limits(LevelRef warning, LevelRef alarm) {
    }

    /** An extra condition on another metric of the same sample (the cage is moving). */
    public record Guard(String metric, boolean abs, double above) {
        public boolean holds(Map<String, Double> sample) {
            Double v = sample.get(metric);
            return v != null && (abs ? Math.abs(v) : v) > above;
        }
    }

    /** When in the site's local day the rule applies (GB 12523: day 06–22, night 22–06). */
    public enum Schedule {
        ALWAYS, DAY, NIGHT;

        public boolean applies(int localHour) {
            boolean day = localHour >= 6 && localHour < 22;
            return this == ALWAYS || (this == DAY) == day;
        }
    }

    public boolean appliesTo(String deviceKind) {
        return deviceKinds.isEmpty() || deviceKinds.contains(deviceKind);
    }

    /**
     * True when judging a sample takes other values of the same sample: a guard, or a level read
     * from another metric.
     */
    public boolean readsSample() {
        return guard != null || readsSample(warning) || readsSample(alarm) || readsSample(clear.level());
    }

    private static boolean readsSample(LevelRef ref) {
        return ref != null && ref.readsSample();
    }

    /** The metrics the rule looks at: its own, its guard's and those its levels are read from. */
    public List<String> metricsRead() {
        List<String> out = new ArrayList<>(2);
        if (metric != null) {
            out.add(metric);
        }
        if (guard != null) {
            out.add(guard.metric());
        }
        for (LevelRef ref : new LevelRef[] {warning, alarm, clear.level()}) {
            if (ref instanceof LevelRef.MetricRef m) {
                out.add(m.metric());
            }
        }
        return out;
    }

    /** How far back samples of {@link #metric()} must be kept for this rule, in ms. */
    public long horizonMs() {
        return switch (type) {
            case MEAN, LEQ -> windowMs;
            case DAILY_RATE -> (days + 2) * 86_400_000L;
            case THRESHOLD -> Math.max(Math.max(sustain.durationMs(), clear.durationMs()), 60_000L);
            default -> 0;
        };
    }
}

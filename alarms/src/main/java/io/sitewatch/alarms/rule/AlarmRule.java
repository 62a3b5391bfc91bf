package io.sitewatch.alarms.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alarm rule as loaded from the rules file. Fields not used by a rule's type are neutral
 * (null, 0 or empty); {@link RuleLoader} checks that each type has what it needs.
 *
 * @param deviceKinds      kinds the rule applies to; empty = every kind
 * @param below            the danger is a low value (clearance, harnesses) rather than a high one
 * @param abs              compare the magnitude (displacement in either direction)
 * @param strict           {@code >} rather than {@code >=} (and {@code <} rather than {@code <=})
 * @param certificateKinds device kind → the certificate kinds that allow operating it (any of them)
 * @param when             median: the state every sample of the window must be in (no load, calm)
 * @param peak             threshold: an event that reports the peak of the metric over a work
 *                         cycle, judged against the same levels as the samples
 * @param dayShare         daily_rate: the share of the rate limit that each of {@code days}
 *                         consecutive days must exceed (1 = the limit itself)
 * @param oneDay           daily_rate: one day at or over the rate limit is enough for the alarm
 * @param majorHazard      the rule's alarm is evidence of a major accident hazard (重大事故隐患) of a
 *                         clause of the 判定标准, for the hazard ledger; null when it is not
 */
public record AlarmRule(String id, Set<String> deviceKinds, RuleType type, String metric, boolean below, boolean abs,
                        boolean strict, LevelRef warning, LevelRef alarm, Sustain sustain, Clear clear, long windowMs,
                        int minSamples, Schedule schedule, Limits day, Limits night, int days, Guard guard,
                        double operatingAbove, int periods, Map<String, List<String>> certificateKinds, String source,
                        List<Condition> when, Peak peak, double dayShare, boolean oneDay, Papers papers,
                        MajorHazard majorHazard) {

    public AlarmRule {
        when = when == null ? List.of() : List.copyOf(when);
    }

    /**
     * What an {@code equipment_papers} rule checks: which paper of the machine's service
     * ({@code registration} 使用登记, {@code inspection} 定期检验, {@code fall_arrester} 防坠安全器),
     * how many days before its expiry the daily job warns, and the movement that counts as use
     * besides load ({@code moving}, may be null).
     */
    public record Papers(String paper, int warnDays, Guard moving) {
        public static final java.util.Set<String> KINDS = java.util.Set.of("registration", "inspection", "fall_arrester");
    }

    /**
     * The rule's alarm (level alarm, not warning) as evidence of a major accident hazard: the clause
     * of the 判定标准 in the wire protocol's form ({@code 2024-5-4-1} for the 2024 edition 第五条(四)1),
     * the hazard's category, and how long the alarm must stay open before it counts ({@code afterMs},
     * 0 = at once): a deformation above the design value becomes a hazard only when it is left
     * untreated (未及时处理).
     */
    public record MajorHazard(String clause, String category, long afterMs) {
    }

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

    /**
     * A state another metric of the same sample must be in for the rule to judge it (a tower's
     * verticality is measured with no load on the hook and little wind). A sample without the
     * metric is not known to be in the state.
     */
    public record Condition(String metric, Op op, double level) {

        public enum Op {
            BELOW("<"), AT_MOST("≤"), ABOVE(">"), AT_LEAST("≥");

            private final String symbol;

            Op(String symbol) {
                this.symbol = symbol;
            }

            public String symbol() {
                return symbol;
            }
        }

        public boolean holds(Double value) {
            if (value == null) {
                return false;
            }
            double v = value;
            return switch (op) {
                case BELOW -> v < level;
                case AT_MOST -> v <= level;
                case ABOVE -> v > level;
                case AT_LEAST -> v >= level;
            };
        }

        @Override
        public String toString() {
            return metric + " " + op.symbol() + " " + (level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level));
        }
    }

    /**
     * The peak of the rule's metric over a work cycle, as an event reports it: {@code field} of the
     * event's data, or, with {@code percentOf}, that field as a percentage of a per-device value
     * (the crane's rated load). A 10 s sample rate misses the peak of a short lift; the cycle's
     * report does not.
     */
    public record Peak(String event, String field, LevelRef percentOf) {
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

    /** The metrics the rule looks at: its own, its guard's and conditions', and those its levels are read from. */
    public List<String> metricsRead() {
        List<String> out = new ArrayList<>(2);
        if (metric != null) {
            out.add(metric);
        }
        if (guard != null) {
            out.add(guard.metric());
        }
        for (Condition c : when) {
            out.add(c.metric());
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
            // A median also needs the sample before its window: the state held since then.
            case MEDIAN -> 2 * windowMs;
            case DAILY_RATE -> (days + 2) * 86_400_000L;
            case THRESHOLD -> Math.max(Math.max(sustain.durationMs(), clear.durationMs()), 60_000L);
            default -> 0;
        };
    }

    /**
     * The rule as it stands for one device: its level overrides ({@code params.rules.<id>.warning|alarm},
     * numbers) and, for a daily rate, a project's own rate rule ({@code days}, {@code dayShare},
     * {@code oneDay}, e.g. "3 mm/d 连续2d以上" is days 2, dayShare 1, oneDay false). {@code params}
     * are the device's merged over its site's.
     */
    public AlarmRule withOverrides(com.fasterxml.jackson.databind.JsonNode params) {
        com.fasterxml.jackson.databind.JsonNode o = params == null ? null : params.path("rules").path(id);
        if (o == null || !o.isObject()) {
            return this;
        }
        LevelRef w = o.path("warning").isNumber() ? new LevelRef.Constant(o.get("warning").asDouble()) : warning;
        LevelRef a = o.path("alarm").isNumber() ? new LevelRef.Constant(o.get("alarm").asDouble()) : alarm;
        int d = days;
        double share = dayShare;
        boolean one = oneDay;
        if (type == RuleType.DAILY_RATE) {
            d = o.path("days").isInt() && o.get("days").asInt() >= 1 ? o.get("days").asInt() : days;
            share = o.path("dayShare").isNumber() && o.get("dayShare").asDouble() > 0 ? o.get("dayShare").asDouble() : dayShare;
            one = o.path("oneDay").isBoolean() ? o.get("oneDay").asBoolean() : oneDay;
        }
        return new AlarmRule(id, deviceKinds, type, metric, below, abs, strict, w, a, sustain, clear, windowMs, minSamples,
                schedule, day, night, d, guard, operatingAbove, periods, certificateKinds, source, when, peak, share, one, papers,
                majorHazard);
    }
}

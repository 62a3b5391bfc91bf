package io.sitewatch.alarms.eval;

import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.rule.LevelRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates the metric rules (threshold, mean, leq, daily_rate) at one event time from the
 * device's windows. Pure: no clock, no I/O, no state of its own; the same windows and time give
 * the same verdict, which is what lets a restart rebuild evaluation state by replaying stored
 * samples.
 */
public final class MetricRuleEvaluator {

    private static final double DEFAULT_CLEAR_RATIO = 0.95;
    private static final long DAY_MS = 86_400_000L;
    /** A first monitored day counts when its first sample came within this long after midnight. */
    private static final long FIRST_DAY_START_MS = 2 * 3_600_000L;

    public Verdict evaluate(AlarmRule rule, RuleContext ctx, long t) {
        return evaluate(rule, ctx, t, null);
    }

    /**
     * The verdict, without the detail text when its level is not above {@code openLevel} (the
     * level of the rule's open alarm, or null): such a verdict raises or escalates nothing, so
     * nothing would show the text.
     */
    public Verdict evaluate(AlarmRule rule, RuleContext ctx, long t, Level openLevel) {
        return switch (rule.type()) {
            case THRESHOLD -> threshold(rule, ctx, t, openLevel);
            case MEAN -> mean(rule, ctx, t, false, openLevel);
            case MEDIAN -> median(rule, ctx, t, openLevel);
            case LEQ -> mean(rule, ctx, t, true, openLevel);
            case DAILY_RATE -> dailyRate(rule, ctx, t, openLevel);
            default -> Verdict.NONE;
        };
    }

    // ---------------------------------------------------------------- threshold

    private Verdict threshold(AlarmRule rule, RuleContext ctx, long t, Level openLevel) {
        MetricWindow w = ctx.window(rule.metric());
        int last = w == null ? -1 : w.floor(t);
        if (last < 0 || w.ts(last) != t) {
            return Verdict.NONE;
        }
        if (rule.schedule() != AlarmRule.Schedule.ALWAYS && !rule.schedule().applies(hour(ctx.zone(), t))) {
            return Verdict.NONE;
        }
        double current = magnitude(rule, w.value(last));
        // Only rules that look at other metrics of the sample need it gathered.
        boolean readsSample = rule.readsSample();
        Map<String, Double> sample = readsSample ? sampleAt(ctx, rule, t) : null;
        Level sustained = null;
        LevelRef ref = null;
        if (rule.alarm() != null && sustained(rule, ctx, w, last, t, rule.alarm(), rule.sustain().samples(),
                rule.sustain().durationMs(), false, readsSample)) {
            sustained = Level.ALARM;
            ref = rule.alarm();
        } else if (rule.warning() != null && sustained(rule, ctx, w, last, t, rule.warning(), rule.sustain().samples(),
                rule.sustain().durationMs(), false, readsSample)) {
            sustained = Level.WARNING;
            ref = rule.warning();
        }
        if (sustained != null) {
            double threshold = ref.resolve(ctx.params(), sample);
            return new Verdict(sustained, false, current, threshold,
                    sustained.above(openLevel) ? describe(rule, current, threshold) : null);
        }
        LevelRef clearRef = clearLevel(rule);
        boolean clear = clearRef != null && sustained(rule, ctx, w, last, t, clearRef, rule.clear().samples(),
                rule.clear().durationMs(), true, readsSample);
        Double clearAt = clearRef == null ? null : clearRef.resolve(ctx.params(), sample);
        return new Verdict(null, clear, current, clearAt == null ? Double.NaN : clearAt, null);
    }

    /**
     * True when the last {@code samples} samples up to {@code t} (and, with a duration, every
     * sample back to {@code t - duration}) are beyond {@code ref} — or, for {@code clearing}, all
     * inside it. {@code last} is the index of the sample at {@code t}.
     */
    private boolean sustained(AlarmRule rule, RuleContext ctx, MetricWindow w, int last, long t, LevelRef ref,
                              int samples, long durationMs, boolean clearing, boolean readsSample) {
        // A level not read from the sample is the same at every step: resolve it once.
        boolean levelPerSample = ref.readsSample();
        double level = 0;
        if (!levelPerSample) {
            Double fixed = ref.resolve(ctx.params(), null);
            if (fixed == null) {
                return false;
            }
            level = fixed;
        }
        int seen = 0;
        for (int i = last; i >= 0; i--) {
            long ts = w.ts(i);
            Map<String, Double> sample = readsSample ? sampleAt(ctx, rule, ts) : null;
            if (levelPerSample) {
                Double atSample = ref.resolve(ctx.params(), sample);
                if (atSample == null) {
                    return false;
                }
                level = atSample;
            }
            boolean beyond = beyond(rule, magnitude(rule, w.value(i)), level)
                    && (rule.guard() == null || rule.guard().holds(sample));
            if (beyond == clearing) {
                break;
            }
            seen++;
            if (seen >= samples && (durationMs == 0 || t - ts >= durationMs)) {
                return true;
            }
        }
        return false;
    }

    private static LevelRef clearLevel(AlarmRule rule) {
        if (rule.clear().level() != null) {
            return rule.clear().level();
        }
        LevelRef base = rule.warning() != null ? rule.warning() : rule.alarm();
        if (base instanceof LevelRef.Constant c) {
            return new LevelRef.Constant(rule.below() ? c.value() / DEFAULT_CLEAR_RATIO : c.value() * DEFAULT_CLEAR_RATIO);
        }
        if (base instanceof LevelRef.Param p) {
            return p.withFactor(rule.below() ? p.factor() / DEFAULT_CLEAR_RATIO : p.factor() * DEFAULT_CLEAR_RATIO);
        }
        if (base instanceof LevelRef.Choice c) {
            return c.withFactor(rule.below() ? c.factor() / DEFAULT_CLEAR_RATIO : c.factor() * DEFAULT_CLEAR_RATIO);
        }
        return base;
    }

    // ---------------------------------------------------------------- mean and Leq

    private Verdict mean(AlarmRule rule, RuleContext ctx, long t, boolean energy, Level openLevel) {
        MetricWindow w = ctx.window(rule.metric());
        if (w == null || w.at(t) == null) {
            return Verdict.NONE;
        }
        long from = t - rule.windowMs();
        if (rule.type() == io.sitewatch.alarms.rule.RuleType.LEQ) {
            // Day and night are judged on their own sound: the window starts no earlier than 06:00 or 22:00.
            from = Math.max(from, periodStart(ctx.zone(), t) - 1);
        }
        int first = w.firstAfter(from);
        int last = w.floor(t);
        int n = last - first + 1;
        if (n < rule.minSamples()) {
            return Verdict.NONE;
        }
        double sum = 0;
        for (int i = first; i <= last; i++) {
            double v = w.value(i);
            sum += energy ? Math.pow(10, v / 10) : magnitude(rule, v);
        }
        double value = energy ? 10 * Math.log10(sum / n) : sum / n;
        value = Math.round(value * 100) / 100.0;
        LevelRef warning = rule.warning();
        LevelRef alarm = rule.alarm();
        String part = "";
        if (rule.type() == io.sitewatch.alarms.rule.RuleType.LEQ) {
            boolean day = AlarmRule.Schedule.DAY.applies(hour(ctx.zone(), t));
            AlarmRule.Limits limits = day ? rule.day() : rule.night();
            warning = limits.warning();
            alarm = limits.alarm();
            part = day ? " (day limit)" : " (night limit)";
        }
        Double a = alarm == null ? null : alarm.resolve(ctx.params(), null);
        Double wv = warning == null ? null : warning.resolve(ctx.params(), null);
        if (a != null && beyond(rule, value, a)) {
            return new Verdict(Level.ALARM, false, value, a,
                    Level.ALARM.above(openLevel) ? describeMean(rule, energy, value, a, part) : null);
        }
        if (wv != null && beyond(rule, value, wv)) {
            return new Verdict(Level.WARNING, false, value, wv,
                    Level.WARNING.above(openLevel) ? describeMean(rule, energy, value, wv, part) : null);
        }
        Double clearAt = rule.clear().level() != null ? rule.clear().level().resolve(ctx.params(), null)
                : wv != null ? wv * DEFAULT_CLEAR_RATIO : a != null ? a * DEFAULT_CLEAR_RATIO : null;
        boolean clear = clearAt != null && !beyond(rule, value, clearAt);
        return new Verdict(null, clear, value, clearAt == null ? Double.NaN : clearAt, null);
    }

    private static String describeMean(AlarmRule rule, boolean energy, double value, Double level, String part) {
        return (energy ? "Leq " : "mean ") + duration(rule.windowMs()) + " " + rule.metric() + " " + value + symbol(rule)
                + level + part;
    }

    // ---------------------------------------------------------------- median under conditions

    /**
     * The median of the window's samples, judged only when the rule's conditions (no load on the
     * hook, calm) held at every sample of the window and at the one before it, so the state has
     * lasted the whole window. Otherwise there is nothing to say: an open alarm stays open (a
     * loaded crane's tilt is mostly the tower bending elastically, not its verticality).
     */
    private Verdict median(AlarmRule rule, RuleContext ctx, long t, Level openLevel) {
        MetricWindow w = ctx.window(rule.metric());
        int last = w == null ? -1 : w.floor(t);
        if (last < 0 || w.ts(last) != t) {
            return Verdict.NONE;
        }
        long from = t - rule.windowMs();
        boolean lasted = false;
        // Newest first: a crane at work fails at the first sample, so judging it costs nothing.
        for (int i = last; i >= 0; i--) {
            long ts = w.ts(i);
            if (!conditionsHold(rule, ctx, ts)) {
                return Verdict.NONE;
            }
            if (ts <= from) {
                lasted = true;
                break;
            }
        }
        if (!lasted) {
            return Verdict.NONE;
        }
        int first = w.firstAfter(from - 1);
        int n = last - first + 1;
        if (n < rule.minSamples()) {
            return Verdict.NONE;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = magnitude(rule, w.value(first + i));
        }
        java.util.Arrays.sort(values);
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        median = Math.round(median * 1000) / 1000.0;
        Double a = rule.alarm() == null ? null : rule.alarm().resolve(ctx.params(), null);
        Double wv = rule.warning() == null ? null : rule.warning().resolve(ctx.params(), null);
        if (a != null && beyond(rule, median, a)) {
            return new Verdict(Level.ALARM, false, median, a,
                    Level.ALARM.above(openLevel) ? describeMedian(rule, median, a) : null);
        }
        if (wv != null && beyond(rule, median, wv)) {
            return new Verdict(Level.WARNING, false, median, wv,
                    Level.WARNING.above(openLevel) ? describeMedian(rule, median, wv) : null);
        }
        LevelRef clearRef = clearLevel(rule);
        Double clearAt = clearRef == null ? null : clearRef.resolve(ctx.params(), null);
        boolean clear = clearAt != null && !beyond(rule, median, clearAt);
        return new Verdict(null, clear, median, clearAt == null ? Double.NaN : clearAt, null);
    }

    private static boolean conditionsHold(AlarmRule rule, RuleContext ctx, long ts) {
        for (AlarmRule.Condition c : rule.when()) {
            MetricWindow w = ctx.window(c.metric());
            if (w == null || !c.holds(w.at(ts))) {
                return false;
            }
        }
        return true;
    }

    private static String describeMedian(AlarmRule rule, double value, double level) {
        String s = "median " + duration(rule.windowMs()) + " " + rule.metric() + " " + fmt(value) + symbol(rule) + fmt(level);
        if (!rule.when().isEmpty()) {
            s += " while " + String.join(" and ", rule.when().stream().map(AlarmRule.Condition::toString).toList());
        }
        return s;
    }

    // ---------------------------------------------------------------- peaks reported by events

    /**
     * A work cycle's reported peak of the rule's metric, judged against the same levels as its
     * samples (a sample every 10 s misses the peak of a short lift). Raises (or escalates) only
     * when the samples of the cycle, {@code [startTs, endTs]}, did not already hold that level for
     * the rule's sustain: then the sample judgement raised it. A peak never clears anything; the
     * samples after it do. Pure, like the rest.
     *
     * @param reported the event's field value (before {@code percentOf})
     */
    public Verdict peak(AlarmRule rule, RuleContext ctx, double reported, long startTs, long endTs, Level openLevel) {
        AlarmRule.Peak p = rule.peak();
        double value = reported;
        if (p.percentOf() != null) {
            Double per = p.percentOf().resolve(ctx.params(), null);
            if (per == null || !(per > 0)) {
                return Verdict.NONE;
            }
            value = Math.round(10_000 * reported / per) / 100.0;
        }
        double judged = magnitude(rule, value);
        Level level = null;
        Double threshold = null;
        LevelRef ref = null;
        for (Level l : new Level[] {Level.ALARM, Level.WARNING}) {
            LevelRef r = l == Level.ALARM ? rule.alarm() : rule.warning();
            Double at = r == null ? null : r.resolve(ctx.params(), null);
            if (at != null && beyond(rule, judged, at)) {
                level = l;
                threshold = at;
                ref = r;
                break;
            }
        }
        if (level == null) {
            return new Verdict(null, false, judged, Double.NaN, null);
        }
        if (sustainedWithin(rule, ctx, ref, startTs, endTs)) {
            return Verdict.NONE;
        }
        String detail = !level.above(openLevel) ? null
                : p.event() + " peak " + rule.metric() + " " + fmt(judged) + symbol(rule) + fmt(threshold)
                        + (p.percentOf() == null ? "" : " (" + p.field() + " " + fmt(reported) + ")")
                        + " in the cycle " + clock(ctx.zone(), startTs) + "–" + clock(ctx.zone(), endTs)
                        + ", not seen in its samples";
        return new Verdict(level, false, judged, threshold, detail);
    }

    /** Whether samples within [from, to] held beyond {@code ref} for the rule's sustain (so they raised it). */
    private static boolean sustainedWithin(AlarmRule rule, RuleContext ctx, LevelRef ref, long from, long to) {
        MetricWindow w = ctx.window(rule.metric());
        if (w == null) {
            return false;
        }
        Double level = ref.resolve(ctx.params(), null);
        if (level == null) {
            return false;
        }
        int run = 0;
        long runStart = 0;
        for (int i = w.firstAfter(from - 1); i < w.size() && w.ts(i) <= to; i++) {
            if (beyond(rule, magnitude(rule, w.value(i)), level)) {
                if (run++ == 0) {
                    runStart = w.ts(i);
                }
                if (run >= rule.sustain().samples() && w.ts(i) - runStart >= rule.sustain().durationMs()) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    private static final java.time.format.DateTimeFormatter HMS = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private static String clock(ZoneId zone, long t) {
        return HMS.format(Instant.ofEpochMilli(t).atZone(zone));
    }

    // ---------------------------------------------------------------- daily rate

    /**
     * Change over each complete site-local day (last value of the day minus the last value of
     * the day before). With {@code dayShare} s and {@code days} N: warning when the latest complete
     * day exceeds s × the limit; alarm when the last N complete days all do, or (with
     * {@code oneDay}) when the latest day reaches the limit itself; clear when the latest complete
     * day is back within s × the limit. GB 50497-2019 as recalled (表8.0.4 note, domain.md §9.8 [R]):
     * s = 70 %, N = 3, one day at 100 %. A project's "3 mm/d 连续2d以上": s = 100 %, N = 2, no one-day rule.
     */
    private Verdict dailyRate(AlarmRule rule, RuleContext ctx, long t, Level openLevel) {
        MetricWindow w = ctx.window(rule.metric());
        if (w == null || w.at(t) == null) {
            return Verdict.NONE;
        }
        ZoneId zone = ctx.zone();
        LocalDate today = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
        Double limit = rule.alarm().resolve(ctx.params(), null);
        if (limit == null) {
            return Verdict.NONE;
        }
        double share = rule.dayShare() > 0 ? rule.dayShare() : 1.0;
        double over = share == 1.0 ? limit : Math.round(share * limit * 1e6) / 1e6;
        int exceeded = 0;
        double latestRate = Double.NaN;
        for (int back = 1; back <= rule.days(); back++) {
            Double rate = rate(w, zone, today.minusDays(back));
            if (rate == null) {
                break;
            }
            // A difference of readings: 6.4 - 5 is 1.4000000000000004 in binary; exactly 70 % is not over it.
            rate = Math.round(rate * 1e9) / 1e9;
            if (back == 1) {
                latestRate = rate;
            }
            if (!beyond(rule, Math.abs(rate), over)) {
                break;
            }
            exceeded++;
        }
        if (Double.isNaN(latestRate)) {
            return Verdict.NONE;
        }
        double shown = Math.round(latestRate * 100) / 100.0;
        String sharePart = share == 1.0 ? "" : " (" + fmt(Math.round(share * 1000) / 10.0) + " % of " + fmt(limit) + ")";
        if (rule.oneDay() && Math.abs(latestRate) >= limit) {
            return new Verdict(Level.ALARM, false, shown, limit, !Level.ALARM.above(openLevel) ? null
                    : rule.metric() + " changed " + shown + " yesterday, at or over the limit " + limit + " per day");
        }
        if (exceeded >= rule.days()) {
            return new Verdict(Level.ALARM, false, shown, limit, !Level.ALARM.above(openLevel) ? null
                    : rule.metric() + " changed more than " + (share == 1.0 ? limit : fmt(over)) + sharePart + " per day on "
                    + exceeded + " consecutive days (last " + shown + ")");
        }
        if (exceeded >= 1) {
            return new Verdict(Level.WARNING, false, shown, over, !Level.WARNING.above(openLevel) ? null
                    : rule.metric() + " changed " + shown + " yesterday, limit " + (share == 1.0 ? limit : fmt(over))
                    + sharePart + " per day");
        }
        return Verdict.clear(shown, over);
    }

    /**
     * The change over one local day: its last value minus the previous day's last value; for the
     * first monitored day, minus its own first value when that came within the day's first hours.
     */
    private static Double rate(MetricWindow w, ZoneId zone, LocalDate day) {
        long end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() - 1;
        long endBefore = day.atStartOfDay(zone).toInstant().toEpochMilli() - 1;
        int last = w.floor(end);
        if (last < 0 || w.ts(last) <= endBefore) {
            return null;
        }
        int prev = w.floor(endBefore);
        if (prev < 0 || endBefore - w.ts(prev) > DAY_MS) {
            prev = w.firstAfter(endBefore);
            if (prev > last || w.ts(prev) > endBefore + FIRST_DAY_START_MS) {
                return null;
            }
        }
        return w.value(last) - w.value(prev);
    }

    // ---------------------------------------------------------------- helpers

    /** The values of the metrics the rule reads at device time {@code ts}. */
    private static Map<String, Double> sampleAt(RuleContext ctx, AlarmRule rule, long ts) {
        Map<String, Double> sample = new HashMap<>(4);
        for (String metric : rule.metricsRead()) {
            MetricWindow w = ctx.window(metric);
            Double v = w == null ? null : w.at(ts);
            if (v != null) {
                sample.put(metric, v);
            }
        }
        return sample;
    }

    private static boolean beyond(AlarmRule rule, double value, double level) {
        if (rule.below()) {
            return rule.strict() ? value < level : value <= level;
        }
        return rule.strict() ? value > level : value >= level;
    }

    private static double magnitude(AlarmRule rule, double v) {
        return rule.abs() ? Math.abs(v) : v;
    }

    /** Start of the current GB 12523 period (06:00 day or 22:00 night) in the site's zone. */
    static long periodStart(ZoneId zone, long t) {
        java.time.ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
        int h = local.getHour();
        java.time.ZonedDateTime start;
        if (h >= 6 && h < 22) {
            start = local.toLocalDate().atTime(6, 0).atZone(zone);
        } else if (h >= 22) {
            start = local.toLocalDate().atTime(22, 0).atZone(zone);
        } else {
            start = local.toLocalDate().minusDays(1).atTime(22, 0).atZone(zone);
        }
        return start.toInstant().toEpochMilli();
    }

    private static int hour(ZoneId zone, long t) {
        return Instant.ofEpochMilli(t).atZone(zone).getHour();
    }

    private static String symbol(AlarmRule rule) {
        return rule.below() ? (rule.strict() ? " < " : " ≤ ") : (rule.strict() ? " > " : " ≥ ");
    }

    private static String describe(AlarmRule rule, double value, double threshold) {
        String s = rule.metric() + " " + fmt(value) + symbol(rule) + fmt(threshold);
        if (rule.sustain().samples() > 1) {
            s += " for " + rule.sustain().samples() + " samples";
        }
        if (rule.sustain().durationMs() > 0) {
            s += " for " + duration(rule.sustain().durationMs());
        }
        if (rule.guard() != null) {
            s += " while " + rule.guard().metric() + " > " + fmt(rule.guard().above());
        }
        return s;
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d) : Double.toString(Math.round(d * 1000) / 1000.0);
    }

    private static String duration(long ms) {
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms / 1000 + " s";
    }
}

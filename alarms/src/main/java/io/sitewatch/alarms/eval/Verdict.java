package io.sitewatch.alarms.eval;

import io.sitewatch.alarms.rule.Level;

/**
 * What a rule says at one instant: the level whose condition is met (sustained), or null; whether
 * the clear condition is met; the value judged and the level it was compared with.
 */
public record Verdict(Level level, boolean clear, double value, double threshold, String detail) {

    /** Nothing to say (not enough data, outside the rule's schedule). */
    public static final Verdict NONE = new Verdict(null, false, Double.NaN, Double.NaN, null);

    public static Verdict clear(double value, double threshold) {
        return new Verdict(null, true, value, threshold, null);
    }
}

package io.sitewatch.rating.evidence;

/**
 * A counted share (numerator of denominator) with the sentence that explains it.
 *
 * @param emptyMeansMet what an empty denominator means: no alarms means none was left unhandled,
 *                      but no working days proves no inspection
 */
public record RateFact(long numerator, long denominator, boolean emptyMeansMet, String explanation) {

    public double rate() {
        if (denominator == 0) {
            return emptyMeansMet ? 1.0 : 0.0;
        }
        return numerator / (double) denominator;
    }
}

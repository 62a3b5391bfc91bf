package io.sitewatch.rating.evidence;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sitewatch.rating.text.Msg;
import java.util.List;

/**
 * A counted share (numerator of denominator) with the sentence that explains it.
 *
 * @param emptyMeansMet what an empty denominator means: no alarms means none was left unhandled,
 *                      but no working days proves no inspection
 * @param details       one line per counted thing that failed, and why (recorder compliance by the
 *                      campaign rule, since 2026.1); empty otherwise, and then absent from snapshots
 * @param text          the explanation as a message (said in Chinese and English); null in
 *                      snapshots taken before explanations were messages, and then absent
 */
public record RateFact(long numerator, long denominator, boolean emptyMeansMet, String explanation,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> details,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Msg text) {

    @JsonCreator
    public RateFact {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public RateFact(long numerator, long denominator, boolean emptyMeansMet, String explanation, List<String> details) {
        this(numerator, denominator, emptyMeansMet, explanation, details, null);
    }

    public RateFact(long numerator, long denominator, boolean emptyMeansMet, String explanation) {
        this(numerator, denominator, emptyMeansMet, explanation, List.of(), null);
    }

    public RateFact(long numerator, long denominator, boolean emptyMeansMet, String explanation, Msg text) {
        this(numerator, denominator, emptyMeansMet, explanation, List.of(), text);
    }

    public double rate() {
        if (denominator == 0) {
            return emptyMeansMet ? 1.0 : 0.0;
        }
        return numerator / (double) denominator;
    }
}

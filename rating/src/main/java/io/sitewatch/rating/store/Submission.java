package io.sitewatch.rating.store;

import io.sitewatch.rating.score.RatingResult;
import java.util.List;

/** A rating application as it moves submitted → reviewed → approved (or rejected). Times in epoch ms. */
public record Submission(long id, String siteId, int targetStar, long from, long to, String state, int catalogueVersion,
                         String submittedBy, long submittedAt, String selfComment,
                         String reviewedBy, Long reviewedAt, String reviewComment, List<Adjustment> adjustments,
                         String approvedBy, Long approvedAt, Long validUntil, RatingResult result) {

    public static final String SUBMITTED = "submitted";
    public static final String REVIEWED = "reviewed";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    public Submission {
        adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
    }

    /** A reviewer's change to a manual item (points) or declaration gate (1 holds, 0 not), with the reason. */
    public record Adjustment(String key, double value, String reason, String by, Long at) {
    }

    /** One state change. */
    public record HistoryEntry(long submissionId, String state, int stars, String actor, long at, String comment) {
    }
}

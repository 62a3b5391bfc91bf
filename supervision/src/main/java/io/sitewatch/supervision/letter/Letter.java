package io.sitewatch.supervision.letter;

import java.util.List;

/**
 * One warning letter as stored. Times are epoch milliseconds (server time); {@code deadlineTs} is
 * set when the letter is issued ({@code deadlineDays} after); the answer fields hold the answer
 * that stands (none after the regulator returned it).
 *
 * @param scope    {@code project} or {@code enterprise}
 * @param targetId the project's site id or the enterprise's code
 * @param siteIds  the projects addressed: the project, or the enterprise's projects it was drafted from
 * @param template the wording's version
 */
public record Letter(String id, String scope, String targetId, String targetName, String region, List<String> siteIds,
                     LetterState state, String template, String title, String titleEn, String body, String bodyEn,
                     RiskSnapshot facts, int deadlineDays, String createdBy, long createdTs, String issuedBy, Long issuedTs,
                     Long deadlineTs, String answeredBy, Long answeredTs, String answerText, String answerSha256, Long closedTs) {

    public static final String PROJECT = "project";
    public static final String ENTERPRISE = "enterprise";

    public Letter {
        siteIds = List.copyOf(siteIds);
    }

    /** Issued and not answered with its deadline passed at {@code now}. */
    public boolean overdueAt(long now) {
        return state == LetterState.ISSUED && deadlineTs != null && deadlineTs <= now;
    }

    Letter with(LetterState s, String issuedBy, Long issuedTs, Long deadlineTs, String answeredBy, Long answeredTs,
                String answerText, String answerSha256, Long closedTs) {
        return new Letter(id, scope, targetId, targetName, region, siteIds, s, template, title, titleEn, body, bodyEn, facts,
                deadlineDays, createdBy, createdTs, issuedBy, issuedTs, deadlineTs, answeredBy, answeredTs, answerText, answerSha256,
                closedTs);
    }
}

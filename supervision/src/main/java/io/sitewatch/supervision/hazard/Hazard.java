package io.sitewatch.supervision.hazard;

/**
 * One hazard of the ledger as stored. Times are epoch milliseconds: {@code reportedTs} is the
 * recorder's time for a recorder's report, else server time; {@code overdueTs} is when it was last
 * found past its deadline while open (null when not, or since it opened again).
 *
 * @param source     {@code recorder}, {@code alarm} or {@code regulator}
 * @param sourceRef  the recorder's {@code hazard_id}, or the id of the alarm that opened it
 * @param textEn     English of an alarm-born hazard's text (a person's text is kept as written)
 */
public record Hazard(String id, String siteId, String region, String level, String category, String clause, String text,
                     String textEn, String source, String sourceRef, String deviceId, String location, String photoSha256,
                     String reportedBy, HazardState state, long reportedTs, long deadlineTs, Long rectifiedTs, Long closedTs,
                     Long overdueTs) {

    public static final String MAJOR = "major";
    public static final String GENERAL = "general";
    public static final String RECORDER = "recorder";
    public static final String ALARM = "alarm";
    public static final String REGULATOR = "regulator";

    /** Open with its deadline passed at {@code now}: the count the 动态清零 board watches. */
    public boolean overdueAt(long now) {
        return state == HazardState.OPEN && deadlineTs <= now;
    }
}

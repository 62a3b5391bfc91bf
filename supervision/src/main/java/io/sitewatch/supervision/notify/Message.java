package io.sitewatch.supervision.notify;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One notification: an event told to one recipient through one channel, in the recipient's
 * language. {@code key} is its idempotency key, the same whenever the same event is planned for
 * the same recipient and channel. {@code subject} is the alarm or hazard JSON the event carried.
 * {@code id} and {@code attempts} are the outbox's (0 before it is stored).
 */
public record Message(long id, String key, String event, String subjectKind, String subjectId, String siteId,
                      String region, String channel, String recipient, String address, String lang, String title,
                      String body, String subject, int attempts) {

    public static final String ALARM_OPENED = "alarm_opened";
    public static final String ALARM_ESCALATION = "alarm_escalation";
    public static final String HAZARD_OPENED = "hazard_opened";
    public static final String HAZARD_OVERDUE = "hazard_overdue";
    /** A warning letter (警示函) issued to a project or enterprise of the region. */
    public static final String LETTER_ISSUED = "letter_issued";

    /**
     * The idempotency key of what {@code parts} name (event, subject, occasion, channel, recipient):
     * a name-based UUID, so it is plain ASCII for a header whatever the names are written in.
     */
    public static String keyOf(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package io.sitewatch.supervision.notify;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The triggers: an alarm's or a hazard's change, as published on the event bus, becomes a
 * {@link Job} (planned in memory) and then rows in one transaction: its messages in the outbox,
 * an escalation started or ended. Nothing is sent here, so a dead channel costs the trigger nothing.
 */
final class NotificationIntake {

    /** The alarm engine's address (alarms' {@code AlarmEngine.ADDRESS}): every transition of an alarm. */
    static final String ALARMS = "sitewatch.alarms";
    /** The hazard ledger's address: every transition of a hazard. */
    static final String HAZARDS = "sitewatch.hazards";
    /** The warning letters' address (letter's {@code LetterDesk.ADDRESS}): every committed step of a letter. */
    static final String LETTERS = "sitewatch.letters";

    /**
     * What one change makes happen: {@code messages} queued; the escalation of {@code alarm} started
     * (opened at {@code openedAt}) when {@code start}; the escalation of {@code endAlarmId} ended.
     */
    record Job(List<Message> messages, JsonObject alarm, boolean start, long openedAt, String endAlarmId) {

        boolean empty() {
            return messages.isEmpty() && !start && endAlarmId == null;
        }

        String event() {
            return messages.isEmpty() ? "none" : messages.get(0).event();
        }
    }

    private final DataSource ds;
    private final NotificationPlan plan;
    private final NotifyMetrics metrics;

    NotificationIntake(DataSource ds, NotificationPlan plan, NotifyMetrics metrics) {
        this.ds = ds;
        this.plan = plan;
        this.metrics = metrics;
    }

    /** What an alarm's change makes happen; {@code now} stands in for a change without its time. */
    Job alarmJob(JsonObject change, long now) {
        if (change == null || change.getString("id") == null || change.getString("transition") == null) {
            return new Job(List.of(), null, false, 0, null);
        }
        List<Message> messages = plan.alarmChange(change);
        boolean start = plan.startsEscalation(change);
        String end = NotificationPlan.endsEscalation(change) ? change.getString("id") : null;
        Long at = change.getLong("at");
        return new Job(messages, start ? change : null, start, at == null ? now : at, end);
    }

    Job hazardJob(JsonObject change) {
        return new Job(change == null ? List.of() : plan.hazardChange(change), null, false, 0, null);
    }

    Job letterJob(JsonObject change) {
        return new Job(change == null ? List.of() : plan.letterChange(change), null, false, 0, null);
    }

    /** Stores the job in one transaction (blocking); returns how many messages were new. */
    int apply(Job job, long now) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int added = Outbox.insert(c, job.messages(), now);
                if (job.start()) {
                    long due = job.openedAt() + plan.config().escalateAfterMinutes() * 60_000L;
                    Escalations.start(c, job.alarm().getString("id"), job.alarm().getString("siteId"),
                            job.alarm().getString("region"), job.alarm().encode(), job.openedAt(), due);
                }
                if (job.endAlarmId() != null) {
                    Escalations.end(c, job.endAlarmId());
                }
                c.commit();
                metrics.queued(job.event(), added);
                return added;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

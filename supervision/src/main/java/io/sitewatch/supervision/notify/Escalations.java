package io.sitewatch.supervision.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Open alarms waiting for an acknowledgement ({@code notification_escalation}): kept in the
 * database so a restart does not forget whom to tell next and when. Every call runs on the
 * caller's connection (its transaction).
 */
final class Escalations {

    /** An escalation due: the alarm as it opened, when, and the on-call person told last. */
    record Due(String alarmId, String region, String alarm, long openedAt, int step) {
    }

    private Escalations() {
    }

    /** Starts waiting for the alarm's acknowledgement (kept as it is if it waits already). */
    static void start(Connection c, String alarmId, String siteId, String region, String alarm, long openedAt, long due)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notification_escalation (alarm_id, site_id, region, alarm, opened_at, step, next_due_at)
                VALUES (?, ?, ?, ?::jsonb, ?, 0, ?) ON CONFLICT (alarm_id) DO NOTHING""")) {
            ps.setString(1, alarmId);
            ps.setString(2, siteId);
            ps.setString(3, region);
            ps.setString(4, alarm);
            ps.setTimestamp(5, new Timestamp(openedAt));
            ps.setTimestamp(6, new Timestamp(due));
            ps.executeUpdate();
        }
    }

    static void end(Connection c, String alarmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM notification_escalation WHERE alarm_id = ?")) {
            ps.setString(1, alarmId);
            ps.executeUpdate();
        }
    }

    /** Escalations due by {@code now}, locked for this transaction (another instance skips them). */
    static List<Due> due(Connection c, long now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT alarm_id, region, alarm::text, opened_at, step FROM notification_escalation
                WHERE next_due_at <= ? ORDER BY next_due_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setTimestamp(1, new Timestamp(now));
            ps.setInt(2, limit);
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).getTime(), rs.getInt(5)));
                }
            }
            return out;
        }
    }

    static void advance(Connection c, String alarmId, int step, long nextDue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notification_escalation SET step = ?, next_due_at = ? WHERE alarm_id = ?")) {
            ps.setInt(1, step);
            ps.setTimestamp(2, new Timestamp(nextDue));
            ps.setString(3, alarmId);
            ps.executeUpdate();
        }
    }

    /** How many alarms wait for an acknowledgement. */
    static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notification_escalation");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

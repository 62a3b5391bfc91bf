package io.sitewatch.supervision.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The notification queue ({@code notification_outbox}): triggers insert, dispatchers take due
 * messages under a lease and record each outcome. Blocking JDBC: call from a worker thread. Times
 * are the service's clock, passed in, never the database's {@code now()}.
 */
public final class Outbox {

    public static final String QUEUED = "queued";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    /** A row as the admin's list shows it. */
    public record Entry(long id, String key, String event, String subjectKind, String subjectId, String siteId,
                        String region, String channel, String recipient, String lang, String title, String state,
                        int attempts, Long nextAttemptTs, String lastError, long createdTs, Long sentTs) {
    }

    private final DataSource ds;

    public Outbox(DataSource ds) {
        this.ds = ds;
    }

    /** Inserts on {@code c} (the caller's transaction); a message whose key is queued already is left out. Returns how many were new. */
    static int insert(Connection c, List<Message> messages, long now) throws SQLException {
        if (messages.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notification_outbox (idempotency_key, event, subject_kind, subject_id, site_id, region, channel,
                    recipient, address, lang, title, body, subject, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""")) {
            Timestamp at = new Timestamp(now);
            for (Message m : messages) {
                int i = 1;
                ps.setString(i++, m.key());
                ps.setString(i++, m.event());
                ps.setString(i++, m.subjectKind());
                ps.setString(i++, m.subjectId());
                ps.setString(i++, m.siteId());
                ps.setString(i++, m.region());
                ps.setString(i++, m.channel());
                ps.setString(i++, m.recipient());
                ps.setString(i++, m.address());
                ps.setString(i++, m.lang());
                ps.setString(i++, m.title());
                ps.setString(i++, m.body());
                ps.setString(i++, m.subject());
                ps.setTimestamp(i++, at);
                ps.setTimestamp(i, at);
                ps.addBatch();
            }
            int added = 0;
            for (int n : ps.executeBatch()) {
                added += Math.max(0, n);
            }
            return added;
        }
    }

    /** Inserts in a transaction of its own. */
    public int enqueue(List<Message> messages, long now) {
        try (Connection c = ds.getConnection()) {
            return insert(c, messages, now);
        } catch (SQLException e) {
            throw new IllegalStateException("notification queue insert failed: " + e.getMessage(), e);
        }
    }

    /**
     * Takes up to {@code limit} queued messages due by {@code now} and not taken by another
     * dispatcher, taking them until {@code leaseUntil}; oldest due first.
     */
    public List<Message> take(long now, long leaseUntil, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE notification_outbox SET lease_until = ?
                WHERE id IN (SELECT id FROM notification_outbox
                             WHERE state = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                             ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, idempotency_key, event, subject_kind, subject_id, site_id, region, channel, recipient, address,
                          lang, title, body, subject::text, attempts, next_attempt_at""")) {
            ps.setTimestamp(1, new Timestamp(leaseUntil));
            ps.setTimestamp(2, new Timestamp(now));
            ps.setTimestamp(3, new Timestamp(now));
            ps.setInt(4, limit);
            List<Map.Entry<Long, Message>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.entry(rs.getTimestamp(16).getTime(), new Message(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                            rs.getInt(15))));
                }
            }
            out.sort(Comparator.<Map.Entry<Long, Message>>comparingLong(Map.Entry::getKey).thenComparingLong(e -> e.getValue().id()));
            return out.stream().map(Map.Entry::getValue).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("notification queue read failed: " + e.getMessage(), e);
        }
    }

    /** Sent: done. */
    public void sent(long id, long now) {
        update("UPDATE notification_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, lease_until = NULL,"
                + " last_error = NULL WHERE id = ?", ps -> {
            ps.setTimestamp(1, new Timestamp(now));
            ps.setLong(2, id);
        });
    }

    /** A failed attempt: tried again at {@code retryAt}, or kept as failed when {@code retryAt} is null. */
    public void failed(long id, String error, Long retryAt) {
        update("UPDATE notification_outbox SET attempts = attempts + 1, last_error = ?, lease_until = NULL,"
                + " state = CASE WHEN ?::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,"
                + " next_attempt_at = coalesce(?::timestamptz, next_attempt_at) WHERE id = ?", ps -> {
            ps.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
            if (retryAt == null) {
                ps.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setTimestamp(2, new Timestamp(retryAt));
                ps.setTimestamp(3, new Timestamp(retryAt));
            }
            ps.setLong(4, id);
        });
    }

    /** Not tried this round (its channel just failed): due again at {@code at}, the attempt not counted. */
    public void putBack(long id, long at) {
        update("UPDATE notification_outbox SET lease_until = NULL, next_attempt_at = greatest(next_attempt_at, ?) WHERE id = ?", ps -> {
            ps.setTimestamp(1, new Timestamp(at));
            ps.setLong(2, id);
        });
    }

    /** Messages by state ({@code null}: every state), newest first. */
    public List<Entry> list(String state, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, idempotency_key, event, subject_kind, subject_id, site_id, region, channel, recipient, lang, title,
                       state, attempts, next_attempt_at, last_error, created_at, sent_at
                FROM notification_outbox WHERE (?::text IS NULL OR state = ?) ORDER BY created_at DESC, id DESC LIMIT ?""")) {
            ps.setString(1, state);
            ps.setString(2, state);
            ps.setInt(3, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String st = rs.getString(12);
                    Timestamp sent = rs.getTimestamp(17);
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), st, rs.getInt(13), QUEUED.equals(st) ? rs.getTimestamp(14).getTime() : null,
                            rs.getString(15), rs.getTimestamp(16).getTime(), sent == null ? null : sent.getTime()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("notification queue read failed: " + e.getMessage(), e);
        }
    }

    /** How many messages are in each state. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>(Map.of(QUEUED, 0L, SENT, 0L, FAILED, 0L));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, count(*) FROM notification_outbox GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("notification queue read failed: " + e.getMessage(), e);
        }
    }

    /** How many messages wait to be sent (queued). */
    public long queued() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM notification_outbox WHERE state = 'queued'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("notification queue read failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("notification queue update failed: " + e.getMessage(), e);
        }
    }
}

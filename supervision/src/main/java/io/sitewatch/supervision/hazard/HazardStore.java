package io.sitewatch.supervision.hazard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import io.sitewatch.platform.db.Transactions;
import javax.sql.DataSource;

/**
 * The ledger's tables in PostgreSQL. Blocking: call from a worker. The writing methods take a
 * connection in a transaction the caller commits, so that a hazard and its history change together.
 */
public final class HazardStore {

    private static final String COLUMNS = "id, site_id, region, level, category, clause, text, text_en, source, source_ref, "
            + "device_id, location, photo_sha256, reported_by, state, reported_ts, deadline_ts, rectified_ts, closed_ts, overdue_ts";

    /**
     * Filters of the list; null means no filter. {@code regionScope} null = every region (a
     * regulator's regions otherwise); {@code siteScope} null = every site (a site's staff see theirs).
     */
    public record Query(List<String> regionScope, List<String> siteScope, String region, String siteId, String state,
                        String level, Boolean overdue, long now, int limit) {
    }

    /** An alarm that counts once it has stayed open until {@code dueAt} (server time). */
    public record Candidate(String alarmId, String siteId, String region, String deviceId, String rule, String clause,
                            String category, String text, String textEn, long raisedAt, long dueAt) {
    }

    /** A major hazard's span for the trend: reported, and closed (null while not). */
    public record Span(long reportedTs, Long closedTs) {
    }

    private final DataSource ds;

    public HazardStore(DataSource ds) {
        this.ds = ds;
    }

    public Connection begin() throws SQLException {
        return Transactions.begin(ds);
    }

    /** A new id SiteWatch assigns: HZ-000042 (a recorder may name it in hazard_rectified). */
    public String nextId(Connection c) throws SQLException {
        return Transactions.nextNumberedId(c, "HZ-", "hazard_no");
    }

    public void insert(Connection c, Hazard h, String originKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hazard (" + COLUMNS + ", origin_key) VALUES "
                + "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            ps.setString(i++, h.id());
            ps.setString(i++, h.siteId());
            ps.setString(i++, h.region());
            ps.setString(i++, h.level());
            ps.setString(i++, h.category());
            ps.setString(i++, h.clause());
            ps.setString(i++, h.text());
            ps.setString(i++, h.textEn());
            ps.setString(i++, h.source());
            ps.setString(i++, h.sourceRef());
            ps.setString(i++, h.deviceId());
            ps.setString(i++, h.location());
            ps.setString(i++, h.photoSha256());
            ps.setString(i++, h.reportedBy());
            ps.setString(i++, h.state().code());
            ps.setObject(i++, time(h.reportedTs()));
            ps.setObject(i++, time(h.deadlineTs()));
            ps.setObject(i++, time(h.rectifiedTs()));
            ps.setObject(i++, time(h.closedTs()));
            ps.setObject(i++, time(h.overdueTs()));
            ps.setString(i, originKey);
            ps.executeUpdate();
        }
    }

    /** Writes the hazard's state and times as they are now. */
    public void update(Connection c, Hazard h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hazard SET state = ?, rectified_ts = ?, closed_ts = ?, "
                + "overdue_ts = ? WHERE id = ?")) {
            ps.setString(1, h.state().code());
            ps.setObject(2, time(h.rectifiedTs()));
            ps.setObject(3, time(h.closedTs()));
            ps.setObject(4, time(h.overdueTs()));
            ps.setString(5, h.id());
            ps.executeUpdate();
        }
    }

    /**
     * Adds a transition to the hazard's history; false when one with the same {@code ref} (the
     * event or alarm that caused it) is there already: a repeat changes nothing.
     */
    public boolean event(Connection c, String hazardId, long at, HazardTransition transition, HazardState state, String by,
                         String comment, String text, String photoSha256, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hazard_event (hazard_id, at, transition, state, actor, "
                + "comment, text, photo_sha256, ref) VALUES (?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (hazard_id, transition, ref) WHERE ref IS NOT NULL DO NOTHING")) {
            ps.setString(1, hazardId);
            ps.setObject(2, time(at));
            ps.setString(3, transition.code());
            ps.setString(4, state.code());
            ps.setString(5, by);
            ps.setString(6, comment);
            ps.setString(7, text);
            ps.setString(8, photoSha256);
            ps.setString(9, ref);
            return ps.executeUpdate() == 1;
        }
    }

    /** The hazard of this origin on the site (an alarm-born one only while not closed), locked. */
    public Hazard byOrigin(Connection c, String siteId, String source, String originKey) throws SQLException {
        List<Hazard> found = select(c, "SELECT " + COLUMNS + " FROM hazard WHERE site_id = ? AND source = ? AND origin_key = ?"
                + " AND (source <> 'alarm' OR state <> 'closed') FOR UPDATE", List.of(siteId, source, originKey));
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The hazard a recorder's {@code hazard_rectified} names on its site: the recorder's own id of a
     * report, else an id SiteWatch assigned (a 1.0 report's, a regulator's); locked.
     */
    public Hazard byRecorderRef(Connection c, String siteId, String ref) throws SQLException {
        List<Hazard> found = select(c, "SELECT " + COLUMNS + " FROM hazard WHERE site_id = ? AND "
                + "((source = 'recorder' AND source_ref = ?) OR id = ?) ORDER BY (source = 'recorder' AND source_ref = ?) DESC "
                + "LIMIT 1 FOR UPDATE", List.of(siteId, ref, ref, ref));
        return found.isEmpty() ? null : found.get(0);
    }

    public Hazard lock(Connection c, String id) throws SQLException {
        List<Hazard> found = select(c, "SELECT " + COLUMNS + " FROM hazard WHERE id = ? FOR UPDATE", List.of(id));
        return found.isEmpty() ? null : found.get(0);
    }

    public Hazard get(String id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            List<Hazard> found = select(c, "SELECT " + COLUMNS + " FROM hazard WHERE id = ?", List.of(id));
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** An alarm joins the hazard as evidence; false when it had joined already. */
    public boolean attach(Connection c, String hazardId, String alarmId, String rule, String deviceId, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hazard_alarm (alarm_id, hazard_id, rule, device_id, "
                + "attached_at) VALUES (?,?,?,?,?) ON CONFLICT (alarm_id) DO NOTHING")) {
            ps.setString(1, alarmId);
            ps.setString(2, hazardId);
            ps.setString(3, rule);
            ps.setString(4, deviceId);
            ps.setObject(5, time(at));
            return ps.executeUpdate() == 1;
        }
    }

    /** The alarm cleared at {@code at} (server time): it no longer waits to count, and its evidence shows it cleared. */
    public void alarmCleared(String alarmId, long at) throws SQLException {
        try (Connection c = begin()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM hazard_candidate WHERE alarm_id = ?");
                 PreparedStatement upd = c.prepareStatement("UPDATE hazard_alarm SET cleared_at = ? WHERE alarm_id = ? AND cleared_at IS NULL")) {
                del.setString(1, alarmId);
                del.executeUpdate();
                upd.setObject(1, time(at));
                upd.setString(2, alarmId);
                upd.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public void addCandidate(Connection c, Candidate k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hazard_candidate (alarm_id, site_id, region, device_id, rule, "
                + "clause, category, text, text_en, raised_at, due_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (alarm_id) DO NOTHING")) {
            ps.setString(1, k.alarmId());
            ps.setString(2, k.siteId());
            ps.setString(3, k.region());
            ps.setString(4, k.deviceId());
            ps.setString(5, k.rule());
            ps.setString(6, k.clause());
            ps.setString(7, k.category());
            ps.setString(8, k.text());
            ps.setString(9, k.textEn());
            ps.setObject(10, time(k.raisedAt()));
            ps.setObject(11, time(k.dueAt()));
            ps.executeUpdate();
        }
    }

    /** Takes a due candidate out (false when another instance took it first). */
    public boolean takeCandidate(Connection c, String alarmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM hazard_candidate WHERE alarm_id = ?")) {
            ps.setString(1, alarmId);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Candidate> dueCandidates(long now) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT alarm_id, site_id, region, device_id, rule, clause, category, text, "
                     + "text_en, raised_at, due_at FROM hazard_candidate WHERE due_at <= ? ORDER BY due_at, alarm_id")) {
            ps.setObject(1, time(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), millis(rs, 10), millis(rs, 11)));
                }
            }
        }
        return out;
    }

    /** The open hazards whose deadline has passed and that have not been found overdue yet, locked. */
    public List<Hazard> newlyOverdue(Connection c, long now) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM hazard WHERE state = 'open' AND overdue_ts IS NULL AND deadline_ts <= ?"
                + " ORDER BY deadline_ts, id FOR UPDATE SKIP LOCKED", List.of(time(now)));
    }

    /** The earliest time something is due: a candidate, or the deadline of an open hazard not yet found overdue. */
    public long nextDue() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT least((SELECT min(due_at) FROM hazard_candidate), "
                     + "(SELECT min(deadline_ts) FROM hazard WHERE state = 'open' AND overdue_ts IS NULL))");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
            return t == null ? Long.MAX_VALUE : t.toInstant().toEpochMilli();
        }
    }

    public List<HazardEvent> history(String hazardId) throws SQLException {
        List<HazardEvent> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT at, transition, state, actor, comment, text, photo_sha256, ref "
                     + "FROM hazard_event WHERE hazard_id = ? ORDER BY id")) {
            ps.setString(1, hazardId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HazardEvent(millis(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    public List<AttachedAlarm> alarms(String hazardId) throws SQLException {
        List<AttachedAlarm> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT alarm_id, rule, device_id, attached_at, cleared_at FROM hazard_alarm "
                     + "WHERE hazard_id = ? ORDER BY attached_at, alarm_id")) {
            ps.setString(1, hazardId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime cleared = rs.getObject(5, OffsetDateTime.class);
                    out.add(new AttachedAlarm(rs.getString(1), rs.getString(2), rs.getString(3), millis(rs, 4),
                            cleared == null ? null : cleared.toInstant().toEpochMilli()));
                }
            }
        }
        return out;
    }

    public List<Hazard> list(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hazard WHERE true");
        List<Object> args = new ArrayList<>();
        scope(q.regionScope(), q.siteScope(), q.region(), sql, args);
        if (q.siteId() != null) {
            sql.append(" AND site_id = ?");
            args.add(q.siteId());
        }
        if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state());
        }
        if (q.level() != null) {
            sql.append(" AND level = ?");
            args.add(q.level());
        }
        if (q.overdue() != null) {
            sql.append(q.overdue() ? " AND (state = 'open' AND deadline_ts <= ?)" : " AND NOT (state = 'open' AND deadline_ts <= ?)");
            args.add(time(q.now()));
        }
        sql.append(" ORDER BY reported_ts DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (Connection c = ds.getConnection()) {
            return select(c, sql.toString(), args);
        }
    }

    /**
     * The hazards the board counts in a scope: every one not closed, and the majors closed since
     * {@code closedSince} (this month's).
     */
    public List<Hazard> board(List<String> regionScope, List<String> siteScope, String region, long closedSince) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hazard WHERE (state <> 'closed' OR "
                + "(level = 'major' AND closed_ts >= ?))");
        List<Object> args = new ArrayList<>();
        args.add(time(closedSince));
        scope(regionScope, siteScope, region, sql, args);
        sql.append(" ORDER BY region, site_id, reported_ts");
        try (Connection c = ds.getConnection()) {
            return select(c, sql.toString(), args);
        }
    }

    /** Major hazards in the scope that were not closed at some time in [from, to): their spans, for the trend. */
    public List<Span> majorSpans(List<String> regionScope, List<String> siteScope, String region, long from, long to)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT reported_ts, closed_ts FROM hazard WHERE level = 'major' AND reported_ts < ?"
                + " AND (closed_ts IS NULL OR closed_ts >= ?)");
        List<Object> args = new ArrayList<>(List.of(time(to), time(from)));
        scope(regionScope, siteScope, region, sql, args);
        List<Span> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime closed = rs.getObject(2, OffsetDateTime.class);
                    out.add(new Span(millis(rs, 1), closed == null ? null : closed.toInstant().toEpochMilli()));
                }
            }
        }
        return out;
    }

    /** The scope part of a WHERE clause, as the alarm list has it: regions nest like 行政区划 codes. */
    private static void scope(List<String> regionScope, List<String> siteScope, String region, StringBuilder sql, List<Object> args) {
        if (regionScope != null) {
            sql.append(" AND (false");
            for (String s : regionScope) {
                if (s.endsWith("0000")) {
                    sql.append(" OR left(region, 2) = ?");
                    args.add(s.substring(0, 2));
                } else if (s.endsWith("00")) {
                    sql.append(" OR left(region, 4) = ?");
                    args.add(s.substring(0, 4));
                } else {
                    sql.append(" OR region = ?");
                    args.add(s);
                }
            }
            sql.append(')');
        }
        if (siteScope != null) {
            sql.append(" AND site_id = ANY (?)");
            args.add(siteScope.toArray(new String[0]));
        }
        if (region != null) {
            sql.append(" AND region LIKE ?");
            args.add(region.endsWith("0000") ? region.substring(0, 2) + "%"
                    : region.endsWith("00") ? region.substring(0, 4) + "%" : region);
        }
    }

    private static List<Hazard> select(Connection c, String sql, List<?> args) throws SQLException {
        List<Hazard> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = 1;
                    out.add(new Hazard(rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                            rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                            rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                            HazardState.of(rs.getString(i++)), millis(rs, i++), millis(rs, i++), nullableMillis(rs, i++),
                            nullableMillis(rs, i++), nullableMillis(rs, i)));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String[] arr) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", arr));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private static long millis(ResultSet rs, int i) throws SQLException {
        return rs.getObject(i, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private static Long nullableMillis(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant().toEpochMilli();
    }

    static OffsetDateTime time(Long ms) {
        return ms == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}

package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.alarms.state.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Alarms and their transitions in PostgreSQL. Blocking: call from a worker. */
public final class AlarmStore {

    private static final String COLUMNS = "id, site_id, region, device_id, device_kind, rule, metric, level, state, value, "
            + "threshold, start_ts, end_ts, ack_by, ack_ts, ack_comment, detail";

    /**
     * Filters of the alarm list; null means no filter. {@code regionScope} null = all regions;
     * {@code siteScope} null = all sites (a site's staff see only theirs).
     */
    public record Query(List<String> regionScope, List<String> siteScope, String region, String siteId, String deviceId,
                        String state, Long since, int limit) {

        public Query(List<String> regionScope, String region, String siteId, String deviceId, String state, Long since,
                     int limit) {
            this(regionScope, null, region, siteId, deviceId, state, since, limit);
        }
    }

    /** One stored transition, for an alarm's history. */
    public record Event(long at, String transition, String level, String state, Double value, String actor, String comment,
                        String action, String photoSha256) {
    }

    private final DataSource ds;

    public AlarmStore(DataSource ds) {
        this.ds = ds;
    }

    /** Writes transitions in one transaction, in order. */
    public void apply(List<AlarmChange> changes) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO alarm (" + COLUMNS
                    + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, now())");
                 PreparedStatement update = c.prepareStatement("UPDATE alarm SET level = ?, state = ?, value = ?, threshold = ?, "
                         + "end_ts = ?, ack_by = ?, ack_ts = ?, ack_comment = ?, detail = ?, updated_at = now() WHERE id = ?");
                 PreparedStatement event = c.prepareStatement("INSERT INTO alarm_event (alarm_id, at, transition, level, state, "
                         + "value, actor, comment) VALUES (?,?,?,?,?,?,?,?)")) {
                // Inserts and updates go as batches of consecutive changes of one kind, in order: a
                // clear must reach the table before a new alarm of the same device and rule is
                // inserted (one open alarm per device, rule and metric). Events follow at the end.
                PreparedStatement run = null;
                for (AlarmChange ch : changes) {
                    Alarm a = ch.alarm();
                    PreparedStatement kind = ch.transition() == Transition.RAISED ? insert : update;
                    if (run != null && run != kind) {
                        run.executeBatch();
                    }
                    run = kind;
                    if (ch.transition() == Transition.RAISED) {
                        int i = 1;
                        insert.setString(i++, a.id());
                        insert.setString(i++, a.siteId());
                        insert.setString(i++, a.region());
                        insert.setString(i++, a.deviceId());
                        insert.setString(i++, a.kind());
                        insert.setString(i++, a.rule());
                        insert.setString(i++, a.metric());
                        insert.setString(i++, a.level().code());
                        insert.setString(i++, a.state().code());
                        setDouble(insert, i++, a.value());
                        setDouble(insert, i++, a.threshold());
                        insert.setObject(i++, time(a.startTs()));
                        insert.setObject(i++, a.endTs() == null ? null : time(a.endTs()));
                        insert.setString(i++, a.ackBy());
                        insert.setObject(i++, a.ackTs() == null ? null : time(a.ackTs()));
                        insert.setString(i++, a.ackComment());
                        insert.setString(i, a.detail());
                        insert.addBatch();
                    } else {
                        int i = 1;
                        update.setString(i++, a.level().code());
                        update.setString(i++, a.state().code());
                        setDouble(update, i++, a.value());
                        setDouble(update, i++, a.threshold());
                        update.setObject(i++, a.endTs() == null ? null : time(a.endTs()));
                        update.setString(i++, a.ackBy());
                        update.setObject(i++, a.ackTs() == null ? null : time(a.ackTs()));
                        update.setString(i++, a.ackComment());
                        update.setString(i++, a.detail());
                        update.setString(i, a.id());
                        update.addBatch();
                    }
                    int i = 1;
                    event.setString(i++, a.id());
                    event.setObject(i++, time(ch.at()));
                    event.setString(i++, ch.transition().code());
                    event.setString(i++, a.level().code());
                    event.setString(i++, a.state().code());
                    setDouble(event, i++, a.value());
                    event.setString(i++, ch.actor());
                    event.setString(i, ch.comment());
                    event.addBatch();
                }
                if (run != null) {
                    run.executeBatch();
                }
                event.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public List<Alarm> open() throws SQLException {
        return select("SELECT " + COLUMNS + " FROM alarm WHERE state <> 'cleared'", List.of());
    }

    public Alarm get(String id) throws SQLException {
        List<Alarm> a = select("SELECT " + COLUMNS + " FROM alarm WHERE id = ?", List.of(id));
        return a.isEmpty() ? null : a.get(0);
    }

    /** An overview of the alarms in a scope (the query's scopes and region): what the KPI cards show. */
    public record Summary(int openAlarms, int openWarnings, int raisedSince, Double medianAckSeconds) {
    }

    /**
     * Open alarms by level, alarms raised since {@code since} (e.g. the start of today), and the
     * median time from raise to acknowledgement of the alarms raised since {@code ackSince}.
     */
    public Summary summary(Query q, long since, long ackSince) throws SQLException {
        Sql stmt = summarySql(q, since, ackSince);
        try (Connection c = ds.getConnection(); PreparedStatement ps = stmt.prepare(c)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double median = rs.getDouble(4);
                return new Summary(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.wasNull() ? null : median);
            }
        }
    }

    /**
     * Only the rows the figures count are read: open alarms (the partial index of open alarms) and
     * those raised since the earlier of the two times (the index on start_ts), not the whole history.
     */
    static Sql summarySql(Query q, long since, long ackSince) {
        StringBuilder where = new StringBuilder(" WHERE (state <> 'cleared' OR start_ts >= ?)");
        List<Object> args = new ArrayList<>();
        args.add(time(since));
        args.add(time(ackSince));
        args.add(time(Math.min(since, ackSince)));
        scope(q, where, args);
        return new Sql("""
                SELECT count(*) FILTER (WHERE state <> 'cleared' AND level = 'alarm'),
                       count(*) FILTER (WHERE state <> 'cleared' AND level = 'warning'),
                       count(*) FILTER (WHERE start_ts >= ?),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ack_ts - start_ts))
                           FILTER (WHERE ack_ts IS NOT NULL AND start_ts >= ?)
                FROM alarm""" + where, args);
    }

    /** A statement and its parameters in order. */
    record Sql(String text, List<Object> args) {

        PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(text);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        }
    }

    /**
     * A site's open alarms as the overview counts them: alarms and warnings (offline alarms apart),
     * and how many of its devices have an open offline alarm.
     */
    public record SiteAlarms(int alarm, int warning, int offline) {

        public static final SiteAlarms NONE = new SiteAlarms(0, 0, 0);
    }

    /** Open alarms per site in the query's scopes and region, by site id; sites without any are left out. */
    public Map<String, SiteAlarms> openBySite(Query q) throws SQLException {
        Map<String, SiteAlarms> out = new HashMap<>();
        Sql stmt = openBySiteSql(q);
        try (Connection c = ds.getConnection(); PreparedStatement ps = stmt.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new SiteAlarms(rs.getInt(2), rs.getInt(3), rs.getInt(4)));
            }
        }
        return out;
    }

    /**
     * Reads the partial index of open alarms only; regions are matched as code ranges (a city
     * 350100 is 350100–350199) so that the index's region column bounds the scan.
     */
    static Sql openBySiteSql(Query q) {
        StringBuilder sql = new StringBuilder("""
                SELECT site_id,
                       count(*) FILTER (WHERE rule <> 'device.offline' AND level = 'alarm'),
                       count(*) FILTER (WHERE rule <> 'device.offline' AND level = 'warning'),
                       count(DISTINCT device_id) FILTER (WHERE rule = 'device.offline')
                FROM alarm WHERE state <> 'cleared'""");
        List<Object> args = new ArrayList<>();
        if (q.regionScope() != null) {
            sql.append(" AND (false");
            for (String scope : q.regionScope()) {
                sql.append(" OR region BETWEEN ? AND ?");
                args.add(regionLow(scope));
                args.add(regionHigh(scope));
            }
            sql.append(')');
        }
        if (q.siteScope() != null) {
            sql.append(" AND site_id = ANY (?)");
            args.add(q.siteScope().toArray(new String[0]));
        }
        if (q.region() != null) {
            sql.append(" AND region BETWEEN ? AND ?");
            args.add(regionLow(q.region()));
            args.add(regionHigh(q.region()));
        }
        sql.append(" GROUP BY site_id");
        return new Sql(sql.toString(), args);
    }

    /** The first code a region covers: itself. */
    static String regionLow(String region) {
        return region;
    }

    /** The last code a region covers: 359999 for the province 350000, 350199 for the city 350100, a district itself. */
    static String regionHigh(String region) {
        if (region.length() == 6 && region.endsWith("0000")) {
            return region.substring(0, 2) + "9999";
        }
        if (region.length() == 6 && region.endsWith("00")) {
            return region.substring(0, 4) + "99";
        }
        return region;
    }

    /** Alarms raised per local day and level since {@code since}: {date: {alarm: n, warning: n}}, oldest first. */
    public java.util.SortedMap<String, Map<String, Integer>> perDay(Query q, long since, String zone) throws SQLException {
        java.util.SortedMap<String, Map<String, Integer>> out = new java.util.TreeMap<>();
        Sql stmt = perDaySql(q, since, zone);
        try (Connection c = ds.getConnection(); PreparedStatement ps = stmt.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), d -> new java.util.TreeMap<>()).put(rs.getString(2), rs.getInt(3));
            }
        }
        return out;
    }

    static Sql perDaySql(Query q, long since, String zone) {
        StringBuilder where = new StringBuilder(" WHERE start_ts >= ?");
        List<Object> args = new ArrayList<>();
        args.add(zone);
        args.add(time(since));
        scope(q, where, args);
        return new Sql("SELECT to_char(start_ts AT TIME ZONE ?, 'YYYY-MM-DD'), level, count(*) FROM alarm" + where + " GROUP BY 1, 2",
                args);
    }

    /** The scope and filter part of a query's WHERE clause (region and site scopes, region, site, device). */
    private static void scope(Query q, StringBuilder sql, List<Object> args) {
        if (q.regionScope() != null) {
            sql.append(" AND (false");
            for (String scope : q.regionScope()) {
                if (scope.endsWith("0000")) {
                    sql.append(" OR left(region, 2) = ?");
                    args.add(scope.substring(0, 2));
                } else if (scope.endsWith("00")) {
                    sql.append(" OR left(region, 4) = ?");
                    args.add(scope.substring(0, 4));
                } else {
                    sql.append(" OR region = ?");
                    args.add(scope);
                }
            }
            sql.append(')');
        }
        if (q.siteScope() != null) {
            sql.append(" AND site_id = ANY (?)");
            args.add(q.siteScope().toArray(new String[0]));
        }
        if (q.region() != null) {
            sql.append(" AND region LIKE ?");
            args.add(regionPattern(q.region()));
        }
        if (q.siteId() != null) {
            sql.append(" AND site_id = ?");
            args.add(q.siteId());
        }
        if (q.deviceId() != null) {
            sql.append(" AND device_id = ?");
            args.add(q.deviceId());
        }
    }

    public List<Alarm> list(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alarm WHERE true");
        List<Object> args = new ArrayList<>();
        scope(q, sql, args);
        if ("open".equals(q.state())) {
            sql.append(" AND state <> 'cleared'");
        } else if ("closed".equals(q.state())) {
            sql.append(" AND state = 'cleared'");
        }
        if (q.since() != null) {
            sql.append(" AND (start_ts >= ? OR end_ts >= ? OR state <> 'cleared')");
            args.add(time(q.since()));
            args.add(time(q.since()));
        }
        sql.append(" ORDER BY start_ts DESC, id LIMIT ?");
        args.add(q.limit());
        return select(sql.toString(), args);
    }

    /** A region filter: a district code matches itself, a city code (..00) its districts, a province (..0000) all. */
    static String regionPattern(String region) {
        if (region.length() == 6 && region.endsWith("0000")) {
            return region.substring(0, 2) + "%";
        }
        if (region.length() == 6 && region.endsWith("00")) {
            return region.substring(0, 4) + "%";
        }
        return region;
    }

    public List<Event> history(String alarmId) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT at, transition, level, state, value, actor, comment, action, photo_sha256 FROM alarm_event "
                        + "WHERE alarm_id = ? ORDER BY id")) {
            ps.setString(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(5);
                    out.add(new Event(millis(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.wasNull() ? null : v, rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    /**
     * Records the site's handling of an alarm in its history, at the alarm's current level and
     * state (a disposal changes neither).
     */
    public void dispose(Alarm alarm, long at, String actor, String action, String comment, String photoSha256) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alarm_event (alarm_id, at, transition, level, state, actor, comment, action, photo_sha256)
                VALUES (?, ?, 'disposed', ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, alarm.id());
            ps.setObject(2, time(at));
            ps.setString(3, alarm.level().code());
            ps.setString(4, alarm.state().code());
            ps.setString(5, actor);
            ps.setString(6, comment);
            ps.setString(7, action);
            ps.setString(8, photoSha256);
            ps.executeUpdate();
        }
    }

    public Map<String, Long> lastSeen() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT device_id, last_seen FROM device_seen");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), millis(rs, 2));
            }
        }
        return out;
    }

    public void saveLastSeen(Map<String, Long> seen) throws SQLException {
        if (seen.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_seen (device_id, last_seen) VALUES (?, ?) ON CONFLICT (device_id) "
                        + "DO UPDATE SET last_seen = GREATEST(device_seen.last_seen, EXCLUDED.last_seen)")) {
            for (Map.Entry<String, Long> e : seen.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setObject(2, time(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private List<Alarm> select(String sql, List<Object> args) throws SQLException {
        List<Alarm> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static Alarm read(ResultSet rs) throws SQLException {
        double value = rs.getDouble(10);
        boolean valueNull = rs.wasNull();
        double threshold = rs.getDouble(11);
        boolean thresholdNull = rs.wasNull();
        OffsetDateTime end = rs.getObject(13, OffsetDateTime.class);
        OffsetDateTime ack = rs.getObject(15, OffsetDateTime.class);
        return new Alarm(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), Level.fromCode(rs.getString(8)), AlarmState.fromCode(rs.getString(9)),
                valueNull ? Double.NaN : value, thresholdNull ? Double.NaN : threshold, millis(rs, 12),
                end == null ? null : end.toInstant().toEpochMilli(), rs.getString(14),
                ack == null ? null : ack.toInstant().toEpochMilli(), rs.getString(16), rs.getString(17));
    }

    private static long millis(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    static OffsetDateTime time(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}

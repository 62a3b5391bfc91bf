package io.sitewatch.rating.testsupport;

import io.sitewatch.alarms.AlarmsSchema;
import io.sitewatch.alarms.query.JdbcAlarmQueries;
import io.sitewatch.ingest.query.JdbcDeviceEvents;
import io.sitewatch.ingest.query.JdbcTelemetryRollups;
import io.sitewatch.ingest.store.IngestSchema;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.store.PortRatingData;
import io.sitewatch.rating.store.RatingSchema;
import io.sitewatch.registry.JdbcRegistryQueries;
import io.sitewatch.registry.RegistrySchema;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh migrated database and the few inserts rating tests construct their data with. */
public final class RatingDb {

    public final DataSource ds;
    public final StorageMode mode;

    public RatingDb() throws SQLException {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(TestPostgres.newDatabase());
        pg.setUser(TestPostgres.user());
        this.ds = pg;
        // The tables of every module the rating reads through its ports, as the service migrates them.
        IngestSchema.Layout layout = IngestSchema.choose(ds, "off");
        SchemaMigrator.migrate(ds, List.of(RegistrySchema.SCHEMA, layout.schema(), AlarmsSchema.SCHEMA, RatingSchema.SCHEMA));
        this.mode = layout.mode();
    }

    /** The rating's data over this database, wired as the service wires it: the owning modules' port implementations. */
    public RatingData data() {
        return new PortRatingData(ds, new JdbcRegistryQueries(ds), new JdbcTelemetryRollups(ds), new JdbcDeviceEvents(ds),
                new JdbcAlarmQueries(ds));
    }

    public void exec(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                ps.setObject(i + 1, a instanceof Instant t ? Timestamp.from(t) : a);
            }
            ps.execute();
        }
    }

    public void site(String id, long costCny, String start, String end) throws SQLException {
        site(id, "building", costCny, start, end);
    }

    /** A site of this kind (building, municipal), working 07:00–19:00 every day until {@link #workingHours} says otherwise. */
    public void site(String id, String kind, long costCny, String start, String end) throws SQLException {
        exec("INSERT INTO site (site_id, name, region, kind, cost_cny, start_date, end_date) VALUES (?, ?, '350102', ?, ?, ?::date, ?::date)",
                id, "site " + id, kind, costCny, start, end);
    }

    /** The site's working hours: minutes of the day and ISO weekdays. */
    public void workingHours(String site, int fromMinute, int toMinute, Integer... isoDays) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE site SET work_from_min = ?, work_to_min = ?, work_days = ? WHERE site_id = ?")) {
            ps.setInt(1, fromMinute);
            ps.setInt(2, toMinute);
            ps.setArray(3, c.createArrayOf("smallint", isoDays));
            ps.setString(4, site);
            ps.executeUpdate();
        }
    }

    /** A date marked on the site's calendar; {@code extraFrom..extraTo}: minutes of work permitted beyond the hours, or null. */
    public void mark(String site, String day, boolean working, String reason, String source, Integer extraFrom, Integer extraTo)
            throws SQLException {
        exec("""
                INSERT INTO site_calendar_mark (site_id, day, working, reason, extra_from_min, extra_to_min, extra_permit, source, marked_by)
                VALUES (?, ?::date, ?, ?, ?::smallint, ?::smallint, ?, ?, 'test')""",
                site, day, working, reason, extraFrom, extraTo, extraFrom == null ? null : "permit " + day, source);
    }

    public void device(String id, String site, String kind, int periodS) throws SQLException {
        exec("INSERT INTO device (device_id, site_id, kind, name, period_s) VALUES (?, ?, ?, ?, ?)", id, site, kind, id, periodS);
    }

    /** A device with its service: install and remove dates (or null) and schedule (null: its kind's default). */
    public void device(String id, String site, String kind, int periodS, String install, String remove, String schedule)
            throws SQLException {
        exec("""
                INSERT INTO device (device_id, site_id, kind, name, period_s, install_date, remove_date, schedule)
                VALUES (?, ?, ?, ?, ?, ?::date, ?::date, ?)""", id, site, kind, id, periodS, install, remove, schedule);
    }

    /** Minute rollup rows for [from, to) with {@code perMinute} samples each, and the hourly rows built from them. */
    public void minutes(String device, String metric, Instant from, Instant to, int perMinute) throws SQLException {
        minutesOnly(device, metric, from, to, perMinute, 1);
        rebuildHours();
    }

    /**
     * Minute rollup rows for [from, to), one every {@code everyMinutes} minutes with {@code perMinute}
     * samples each; no hourly rows (call {@link #rebuildHours} once after many of these).
     */
    public void minutesOnly(String device, String metric, Instant from, Instant to, int perMinute, int everyMinutes) throws SQLException {
        exec("""
                INSERT INTO telemetry_1m (device_id, metric, bucket, min, max, sum, count)
                SELECT ?, ?, b, 1, 1, ?, ? FROM generate_series(?::timestamptz, ?::timestamptz - interval '1 minute', ? * interval '1 minute') b""",
                device, metric, (double) perMinute, (long) perMinute, from, to, everyMinutes);
    }

    public void rebuildHours() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE telemetry_1h");
            st.execute("""
                    INSERT INTO telemetry_1h (device_id, metric, bucket, min, max, sum, count)
                    SELECT device_id, metric, date_bin('1 hour', bucket, TIMESTAMPTZ 'epoch'), min(min), max(max), sum(sum), sum(count)
                    FROM telemetry_1m GROUP BY 1, 2, 3""");
        }
    }

    public void event(String device, String site, Instant ts, String type, String json) throws SQLException {
        exec("INSERT INTO device_event (device_id, ts, type, site_id, data, known_type, received_at) VALUES (?, ?, ?, ?, ?::jsonb, true, ?)",
                device, ts, type, site, json, ts);
    }

    public void alarm(String id, String site, String device, Instant start, Instant ack) throws SQLException {
        exec("""
                INSERT INTO alarm (id, site_id, region, device_id, device_kind, rule, level, state, start_ts, end_ts, ack_ts, ack_by)
                VALUES (?, ?, '350102', ?, 'tower_crane', 'tower_crane.moment', 'alarm', 'cleared', ?, ?, ?, ?)""",
                id, site, device, start, start.plusSeconds(3600), ack, ack == null ? null : "reg");
    }

    public void cert(String certNo, String kind, String from, String to) throws SQLException {
        exec("INSERT INTO operator_cert (cert_no, name, kind, valid_from, valid_to) VALUES (?, 'op', ?, ?::date, ?::date)",
                certNo, kind, from, to);
    }
}

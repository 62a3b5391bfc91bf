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
        exec("INSERT INTO site (site_id, name, region, kind, cost_cny, start_date, end_date) VALUES (?, ?, '350102', 'building', ?, ?::date, ?::date)",
                id, "site " + id, costCny, start, end);
    }

    public void device(String id, String site, String kind, int periodS) throws SQLException {
        exec("INSERT INTO device (device_id, site_id, kind, name, period_s) VALUES (?, ?, ?, ?, ?)", id, site, kind, id, periodS);
    }

    /** Minute rollup rows for [from, to) with {@code perMinute} samples each, and the hourly rows built from them. */
    public void minutes(String device, String metric, Instant from, Instant to, int perMinute) throws SQLException {
        exec("""
                INSERT INTO telemetry_1m (device_id, metric, bucket, min, max, sum, count)
                SELECT ?, ?, b, 1, 1, ?, ? FROM generate_series(?::timestamptz, ?::timestamptz - interval '1 minute', interval '1 minute') b""",
                device, metric, (double) perMinute, (long) perMinute, from, to);
        rebuildHours();
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

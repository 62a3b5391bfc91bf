package io.sitewatch.ingest.query;

import io.sitewatch.ingest.testsupport.TestSchema;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database with the ingest tables (plain layout) and the few inserts the query tests build rows with. */
final class QueryDb {

    final DataSource ds;

    QueryDb() throws SQLException {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(TestPostgres.newDatabase());
        pg.setUser(TestPostgres.user());
        this.ds = pg;
        TestSchema.migrate(ds, "off");
    }

    void exec(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                ps.setObject(i + 1, a instanceof Instant t ? Timestamp.from(t) : a);
            }
            ps.execute();
        }
    }

    /** Minute rollup rows for [from, to) with {@code perMinute} samples each. */
    void minutes(String device, String metric, Instant from, Instant to, int perMinute) throws SQLException {
        exec("""
                INSERT INTO telemetry_1m (device_id, metric, bucket, min, max, sum, count)
                SELECT ?, ?, b, 1, 1, ?, ? FROM generate_series(?::timestamptz, ?::timestamptz - interval '1 minute', interval '1 minute') b""",
                device, metric, (double) perMinute, (long) perMinute, from, to);
    }

    /** The hourly rollup rebuilt from the minute rollup, as the service's rollup keeps it. */
    void rebuildHours() throws SQLException {
        exec("TRUNCATE telemetry_1h");
        exec("""
                INSERT INTO telemetry_1h (device_id, metric, bucket, min, max, sum, count)
                SELECT device_id, metric, date_bin('1 hour', bucket, TIMESTAMPTZ 'epoch'), min(min), max(max), sum(sum), sum(count)
                FROM telemetry_1m GROUP BY 1, 2, 3""");
        // and the hours per device and UTC day the hour rollup keeps beside it (V15)
        exec("TRUNCATE device_day_hours");
        exec("""
                INSERT INTO device_day_hours (device_id, day, hours)
                SELECT device_id, (bucket AT TIME ZONE 'UTC')::date, bit_or(1 << extract(hour FROM bucket AT TIME ZONE 'UTC')::int)
                FROM telemetry_1h WHERE count > 0 GROUP BY 1, 2""");
    }

    void event(String device, String site, Instant ts, String type, String json) throws SQLException {
        exec("INSERT INTO device_event (device_id, ts, type, site_id, data, known_type, received_at) VALUES (?, ?, ?, ?, ?::jsonb, true, ?)",
                device, ts, type, site, json, ts);
    }
}

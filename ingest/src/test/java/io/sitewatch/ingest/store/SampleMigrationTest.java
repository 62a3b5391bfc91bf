package io.sitewatch.ingest.store;

import io.sitewatch.ingest.testsupport.TestSchema;

import io.sitewatch.ingest.store.StorageMode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A plain-layout database written before V11 (one row per metric value) keeps every value when it
 * is migrated to one row per sample, and readers see the same rows through the {@code telemetry} view.
 */
class SampleMigrationTest {

    @Test
    void valuesStoredOneRowPerMetricSurviveTheMoveToOneRowPerSample() throws Exception {
        PGSimpleDataSource ds = migrateKeepingEveryValue("3", 6,
                "CREATE TABLE telemetry_d20250601 PARTITION OF telemetry FOR VALUES FROM ('2025-06-01 00:00:00+00') TO ('2025-06-02 00:00:00+00')",
                "CREATE TABLE telemetry_d20250602 PARTITION OF telemetry FOR VALUES FROM ('2025-06-02 00:00:00+00') TO ('2025-06-03 00:00:00+00')",
                """
                INSERT INTO telemetry (device_id, metric, ts, value) VALUES
                ('TC1', 'load_t', '2025-06-01 10:00:00+00', 1.5), ('TC1', 'moment_pct', '2025-06-01 10:00:00+00', 40),
                ('TC1', 'wind_ms', '2025-06-01 10:00:00+00', 7.25), ('TC1', 'load_t', '2025-06-01 10:00:30+00', 2),
                ('TC2', 'moment_pct', '2025-06-02 23:59:59.999+00', 91.5), ('TC2', 'x_extra', '2025-06-02 23:59:59.999+00', -3)""");
        String url = ds.getUrl();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), null); Statement st = c.createStatement()) {
            assertEquals(3, single(st, "SELECT count(*) FROM telemetry_sample"));
            assertEquals(2, single(st, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'telemetry_sample'::regclass"));
            assertEquals(1, single(st, "SELECT count(*) FROM telemetry_sample_d20250602"));
            assertEquals(3, single(st, """
                    SELECT cardinality(s.vals) FROM telemetry_sample s JOIN device_key k ON k.no = s.device_no
                    WHERE k.device_id = 'TC1' AND s.ts = '2025-06-01 10:00:00+00'"""));
        }
        assertEquals(StorageMode.POSTGRES_PARTITIONED, IngestSchema.existingLayout(ds));
    }

    /**
     * Samples stored by a V11-era service (device id as text, metric numbers in whatever order the
     * service held them) move to device numbers and metric sets with every value kept: samples
     * that listed the same metrics in different orders share one set.
     */
    @Test
    void samplesStoredWithMetricArraysSurviveTheMoveToMetricSets() throws Exception {
        PGSimpleDataSource ds = migrateKeepingEveryValue("12", 8,
                "CREATE TABLE telemetry_sample_d20250601 PARTITION OF telemetry_sample FOR VALUES FROM ('2025-06-01 00:00:00+00') TO ('2025-06-02 00:00:00+00')",
                "INSERT INTO metric (id, name) VALUES (1, 'load_t'), (2, 'moment_pct'), (3, 'wind_ms')",
                """
                INSERT INTO telemetry_sample (device_id, ts, metric_ids, vals) VALUES
                ('TC1', '2025-06-01 10:00:00+00', '{3,1,2}', '{7.25,1.5,40}'),
                ('TC1', '2025-06-01 10:00:01+00', '{1,2,3}', '{2,41,7.5}'),
                ('TC2', '2025-06-01 10:00:00+00', '{2,1}', '{91.5,3}')""");
        String url = ds.getUrl();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), null); Statement st = c.createStatement()) {
            assertEquals(3, single(st, "SELECT count(*) FROM telemetry_sample_d20250601"));
            assertEquals(2, single(st, "SELECT count(*) FROM metric_set"));
            assertEquals(2, single(st, "SELECT count(*) FROM device_key"));
            assertEquals(1, single(st, "SELECT count(*) FROM metric_set WHERE metric_ids = '{1,2,3}'"));
        }
    }

    /**
     * A new database at {@code version}, filled by {@code setup}, then migrated to the newest
     * schema: the view {@code telemetry} shows {@code values} values, the same ones before and after.
     */
    private static PGSimpleDataSource migrateKeepingEveryValue(String version, int values, String... setup) throws Exception {
        PGSimpleDataSource ds = migratedTo(version);
        try (Connection c = DriverManager.getConnection(ds.getUrl(), TestPostgres.user(), null); Statement st = c.createStatement()) {
            for (String sql : setup) {
                st.execute(sql);
            }
        }
        List<String> before = dump(ds.getUrl());
        assertEquals(values, before.size());
        assertEquals(StorageMode.POSTGRES_PARTITIONED, TestSchema.migrate(ds, "auto"));
        assertEquals(before, dump(ds.getUrl()), "every value, unchanged, through the view telemetry");
        return ds;
    }

    /** A new database with the ingest module's plain-layout migrations applied up to {@code version}. */
    private static PGSimpleDataSource migratedTo(String version) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        Flyway.configure().dataSource(ds).locations("classpath:db/ingest/common", "classpath:db/ingest/plain")
                .table("schema_history_ingest")
                .placeholderReplacement(false).target(version).load().migrate();
        return ds;
    }

    private static List<String> dump(String url) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT device_id, metric, ts, value FROM telemetry ORDER BY 1, 2, 3")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getObject(3, java.time.OffsetDateTime.class).toInstant()
                        + "|" + rs.getDouble(4));
            }
        }
        return out;
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

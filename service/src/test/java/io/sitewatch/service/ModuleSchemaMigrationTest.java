package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Databases built before the modules had their own migrations (one Flyway sequence, one
 * {@code flyway_schema_history}) move to per-module histories with every row kept, and end with
 * the same schema as a database created by the module migrations from scratch. The old sequence
 * is frozen in test resources ({@code legacy-migration/}, the scripts as they were at 41fa60b);
 * the plain layout is the one these machines run.
 */
class ModuleSchemaMigrationTest {

    /** The history tables and the day partition the test itself made are not part of the schema compared. */
    private static final String NOT_SCHEMA = "(schema_history|flyway_schema_history|_d20261201)";

    @Test
    void aDatabaseAtTheOldSchemaKeepsEveryRowAndEndsAsANewOne() throws Exception {
        PGSimpleDataSource old = database();
        Flyway.configure().dataSource(old).locations("classpath:legacy-migration/common", "classpath:legacy-migration/plain")
                .placeholderReplacement(false).load().migrate();
        fill(old);
        Map<String, List<String>> oldColumns = columns(old);
        Map<String, List<String>> before = rows(old, oldColumns);
        assertTrue(before.size() >= 20, "the old schema's tables: " + before.keySet());
        before.forEach((table, r) -> assertTrue(!r.isEmpty() || table.endsWith("_v11"), table + " holds rows before the move"));

        assertEquals(StorageMode.POSTGRES_PARTITIONED, Schemas.migrate(old, "auto"));

        assertEquals(before, rows(old, oldColumns), "every row of every table, unchanged (in the columns it had)");
        // Tables added since (the registry's V5: calendar marks, key personnel) start empty, and a site
        // from before has no location and the default working hours.
        rows(old, columns(old)).forEach((table, r) -> assertTrue(before.containsKey(table) || r.isEmpty() || table.equals("device_day_hours"),
                table + " is new and empty"));
        // ingest V15 derives device_day_hours from the hour rollup it finds: TC-1's 10:00 UTC hour of 12-01.
        assertEquals(List.of("TC-1 2026-12-01 1024"), list(old, "SELECT device_id || ' ' || day || ' ' || hours FROM device_day_hours"));
        assertEquals("420 1140 {1,2,3,4,5,6,7} true", list(old, "SELECT work_from_min || ' ' || work_to_min || ' ' || work_days::text"
                + " || ' ' || (location_lat IS NULL) FROM site").get(0));
        PGSimpleDataSource fresh = database();
        Schemas.migrate(fresh, "auto");
        assertEquals(schema(fresh), schema(old), "the moved database has the schema of a new one");
        for (String module : List.of("registry", "ingest", "alarms", "rating")) {
            assertTrue(SchemaMigrator.tableExists(old, "schema_history_" + module), module + " has its own history");
        }
        assertEquals(List.of("registry:4:adopted from flyway_schema_history", "ingest:13:adopted from flyway_schema_history",
                        "alarms:4:adopted from flyway_schema_history", "rating:10:adopted from flyway_schema_history"),
                baselines(old), "each module's history starts where the old sequence left it");

        // A second start changes nothing, and the old history stays as the record of what ran before.
        Schemas.migrate(old, "auto");
        assertEquals(before, rows(old, oldColumns));
        assertEquals(8L, single(old, "SELECT count(*) FROM flyway_schema_history WHERE success"));
    }

    @Test
    void aNewDatabaseGetsOneHistoryPerModuleAndNoOldOne() throws Exception {
        PGSimpleDataSource fresh = database();
        Schemas.migrate(fresh, "auto");
        assertTrue(!SchemaMigrator.tableExists(fresh, SchemaMigrator.LEGACY_HISTORY));
        assertEquals(3L, single(fresh, "SELECT count(*) FROM schema_history_registry WHERE success AND version <> '0'"));
        assertEquals(1L, single(fresh, "SELECT count(*) FROM schema_history_rating WHERE success AND version = '10'"));
    }

    private static PGSimpleDataSource database() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        return ds;
    }

    /** A row in every table of the old schema, as a service of that time wrote them. */
    private static void fill(PGSimpleDataSource ds) throws SQLException {
        exec(ds, """
                INSERT INTO site (site_id, name, region, enterprise_code, enterprise_name, kind, cost_cny, start_date, end_date, params)
                VALUES ('FZ-1', '鼓楼某项目', '350102', '91350100X', '某建设集团', 'building', 180000000.00, '2026-01-01', '2027-06-30',
                        '{"rules": {"tower_crane.moment": {"warning": 85}}}');
                INSERT INTO device (device_id, site_id, kind, name, period_s, params) VALUES
                    ('TC-1', 'FZ-1', 'tower_crane', '1#塔吊', 10, '{}'), ('REC-1', 'FZ-1', 'recorder', '执法记录仪', 60, '{}');
                INSERT INTO operator_cert (cert_no, name, kind, valid_from, valid_to) VALUES ('闽A042026000001', '张三', 'tower_crane_driver', '2024-01-01', '2028-01-01');
                CREATE TABLE telemetry_sample_d20261201 PARTITION OF telemetry_sample
                    FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2026-12-02 00:00:00+00');
                INSERT INTO telemetry_sample (ts, device_no, metric_set, vals) VALUES
                    ('2026-12-01 10:00:00+00', device_no('TC-1'), metric_set_id(ARRAY[metric_id('load_t'), metric_id('moment_pct')]), '{2.4,78.5}'),
                    ('2026-12-01 10:00:10+00', device_no('TC-1'), metric_set_id(ARRAY[metric_id('load_t'), metric_id('moment_pct')]), '{2.5,79}');
                INSERT INTO telemetry_1m (device_id, metric, bucket, min, max, sum, count) VALUES ('TC-1', 'moment_pct', '2026-12-01 10:00:00+00', 78.5, 79, 157.5, 2);
                INSERT INTO telemetry_1h (device_id, metric, bucket, min, max, sum, count) VALUES ('TC-1', 'moment_pct', '2026-12-01 10:00:00+00', 78.5, 79, 157.5, 2);
                INSERT INTO rollup_pending (bucket, added_at) VALUES ('2026-12-01 10:01:00+00', '2026-12-01 10:01:05+00');
                INSERT INTO device_event (device_id, ts, type, site_id, data, known_type, received_at) VALUES
                    ('REC-1', '2026-12-01 08:00:00+00', 'clock_in', 'FZ-1', '{"person": "李四", "role": "safety_officer"}', true, '2026-12-01 08:00:01+00');
                INSERT INTO device_status (device_id, ts, online, device_clock, received_at) VALUES ('TC-1', '2026-12-01 07:00:00+00', true, true, '2026-12-01 07:00:01+00');
                INSERT INTO dead_letter (received_at, topic, reason, detail, payload, payload_bytes) VALUES
                    ('2026-12-01 10:00:02+00', 'sitewatch/v1/FZ-1/TC-1/telemetry', 'bad_json', 'unexpected end', '\\x7b', 1);
                INSERT INTO alarm (id, site_id, region, device_id, device_kind, rule, metric, level, state, value, threshold, start_ts, ack_by, ack_ts, detail, updated_at)
                    VALUES ('A-1', 'FZ-1', '350102', 'TC-1', 'tower_crane', 'tower_crane.moment', 'moment_pct', 'warning', 'acknowledged',
                            91, 90, '2026-12-01 10:05:00+00', 'reg-350102', '2026-12-01 10:06:00+00', 'moment_pct 91 ≥ 90', '2026-12-01 10:06:00+00');
                INSERT INTO alarm_event (alarm_id, at, transition, level, state, value, actor, comment) VALUES
                    ('A-1', '2026-12-01 10:05:00+00', 'raised', 'warning', 'active', 91, 'system', NULL),
                    ('A-1', '2026-12-01 10:06:00+00', 'acknowledged', 'warning', 'acknowledged', 91, 'reg-350102', '已电话通知');
                INSERT INTO device_seen (device_id, last_seen) VALUES ('TC-1', '2026-12-01 10:00:10+00');
                INSERT INTO rating_catalogue (version, label, yaml, created_by, created_at) VALUES (1, 'default', 'version: 1', 'system', '2026-11-01 00:00:00+00');
                INSERT INTO manual_evidence (site_id, key, value, comment, updated_by, updated_at) VALUES ('FZ-1', 'bim', 1, '已上传模型', 'rater', '2026-11-20 00:00:00+00');
                INSERT INTO manual_evidence_audit (site_id, key, old_value, new_value, comment, actor, at) VALUES ('FZ-1', 'bim', NULL, 1, '已上传模型', 'rater', '2026-11-20 00:00:00+00');
                INSERT INTO rating_submission (site_id, target_star, window_from, window_to, state, catalogue_version, evidence_snapshot, result, submitted_by, submitted_at)
                    VALUES ('FZ-1', 2, '2026-09-01 00:00:00+00', '2026-12-01 00:00:00+00', 'submitted', 1, '{}', '{"stars": 2}', 'site-admin', '2026-12-01 09:00:00+00');
                INSERT INTO rating_history (submission_id, site_id, state, stars, actor, at) SELECT id, 'FZ-1', 'submitted', 2, 'site-admin', '2026-12-01 09:00:00+00' FROM rating_submission;
                """);
    }

    /** The columns of every table (partitions hold the samples), history tables aside, in their order. */
    private static Map<String, List<String>> columns(PGSimpleDataSource ds) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String table : list(ds, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname !~ 'schema_history'")) {
            out.put(table, list(ds, "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = '" + table
                    + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"));
        }
        return out;
    }

    /** Every row of these tables, as the values of these columns. */
    private static Map<String, List<String>> rows(PGSimpleDataSource ds, Map<String, List<String>> columns) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> t : columns.entrySet()) {
            out.put(t.getKey(), list(ds, "SELECT ROW(" + String.join(", ", t.getValue()) + ")::text FROM " + t.getKey() + " ORDER BY 1"));
        }
        return out;
    }

    /** Columns, constraints, indexes, views, functions and triggers, as the catalogue shows them. */
    private static List<String> schema(PGSimpleDataSource ds) throws SQLException {
        List<String> out = new ArrayList<>();
        out.addAll(list(ds, "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable"
                + " || ' default=' || coalesce(column_default, '-') || ' collate=' || coalesce(collation_name, '-')"
                + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name !~ '" + NOT_SCHEMA + "'"));
        out.addAll(list(ds, "SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text !~ '" + NOT_SCHEMA + "'"));
        out.addAll(list(ds, "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename !~ '" + NOT_SCHEMA + "'"));
        out.addAll(list(ds, "SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = current_schema()"));
        out.addAll(list(ds, "SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p WHERE pronamespace = current_schema()::regnamespace"));
        out.addAll(list(ds, "SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"));
        out.sort(null);
        assertTrue(out.size() > 50, "the catalogue was read: " + out.size());
        return out;
    }

    private static List<String> baselines(PGSimpleDataSource ds) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String module : List.of("registry", "ingest", "alarms", "rating")) {
            out.addAll(list(ds, "SELECT '" + module + ":' || version || ':' || description FROM schema_history_" + module
                    + " WHERE type = 'BASELINE'"));
        }
        return out;
    }

    private static List<String> list(PGSimpleDataSource ds, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long single(PGSimpleDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(PGSimpleDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

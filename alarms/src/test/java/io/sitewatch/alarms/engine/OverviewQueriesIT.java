package io.sitewatch.alarms.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.alarms.testsupport.TestSchema;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The overview's alarm queries at the scale of a province: 10,000 sites in Fujian's 84 districts
 * with a year of alarms (150,000, of which 1,700 open), analysed as PostgreSQL would after
 * autovacuum. The counts per site are right, and no plan reads the whole alarm table: open alarms
 * come off their partial index, today's and the month's off the start-time index.
 */
class OverviewQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_790_000_000_000L;
    private static final long DAY = 86_400_000L;
    private static PGSimpleDataSource ds;
    private static AlarmStore store;

    @BeforeAll
    static void data() throws Exception {
        ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        TestSchema.migrate(ds);
        store = new AlarmStore(ds);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            // 84 districts of 9 cities (350102 … 350985 is enough for the code ranges), 119 sites each,
            // one crane and one dust monitor per site; an alarm every 2.4 days per site over 360 days.
            st.execute("""
                    CREATE TEMP TABLE district AS
                    SELECT n, (350100 + (n / 10) * 100 + 2 + n % 10)::text AS code FROM generate_series(0, 83) n""");
            st.execute("""
                    INSERT INTO alarm (id, site_id, region, device_id, device_kind, rule, level, state, start_ts, end_ts, ack_ts, ack_by)
                    SELECT 'A' || i,
                           'S' || (i % 10000),
                           (SELECT code FROM district WHERE n = (i % 10000) % 84),
                           'S' || (i % 10000) || CASE WHEN i % 3 = 0 THEN '-ENV' ELSE '-TC' END,
                           CASE WHEN i % 3 = 0 THEN 'env' ELSE 'tower_crane' END,
                           CASE WHEN i % 7 = 0 THEN 'device.offline' WHEN i % 3 = 0 THEN 'env.pm10_hourly' ELSE 'tower_crane.moment' END,
                           CASE WHEN i % 2 = 0 THEN 'alarm' ELSE 'warning' END,
                           CASE WHEN i >= 148300 THEN 'active' ELSE 'cleared' END,
                           to_timestamp((%d - (150000 - i)::bigint * 207360)::double precision / 1000),
                           CASE WHEN i >= 148300 THEN NULL ELSE to_timestamp((%d - (150000 - i)::bigint * 207360 + 600000)::double precision / 1000) END,
                           CASE WHEN i % 4 = 0 THEN to_timestamp((%d - (150000 - i)::bigint * 207360 + 120000)::double precision / 1000) END,
                           CASE WHEN i % 4 = 0 THEN 'reg' END
                    FROM generate_series(0, 149999) i""".replace("%d", String.valueOf(NOW)));
            st.execute("ANALYZE alarm");
        }
    }

    @Test
    void openAlarmsPerSiteAreCountedRightAndReadOffTheIndexOfOpenAlarms() throws Exception {
        Map<String, AlarmStore.SiteAlarms> all = store.openBySite(query(null, null));
        assertEquals(1700, all.values().stream().mapToInt(a -> a.alarm() + a.warning()).sum()
                + (int) count("SELECT count(*) FROM alarm WHERE state <> 'cleared' AND rule = 'device.offline'"));
        assertEquals(count("SELECT count(DISTINCT site_id) FROM alarm WHERE state <> 'cleared'"), all.size());
        // A city regulator: Fuzhou's codes only.
        Map<String, AlarmStore.SiteAlarms> fuzhou = store.openBySite(query(List.of("350100"), null));
        assertEquals(count("SELECT count(DISTINCT site_id) FROM alarm WHERE state <> 'cleared' AND region LIKE '3501%'"),
                fuzhou.size());
        assertTrue(fuzhou.size() > 0 && fuzhou.size() < all.size());
        AlarmStore.SiteAlarms one = all.get("S9999");
        assertEquals(count("SELECT count(*) FROM alarm WHERE state <> 'cleared' AND site_id = 'S9999' AND level = 'alarm'"
                + " AND rule <> 'device.offline'"), one == null ? 0 : one.alarm());

        for (AlarmStore.Sql sql : List.of(
                AlarmStore.openBySiteSql(query(null, null)),
                AlarmStore.openBySiteSql(query(List.of("350000"), null)),
                AlarmStore.openBySiteSql(query(List.of("350100", "350205"), "350102")),
                AlarmStore.openBySiteSql(new AlarmStore.Query(null, List.of("S1", "S2"), null, null, null, "open", null, 1)))) {
            assertIndexDriven(sql);
        }
    }

    @Test
    void theKpiFiguresReadOnlyOpenAndRecentAlarms() throws Exception {
        long today = NOW - NOW % DAY;
        for (AlarmStore.Sql sql : List.of(
                AlarmStore.summarySql(query(null, null), today, NOW - 30 * DAY),
                AlarmStore.summarySql(query(List.of("350100"), null), today, NOW - 30 * DAY),
                AlarmStore.perDaySql(query(null, null), NOW - 29 * DAY, "Asia/Shanghai"),
                AlarmStore.perDaySql(query(List.of("350100"), "350102"), NOW - 29 * DAY, "Asia/Shanghai"))) {
            assertIndexDriven(sql);
        }
        AlarmStore.Summary s = store.summary(query(null, null), today, NOW - 30 * DAY);
        assertEquals(count("SELECT count(*) FROM alarm WHERE state <> 'cleared' AND level = 'alarm'"), s.openAlarms());
        assertEquals(count("SELECT count(*) FROM alarm WHERE start_ts >= to_timestamp(" + today / 1000 + ")"), s.raisedSince());
        assertEquals(120.0, s.medianAckSeconds(), 0.001);
    }

    private static AlarmStore.Query query(List<String> regions, String region) {
        return new AlarmStore.Query(regions, null, region, null, null, "open", null, 1);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** EXPLAIN with the statement's own parameters: no sequential scan of the alarm table anywhere in the plan. */
    private static void assertIndexDriven(AlarmStore.Sql sql) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = new AlarmStore.Sql("EXPLAIN (FORMAT JSON) " + sql.text(), sql.args()).prepare(c);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            JsonNode plan = JSON.readTree(rs.getString(1)).get(0).get("Plan");
            List<String> nodes = new ArrayList<>();
            walk(plan, nodes);
            System.out.println("[overview-plan] " + String.join(" > ", nodes) + "\n    for " + sql.text().replaceAll("\\s+", " "));
            assertFalse(nodes.contains("Seq Scan on alarm"), "a sequential scan of alarm in " + nodes + " for " + sql.text());
            assertTrue(nodes.stream().anyMatch(n -> n.startsWith("Index") || n.startsWith("Bitmap Index Scan alarm")),
                    "the alarm table is read through an index: " + nodes);
        }
    }

    private static void walk(JsonNode node, List<String> out) {
        String type = node.get("Node Type").asText();
        out.add(node.has("Relation Name") ? type + " on " + node.get("Relation Name").asText()
                : node.has("Index Name") ? type + " " + node.get("Index Name").asText() : type);
        for (JsonNode child : node.path("Plans")) {
            walk(child, out);
        }
    }
}

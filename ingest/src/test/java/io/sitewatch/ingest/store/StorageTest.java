package io.sitewatch.ingest.store;

import io.sitewatch.ingest.testsupport.TestSchema;

import io.sitewatch.core.model.Received;

import io.sitewatch.platform.db.Database;
import io.sitewatch.ingest.store.StorageMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.model.DeadLetter;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.registry.Device;
import io.sitewatch.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-PostgreSQL layout against a real server: dedupe, partitions, rollups, retention. */
class StorageTest {

    private static final Device CRANE = new Device("TC1", "S1", "tower_crane", "1#", 10, JsonNodeFactory.instance.objectNode());
    private static Database db;
    private static StorageLayout layout;

    @BeforeAll
    static void migrate() throws Exception {
        db = new Database(new SiteWatchConfig.Database(TestPostgres.newDatabase(), TestPostgres.user(), null, "auto",
                30, 2, 4, 3600, 15, 90));
        StorageMode mode = TestSchema.migrate(db.pool(), "auto");
        assertEquals(StorageMode.POSTGRES_PARTITIONED, mode, "TimescaleDB is not installed on these machines");
        layout = StorageLayout.of(mode, 30, 2);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Received telemetry(long ts, double moment) {
        return new Received(new IngestRecord.Telemetry(CRANE,
                List.of(new Sample(ts, null, Map.of("moment_pct", moment, "load_t", moment / 10))), 0), ts);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.pool().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void storesEachSampleOnceAcrossRedeliveryAndCreatesDayPartitionsOnDemand() throws Exception {
        long day1 = LocalDate.of(2025, 6, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 3_600_000L;
        long day2 = day1 + 86_400_000L;
        List<Received> records = List.of(telemetry(day1, 50), telemetry(day2, 60),
                new Received(new IngestRecord.Event(CRANE, day1, "operator_login", "{\"cert_no\":\"X\"}", true), day1),
                new Received(new IngestRecord.Status(CRANE, null, false), day1));
        DeadLetter dl = new DeadLetter(day1, "sitewatch/v1/S1/TC1/telemetry", RejectReason.BAD_JSON, "eof",
                "{\"ts\":".getBytes(StandardCharsets.UTF_8));
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            BatchResult first = writer.write(new StoreBatch(records, List.of(dl)));
            assertEquals(4, first.valuesStaged());
            assertEquals(4, first.valuesInserted());
            assertEquals(1, first.eventsInserted());
            BatchResult again = writer.write(new StoreBatch(records, List.of()));
            assertEquals(0, again.valuesInserted());
            assertEquals(4, again.duplicateValues());
            assertEquals(1, again.duplicateEvents());
        }
        assertEquals(4, count("SELECT count(*) FROM telemetry WHERE device_id = 'TC1' AND ts < '2025-07-01'"));
        assertEquals(1, count("SELECT count(*) FROM device_event"));
        assertEquals(1, count("SELECT count(*) FROM device_status"));
        assertEquals(1, count("SELECT count(*) FROM dead_letter WHERE reason = 'bad_json'"));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'telemetry_sample_d20250601'"));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'telemetry_sample_d20250602'"));
    }

    @Test
    void aBatchOfSeveralCopyStatementsIsStoredWholeAndOnceWhenOnlyItsLastRowIsRedelivered() throws Exception {
        long start = LocalDate.of(2025, 4, 2).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        int n = 1103;
        List<Received> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(telemetry(start + i * 1000L, i % 97));
        }
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            assertEquals(2L * (n - 1), writer.write(new StoreBatch(records.subList(0, n - 1), List.of())).valuesInserted());
            // Every row but the last is new: the duplicate sits in the last statement of the batch.
            BatchResult again = writer.write(new StoreBatch(records, List.of()));
            assertEquals(2, again.valuesInserted());
            assertEquals(2L * (n - 1), again.duplicateValues());
        }
        assertEquals(2L * n, count("SELECT count(*) FROM telemetry WHERE device_id = 'TC1' AND ts >= '2025-04-02' AND ts < '2025-04-03'"));
        assertEquals(n, count("SELECT count(DISTINCT ts) FROM telemetry WHERE device_id = 'TC1' AND ts >= '2025-04-02' AND ts < '2025-04-03'"));
        assertEquals((long) Math.round(records.stream().mapToDouble(r -> ((IngestRecord.Telemetry) r.record()).samples().get(0)
                        .values().get("moment_pct")).sum()),
                count("SELECT round(sum(value))::bigint FROM telemetry WHERE device_id = 'TC1' AND metric = 'moment_pct' "
                        + "AND ts >= '2025-04-02' AND ts < '2025-04-03'"));
    }

    @Test
    void rollupsMatchTheRawRows() throws Exception {
        long hour = LocalDate.of(2025, 5, 10).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 8 * 3_600_000L;
        List<Received> records = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            records.add(telemetry(hour + i * 20_000L, i % 60));
        }
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            writer.write(new StoreBatch(records, List.of()));
        }
        try (Connection c = db.pool().getConnection()) {
            while (layout.rollup(c) > 0) {
                // until nothing is pending
            }
        }
        assertEquals(0, count("SELECT count(*) FROM rollup_pending WHERE bucket < '2025-06-01'"));
        // 180 samples every 20 s = 60 minutes, 3 per minute.
        assertEquals(60, count("SELECT count(*) FROM telemetry_1m WHERE metric = 'moment_pct' AND bucket >= '2025-05-10' AND bucket < '2025-05-11'"));
        assertEquals(3, count("SELECT max(count) FROM telemetry_1m WHERE metric = 'moment_pct' AND bucket >= '2025-05-10' AND bucket < '2025-05-11'"));
        assertEquals(180, count("SELECT count FROM telemetry_1h WHERE metric = 'moment_pct' AND bucket = '2025-05-10 08:00:00+00'"));
        assertEquals(59, count("SELECT max FROM telemetry_1h WHERE metric = 'moment_pct' AND bucket = '2025-05-10 08:00:00+00'"));
        double rawSum = count("SELECT sum(value)::bigint FROM telemetry WHERE metric = 'moment_pct' AND ts >= '2025-05-10 08:00+00' AND ts < '2025-05-10 09:00+00'");
        assertEquals(rawSum, count("SELECT sum::bigint FROM telemetry_1h WHERE metric = 'moment_pct' AND bucket = '2025-05-10 08:00:00+00'"));

        // A late sample for a closed minute re-opens it and the rollup follows.
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            writer.write(new StoreBatch(List.of(telemetry(hour + 5_000L, 200)), List.of()));
        }
        try (Connection c = db.pool().getConnection()) {
            assertEquals(0, layout.rollup(c, java.time.Duration.ofSeconds(60)), "the minute got a sample just now: not settled");
            assertEquals(59, count("SELECT max FROM telemetry_1h WHERE metric = 'moment_pct' AND bucket = '2025-05-10 08:00:00+00'"));
            while (layout.rollup(c) > 0) {
                // until nothing is pending
            }
        }
        assertEquals(200, count("SELECT max FROM telemetry_1h WHERE metric = 'moment_pct' AND bucket = '2025-05-10 08:00:00+00'"));
        assertEquals(181, count("SELECT count FROM telemetry_1h WHERE metric = 'moment_pct' AND bucket = '2025-05-10 08:00:00+00'"));
    }

    /**
     * The minute rollup aggregates samples by array position; devices whose metric set changes
     * from sample to sample (a sensor drops out, a firmware adds a metric) must come out the
     * same as aggregating every stored value on its own.
     */
    @Test
    void minuteRollupsEqualTheAggregateOfEveryValueWhenMetricSetsVary() throws Exception {
        long start = LocalDate.of(2025, 4, 3).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 3_600_000L;
        java.util.Random random = new java.util.Random(7);
        List<String> metrics = List.of("moment_pct", "load_t", "wind_ms", "slew_deg", "x_fw_metric");
        List<Received> records = new ArrayList<>();
        for (String id : List.of("TC1", "TC2", "TC3")) {
            Device crane = new Device(id, "S1", "tower_crane", id, 10, JsonNodeFactory.instance.objectNode());
            for (int i = 0; i < 200; i++) {
                Map<String, Double> values = new java.util.LinkedHashMap<>();
                for (String m : metrics) {
                    if (random.nextInt(4) > 0) {
                        values.put(m, Math.round(random.nextGaussian() * 1000) / 10.0);
                    }
                }
                if (values.isEmpty()) {
                    values.put("load_t", 1.0);
                }
                long ts = start + i * 1_700L + random.nextInt(1000);
                records.add(new Received(new IngestRecord.Telemetry(crane, List.of(new Sample(ts, null, values)), 0), ts));
            }
        }
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            writer.write(new StoreBatch(records, List.of()));
        }
        try (Connection c = db.pool().getConnection()) {
            while (layout.rollup(c) > 0) {
                // until nothing is pending
            }
        }
        String expected = """
                SELECT device_id, metric, date_bin('1 minute', ts, TIMESTAMPTZ 'epoch') AS bucket,
                       min(value), max(value), round(sum(value)::numeric, 6), count(*)
                FROM telemetry WHERE ts >= '2025-04-03' AND ts < '2025-04-04' GROUP BY 1, 2, 3""";
        String rolled = """
                SELECT device_id, metric, bucket, min, max, round(sum::numeric, 6), count
                FROM telemetry_1m WHERE bucket >= '2025-04-03' AND bucket < '2025-04-04'""";
        long minutes = count("SELECT count(*) FROM (" + expected + ") e");
        assertTrue(minutes > 3 * 5 * 5, "several minutes of five metrics for three devices: " + minutes);
        assertEquals(minutes, count("SELECT count(*) FROM (" + rolled + ") r"));
        assertEquals(0, count("SELECT count(*) FROM (" + expected + " EXCEPT " + rolled + ") d"));
        assertEquals(0, count("SELECT count(*) FROM (" + rolled + " EXCEPT " + expected + ") d"));
        assertEquals(count("SELECT count(*) FROM telemetry WHERE metric = 'load_t' AND ts >= '2025-04-03' AND ts < '2025-04-04'"),
                count("SELECT sum(count) FROM telemetry_1h WHERE metric = 'load_t' AND bucket >= '2025-04-03' AND bucket < '2025-04-04'"),
                "the hour rollup counts every load_t value");
    }

    /** Each batch marks its minutes; a busy minute collects hundreds of marks and is still rolled up once. */
    @Test
    void aMinuteMarkedByManyBatchesIsRolledUpInOneRound() throws Exception {
        long minute = LocalDate.of(2025, 3, 9).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 7_200_000L;
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            for (int i = 0; i < 800; i++) {
                writer.write(new StoreBatch(List.of(telemetry(minute + i * 70L, i % 100)), List.of()));
            }
        }
        assertEquals(800, count("SELECT count(*) FROM rollup_pending WHERE bucket = '2025-03-09 02:00:00+00'"));
        try (Connection c = db.pool().getConnection()) {
            assertTrue(layout.rollup(c) >= 1, "a round rolled up the minute");
        }
        assertEquals(0, count("SELECT count(*) FROM rollup_pending WHERE bucket = '2025-03-09 02:00:00+00'"));
        assertEquals(800, count("SELECT count FROM telemetry_1m WHERE metric = 'moment_pct' AND bucket = '2025-03-09 02:00:00+00'"));
    }

    /**
     * Days of late data (a history uploaded, a backlog after an outage) are caught up in rounds
     * that double while each finds more due minutes than it may take (60, 120, … up to a day),
     * not an hour at a time; the rollups come out equal to the raw rows, for minutes rolled up for
     * the first time (a plain insert) and for minutes that already had rollups (the upsert).
     */
    @Test
    void aBacklogOfDaysIsCaughtUpInGrowingRoundsAndMatchesTheRawRows() throws Exception {
        long start = LocalDate.of(2025, 1, 14).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        Device hoist = new Device("HS1", "S1", "hoist", "1#", 60, JsonNodeFactory.instance.objectNode());
        StorageLayout fresh = StorageLayout.of(StorageMode.POSTGRES_PARTITIONED, 30, 2);
        try (BatchWriter writer = new BatchWriter(db, fresh, "test-writer")) {
            // Half an hour of day 2 arrives first and is rolled up ...
            List<Received> early = new ArrayList<>();
            for (int m = 0; m < 30; m++) {
                early.add(telemetry(start + 86_400_000L + 12 * 3_600_000L + m * 60_000L + 5_000L, 10));
            }
            writer.write(new StoreBatch(early, List.of()));
            try (Connection c = db.pool().getConnection()) {
                while (fresh.rollup(c) > 0) {
                    // until nothing is pending
                }
            }
            // ... then three days of two devices, one sample a minute each (that half hour again too).
            List<Received> records = new ArrayList<>();
            for (int m = 0; m < 3 * 1440; m++) {
                long ts = start + m * 60_000L + 20_000L;
                records.add(telemetry(ts, m % 80));
                records.add(new Received(new IngestRecord.Telemetry(hoist,
                        List.of(new Sample(ts, null, Map.of("load_pct", (double) (m % 70), "people", 3.0))), 0), ts));
            }
            for (int from = 0; from < records.size(); from += 1000) {
                writer.write(new StoreBatch(records.subList(from, Math.min(records.size(), from + 1000)), List.of()));
            }
        }
        List<Integer> rounds = new ArrayList<>();
        try (Connection c = db.pool().getConnection()) {
            int n;
            while ((n = fresh.rollup(c)) > 0) {
                rounds.add(n);
            }
        }
        assertEquals(List.of(60, 120, 240, 480, 960, 1440), rounds.subList(0, 6), "rounds double: " + rounds);
        assertEquals(3 * 1440, rounds.stream().mapToInt(Integer::intValue).sum());
        assertTrue(rounds.size() <= 8, "three days in a handful of rounds, not 72: " + rounds);

        String expected = """
                SELECT device_id, metric, date_bin('1 minute', ts, TIMESTAMPTZ 'epoch') AS bucket,
                       min(value), max(value), round(sum(value)::numeric, 6), count(*)
                FROM telemetry WHERE ts >= '2025-01-14' AND ts < '2025-01-17' GROUP BY 1, 2, 3""";
        String rolled = """
                SELECT device_id, metric, bucket, min, max, round(sum::numeric, 6), count
                FROM telemetry_1m WHERE bucket >= '2025-01-14' AND bucket < '2025-01-17'""";
        assertEquals(3 * 1440 * 4, count("SELECT count(*) FROM (" + rolled + ") r"), "two metrics of two devices a minute");
        assertEquals(0, count("SELECT count(*) FROM (" + expected + " EXCEPT " + rolled + ") d"));
        assertEquals(0, count("SELECT count(*) FROM (" + rolled + " EXCEPT " + expected + ") d"));
        assertEquals(2, count("SELECT count FROM telemetry_1m WHERE device_id = 'TC1' AND metric = 'moment_pct' "
                + "AND bucket = '2025-01-15 12:10:00+00'"), "the minute rolled up before counts its late sample too");
        assertEquals(3 * 1440, count("SELECT sum(count) FROM telemetry_1h WHERE device_id = 'HS1' AND metric = 'people' "
                + "AND bucket >= '2025-01-14' AND bucket < '2025-01-17'"));
        assertEquals(count("SELECT round(sum(value))::bigint FROM telemetry WHERE metric = 'moment_pct' "
                        + "AND ts >= '2025-01-14' AND ts < '2025-01-17'"),
                count("SELECT round(sum(sum))::bigint FROM telemetry_1h WHERE metric = 'moment_pct' "
                        + "AND bucket >= '2025-01-14' AND bucket < '2025-01-17'"));
    }

    /**
     * The rollup reads a minute through the BRIN index on ts, which only helps once its block
     * ranges are summarized; PostgreSQL does that at VACUUM, which may never come (autovacuum off).
     */
    @Test
    void aRollupRoundSummarizesTheFilledBrinRangesOfItsPartition() throws Exception {
        long start = LocalDate.of(2025, 2, 11).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 3_600_000L;
        List<Received> records = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            records.add(telemetry(start + i * 10L, i % 90));
        }
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            for (int from = 0; from < records.size(); from += 1000) {
                writer.write(new StoreBatch(records.subList(from, from + 1000), List.of()));
            }
        }
        String newRanges = """
                SELECT coalesce(sum(brin_summarize_new_values(i.indexrelid)), 0)
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
                WHERE am.amname = 'brin' AND i.indrelid = 'telemetry_sample_d20250211'::regclass""";
        try (Connection c = db.pool().getConnection()) {
            while (layout.rollup(c) > 0) {
                // until nothing is pending
            }
        }
        // 30,000 rows fill several 128-page ranges; the rollup summarized every full one.
        assertTrue(count("SELECT pg_relation_size('telemetry_sample_d20250211') / 8192") > 2 * 128, "more than two ranges");
        assertEquals(0, count(newRanges), "no filled range left unsummarized");
        assertEquals(30_000, count("SELECT sum(count) FROM telemetry_1m WHERE metric = 'moment_pct' "
                + "AND bucket >= '2025-02-11' AND bucket < '2025-02-12'"));
        assertEquals(count("SELECT round(sum(value))::bigint FROM telemetry WHERE metric = 'moment_pct' "
                        + "AND ts >= '2025-02-11' AND ts < '2025-02-12'"),
                count("SELECT round(sum(sum))::bigint FROM telemetry_1h WHERE metric = 'moment_pct' "
                        + "AND bucket >= '2025-02-11' AND bucket < '2025-02-12'"));
    }

    @Test
    void maintenanceCreatesPartitionsAheadAndDropsExpiredOnes() throws Exception {
        long old = LocalDate.now(ZoneOffset.UTC).minusDays(40).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            writer.write(new StoreBatch(List.of(telemetry(old + 1000, 10)), List.of()));
        }
        String oldName = PartitionedLayout.partitionName(LocalDate.now(ZoneOffset.UTC).minusDays(40));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = '" + oldName + "'"));
        try (Connection c = db.pool().getConnection()) {
            layout.maintain(c);
        }
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = '" + oldName + "'"), "30-day retention drops it");
        String ahead = PartitionedLayout.partitionName(LocalDate.now(ZoneOffset.UTC).plusDays(2));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = '" + ahead + "'"));
        assertFalse(count("SELECT count(*) FROM telemetry WHERE ts < now() - interval '35 days'") > 0);
        assertTrue(count("SELECT count(*) FROM pg_class WHERE relname LIKE 'telemetry_sample_d%'") >= 4);
    }
}

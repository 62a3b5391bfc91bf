package io.sitewatch.ingest.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.registry.Device;
import io.sitewatch.ingest.store.BatchWriter;
import io.sitewatch.ingest.store.StorageLayout;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.ingest.store.StoreBatch;
import io.sitewatch.ingest.testsupport.TestSchema;
import io.sitewatch.platform.db.Database;
import io.sitewatch.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stored samples replayed for the alarm engine, written by the ingest's own writer into a real PostgreSQL. */
class JdbcTelemetryHistoryIT {

    static final Device TC1 = new Device("TC1", "S1", "tower_crane", "1#", 10, JsonNodeFactory.instance.objectNode());
    static final Device TC2 = new Device("TC2", "S1", "tower_crane", "2#", 1, JsonNodeFactory.instance.objectNode());
    /** More than one cursor fetch. */
    static final int MANY = JdbcTelemetryHistory.FETCH_SIZE + 2_000;
    static final long NOW = System.currentTimeMillis();
    static Database db;
    static JdbcTelemetryHistory history;

    record Got(String deviceId, String metric, long ts, double value) {
    }

    @BeforeAll
    static void data() throws Exception {
        db = new Database(new SiteWatchConfig.Database(TestPostgres.newDatabase(), TestPostgres.user(), null, "off",
                30, 2, 4, 3600, 15, 90));
        StorageMode mode = TestSchema.migrate(db.pool(), "off");
        List<Received> records = new ArrayList<>();
        records.add(telemetry(TC1, NOW - 7_200_000L, 1));      // two hours ago
        records.add(telemetry(TC1, NOW - 1_800_000L, 2));
        records.add(telemetry(TC1, NOW - 60_000L, 3));
        records.add(telemetry(TC1, NOW + 120_000L, 4));         // a device clock a little ahead
        records.add(telemetry(TC1, NOW + 600_000L, 5));         // too far ahead
        for (int i = 0; i < MANY; i++) {
            records.add(telemetry(TC2, NOW - 3_300_000L + 250L * i, i % 100));
        }
        try (BatchWriter writer = new BatchWriter(db, StorageLayout.of(mode, 30, 2), "test-writer")) {
            writer.write(new StoreBatch(records, List.of()));
        }
        history = new JdbcTelemetryHistory(db.pool());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static Received telemetry(Device d, long ts, double moment) {
        return new Received(new IngestRecord.Telemetry(d, List.of(new Sample(ts, null, Map.of("moment_pct", moment, "load_t", moment / 10))), 0), ts);
    }

    static List<Got> replay(List<String> metrics, Duration lookback) {
        List<Got> out = new ArrayList<>();
        history.samplesSince(metrics, lookback, (deviceId, metric, ts, value) -> out.add(new Got(deviceId, metric, ts, value)));
        return out;
    }

    @Test
    void samplesOfTheMetricsWithinTheLookbackOfEveryDeviceInTimeOrder() {
        List<Got> got = replay(List.of("moment_pct"), Duration.ofHours(1));
        assertEquals(List.of(new Got("TC1", "moment_pct", NOW - 1_800_000L, 2), new Got("TC1", "moment_pct", NOW - 60_000L, 3),
                new Got("TC1", "moment_pct", NOW + 120_000L, 4)), got.stream().filter(g -> g.deviceId().equals("TC1")).toList());
        List<Got> many = got.stream().filter(g -> g.deviceId().equals("TC2")).toList();
        assertEquals(MANY, many.size());
        assertEquals(new Got("TC2", "moment_pct", NOW - 3_300_000L + 250L * 123, 23), many.get(123));
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i - 1).ts() <= got.get(i).ts(), "time order at " + i);
        }
    }

    @Test
    void aLongerLookbackAndSeveralMetrics() {
        List<Got> tc1 = replay(List.of("moment_pct", "load_t"), Duration.ofHours(3)).stream()
                .filter(g -> g.deviceId().equals("TC1")).toList();
        assertEquals(8, tc1.size(), tc1.toString());
        assertEquals(NOW - 7_200_000L, tc1.get(0).ts());
        assertEquals(0.1, tc1.stream().filter(g -> g.metric().equals("load_t")).findFirst().orElseThrow().value(), 1e-9);
        assertEquals(List.of(), replay(List.of("wind_ms"), Duration.ofHours(3)));
    }
}

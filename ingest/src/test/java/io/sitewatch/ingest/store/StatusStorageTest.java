package io.sitewatch.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.port.DeviceStatuses;
import io.sitewatch.core.registry.Device;
import io.sitewatch.ingest.query.JdbcDeviceStatuses;
import io.sitewatch.ingest.testsupport.TestSchema;
import io.sitewatch.platform.db.Database;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statuses are stored with the 1.1 {@code reason} of a planned power-off (migration V14), and the
 * latest one of each device is read back through ingest's {@link DeviceStatuses} port, as the alarm
 * engine does at start-up.
 */
class StatusStorageTest {

    private static final long T0 = Instant.parse("2025-07-01T10:00:00Z").toEpochMilli();
    private static Database db;

    @BeforeAll
    static void migrate() throws Exception {
        db = new Database(new SiteWatchConfig.Database(TestPostgres.newDatabase(), TestPostgres.user(), null, "auto",
                30, 2, 4, 3600, 15, 90));
        TestSchema.migrate(db.pool(), "off");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Device crane(String id) {
        return new Device(id, "S1", "tower_crane", id, 10, JsonNodeFactory.instance.objectNode());
    }

    @Test
    void aPowerOffIsStoredWithItsReasonAndTheLatestStatusOfEachDeviceIsReadBack() throws Exception {
        Device tc1 = crane("TC1");
        Device tc2 = crane("TC2");
        Device tc3 = crane("TC3");
        List<Received> records = new ArrayList<>(List.of(
                new Received(new IngestRecord.Status(tc1, T0, true), T0),
                new Received(new IngestRecord.Status(tc1, T0 + 60_000, false, "power_off"), T0 + 60_100),
                new Received(new IngestRecord.Status(tc2, T0, false, "maintenance"), T0 + 100),
                new Received(new IngestRecord.Status(tc2, null, false), T0 + 30_000),          // then its last will
                new Received(new IngestRecord.Status(tc3, T0, false, "dismantled"), T0 + 100)));
        StorageLayout layout = StorageLayout.of(StorageMode.POSTGRES_PARTITIONED, 30, 2);
        try (BatchWriter writer = new BatchWriter(db, layout, "test-writer")) {
            assertEquals(5, writer.write(new StoreBatch(records, List.of())).statuses());
        }
        try (Connection c = db.pool().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT device_id, online, coalesce(reason, '-'), device_clock FROM device_status "
                     + "ORDER BY device_id, received_at")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getString(3) + " " + rs.getBoolean(4));
            }
            assertEquals(List.of("TC1 true - true", "TC1 false power_off true", "TC2 false maintenance true",
                    "TC2 false - false", "TC3 false dismantled true"), rows);
        }
        List<DeviceStatuses.Status> latest = new JdbcDeviceStatuses(db.pool()).latest().stream()
                .sorted(Comparator.comparing(DeviceStatuses.Status::deviceId)).toList();
        assertEquals(List.of(
                new DeviceStatuses.Status("TC1", false, "power_off", Instant.ofEpochMilli(T0 + 60_000), true, Instant.ofEpochMilli(T0 + 60_100)),
                new DeviceStatuses.Status("TC2", false, null, Instant.ofEpochMilli(T0 + 30_000), false, Instant.ofEpochMilli(T0 + 30_000)),
                new DeviceStatuses.Status("TC3", false, "dismantled", Instant.ofEpochMilli(T0), true, Instant.ofEpochMilli(T0 + 100))),
                latest);
        assertEquals(List.of(true, false, true), latest.stream().map(DeviceStatuses.Status::plannedOff).toList());
    }
}

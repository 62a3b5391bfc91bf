package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wire protocol 1.1 end to end over a real broker into a real database: a crane powered down with
 * {@code reason: power_off} is off (no offline alarm however long it is silent, shown by a
 * sentinel device's offline alarm that must come after the crane's would have), and the same
 * crane vanishing with its last will (no reason) raises offline; both across a restart too. Also:
 * a work cycle's peak raises the overload its samples missed, and the new fields are validated
 * and kept. Exact alarm sequences; the connection state read through the device API.
 *
 * <p>Cranes here report every 2 s (offline after 6 s of silence); sentinels every 5 s (15 s).
 */
class PlannedPowerOffIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SiteWatchService service;
    private static int port;
    private static TestDevices devices;

    @BeforeAll
    static void start() throws Exception {
        service = start(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "power-off-it", Map.of()));
        port = service.httpPort();
        site(port, "PO");
        device(port, "PO-TC1", "PO", "tower_crane", 2, "{}");
        device(port, "PO-TC2", "PO", "tower_crane", 5, "{}");
        device(port, "PO-TC3", "PO", "tower_crane", 10, "{\"rated_load_t\":6}");
        device(port, "PO-REC1", "PO", "recorder", 60, "{}");
        devices = new TestDevices(TestBroker.shared().url(), "power-off-it-devices");
    }

    @AfterAll
    static void stop() throws Exception {
        devices.close();
        service.close();
    }

    private static SiteWatchService start(SiteWatchConfig cfg) throws Exception {
        SiteWatchService s = new SiteWatchService(cfg).start();
        ServiceFixture.await("consumer connected", Duration.ofSeconds(20),
                () -> s.prometheus().get(IngestMetrics.BROKER_CONNECTED).gauge().value() == 1);
        return s;
    }

    private static void site(int port, String id) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/sites/" + id, ADMIN, "{\"name\":\"停机测试\",\"region\":\"350102\",\"kind\":\"building\","
                // These scenarios run at any hour and on any day: the site works around the clock
                // and its devices are watched around the clock (the site calendar is RealSitesTest's).
                + "\"workingHours\":{\"from\":\"00:00\",\"to\":\"24:00\",\"days\":[1,2,3,4,5,6,7]}}"));
    }

    private static void device(int port, String id, String site, String kind, int periodS, String params) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/devices/" + id, ADMIN, "{\"siteId\":\"" + site + "\",\"kind\":\"" + kind
                + "\",\"periodS\":" + periodS + ",\"params\":" + params + ",\"schedule\":\"continuous\"}"));
    }

    private static String topic(String site, String device, String channel) {
        return "sitewatch/v1/" + site + "/" + device + "/" + channel;
    }

    private static void telemetry(TestDevices via, String site, String device, String values) throws Exception {
        via.publish(topic(site, device, "telemetry"), "{\"ts\":" + System.currentTimeMillis() + ",\"values\":{" + values + "}}", 1);
    }

    /** Transitions of the device's alarms (all states), oldest first, as "rule level transition". */
    private static List<String> history(int port, String device) throws Exception {
        return ServiceFixture.alarmHistory(port, device);
    }

    private static void awaitHistory(int port, String device, List<String> expected) throws Exception {
        ServiceFixture.awaitQuery(device + " alarms " + expected, Duration.ofSeconds(30), () -> history(port, device).equals(expected));
    }

    /**
     * The device's transitions other than offline ones, grouped by alarm in rule order: two alarms
     * raised by one event start together, so their order in the list is not meaningful.
     */
    private static List<String> overloads(int port, String device) throws Exception {
        return history(port, device).stream().filter(h -> !h.startsWith("device.offline"))
                .sorted(java.util.Comparator.comparing((String h) -> h.substring(0, h.indexOf(' ')))).toList();
    }

    private static JsonNode connection(int port, String device) throws Exception {
        var r = http(port, "GET", "/api/v1/devices/" + device, ADMIN, null);
        expect(200, r);
        return JSON.readTree(r.body()).get("connection");
    }

    @Test
    void aPoweredDownCraneRaisesNothingWhileSilentAndTheSameCraneVanishingRaisesOffline() throws Exception {
        telemetry(devices, "PO", "PO-TC1", "\"moment_pct\":20");
        long offAt = System.currentTimeMillis();
        devices.publish(topic("PO", "PO-TC1", "status"), "{\"online\":false,\"ts\":" + offAt + ",\"reason\":\"power_off\"}", 1);
        // The sentinel's last message comes after the crane's power-off; its offline alarm is due
        // 15 s later, 9 s after the crane's would have been (6 s after its last message).
        telemetry(devices, "PO", "PO-TC2", "\"moment_pct\":20");
        awaitHistory(port, "PO-TC2", List.of("device.offline alarm raised"));
        assertEquals(List.of(), history(port, "PO-TC1"), "off on purpose: no offline alarm");
        JsonNode off = connection(port, "PO-TC1");
        assertEquals("off", off.get("state").asText());
        assertEquals("power_off", off.get("reason").asText());
        assertEquals(offAt, off.get("since").asLong());
        assertEquals("offline", connection(port, "PO-TC2").get("state").asText());

        // Powered up: its next message makes it on; then it vanishes with its last will.
        MqttClient crane = new MqttClient(TestBroker.shared().url(), "power-off-it-crane", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setWill(topic("PO", "PO-TC1", "status"), "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, false);
        crane.connect(o);
        crane.publish(topic("PO", "PO-TC1", "telemetry"), ("{\"ts\":" + System.currentTimeMillis()
                + ",\"values\":{\"moment_pct\":30}}").getBytes(StandardCharsets.UTF_8), 1, false);
        ServiceFixture.awaitQuery("PO-TC1 on again", Duration.ofSeconds(10),
                () -> connection(port, "PO-TC1").get("state").asText().equals("online"));
        crane.disconnectForcibly(0, 1000, false);                      // no DISCONNECT: the broker sends the will
        crane.close();
        awaitHistory(port, "PO-TC1", List.of("device.offline alarm raised"));
        JsonNode will = JSON.readTree(http(port, "GET", "/api/v1/alarms?device=PO-TC1", ADMIN, null).body()).get("items").get(0);
        assertEquals("the device reported itself offline (last will)", will.get("detail").asText());
        assertEquals("offline", connection(port, "PO-TC1").get("state").asText());

        telemetry(devices, "PO", "PO-TC1", "\"moment_pct\":20");
        awaitHistory(port, "PO-TC1", List.of("device.offline alarm raised", "device.offline alarm cleared"));
        assertEquals("online", connection(port, "PO-TC1").get("state").asText());
        assertEquals(List.of("device.offline alarm raised"), history(port, "PO-TC2"));
    }

    @Test
    void aWorkCyclePeakRaisesTheOverloadTheSamplesMissed() throws Exception {
        long start = System.currentTimeMillis() - 60_000;
        double[] moments = {40, 86, 84, 60};
        for (int i = 0; i < moments.length; i++) {
            devices.publish(topic("PO", "PO-TC3", "telemetry"), "{\"ts\":" + (start + i * 10_000L) + ",\"values\":{\"moment_pct\":"
                    + moments[i] + ",\"load_pct\":70,\"load_t\":0.1}}", 1);
        }
        long end = start + 40_000;
        devices.publish(topic("PO", "PO-TC3", "event"), "{\"ts\":" + end + ",\"type\":\"work_cycle\",\"data\":{\"start_ts\":" + start
                + ",\"end_ts\":" + end + ",\"max_load_t\":6.3,\"max_moment_pct\":103.5,\"max_wind_ms\":4.2}}", 1);
        List<String> raised = List.of("tower_crane.load alarm raised", "tower_crane.moment alarm raised");
        ServiceFixture.awaitQuery("both raised from the peak", Duration.ofSeconds(15), () -> overloads(port, "PO-TC3").equals(raised));
        JsonNode items = JSON.readTree(http(port, "GET", "/api/v1/alarms?device=PO-TC3", ADMIN, null).body()).get("items");
        for (JsonNode a : items) {
            assertEquals(end, a.get("startTs").asLong(), a.toString());
            assertTrue(a.get("detail").asText().startsWith("work_cycle peak"), a.toString());
        }
        devices.publish(topic("PO", "PO-TC3", "telemetry"), "{\"ts\":" + (end + 10_000) + ",\"values\":{\"moment_pct\":30,"
                + "\"load_pct\":20,\"load_t\":0.1}}", 1);
        List<String> cleared = List.of("tower_crane.load alarm raised", "tower_crane.load alarm cleared",
                "tower_crane.moment alarm raised", "tower_crane.moment alarm cleared");
        ServiceFixture.awaitQuery("both cleared by the samples after", Duration.ofSeconds(15),
                () -> overloads(port, "PO-TC3").equals(cleared));
    }

    @Test
    void theNewFieldsAreValidatedAndKept() throws Exception {
        long now = System.currentTimeMillis();
        devices.publish(topic("PO", "PO-TC2", "status"), "{\"online\":false,\"ts\":" + now + ",\"reason\":\"lunch_break\"}", 1);
        devices.publish(topic("PO", "PO-REC1", "event"), "{\"ts\":" + now + ",\"type\":\"hazard_report\",\"data\":{"
                + "\"officer_id\":\"O1\",\"category\":\"起重吊装\",\"level\":\"major\",\"text\":\"塔吊垂直度超限\",\"photo_sha256\":\"ab\","
                + "\"hazard_id\":\"PO-REC1-20250701-1\",\"clause\":\"2024-8-7\",\"device_id\":\"PO-TC1\",\"location\":\"1#塔吊\"}}", 1);
        devices.publish(topic("PO", "PO-REC1", "event"), "{\"ts\":" + (now + 1) + ",\"type\":\"hazard_report\",\"data\":{"
                + "\"officer_id\":\"O1\",\"category\":\"c\",\"level\":\"general\",\"text\":\"t\",\"photo_sha256\":\"ab\","
                + "\"hazard_id\":\"隐患 1\"}}", 1);
        devices.publish(topic("PO", "PO-REC1", "event"), "{\"ts\":" + (now + 2) + ",\"type\":\"hazard_rectified\",\"data\":{"
                + "\"officer_id\":\"O1\",\"text\":\"已整改\",\"photo_sha256\":\"cd\",\"hazard_id\":\"PO-REC1-20250701-1\"}}", 1);
        ServiceFixture.awaitQuery("the bad reason dead-lettered", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(service,
                "SELECT count(*) FROM dead_letter WHERE reason = 'bad_schema' AND topic = 'sitewatch/v1/PO/PO-TC2/status' AND detail = "
                        + "'reason must be one of [dismantled, maintenance, power_off], got \"lunch_break\"'") == 1);
        ServiceFixture.awaitQuery("the bad hazard id dead-lettered", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(service,
                "SELECT count(*) FROM dead_letter WHERE reason = 'bad_event' AND detail LIKE 'data.hazard_id must be an id%'") == 1);
        ServiceFixture.awaitQuery("the report and its rectification kept", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(service,
                "SELECT count(*) FROM device_event WHERE device_id = 'PO-REC1' AND data ->> 'hazard_id' = 'PO-REC1-20250701-1'") == 2);
        assertEquals(1, ServiceFixture.queryLong(service, "SELECT count(*) FROM device_event WHERE type = 'hazard_report' "
                + "AND data ->> 'clause' = '2024-8-7' AND data ->> 'device_id' = 'PO-TC1' AND data ->> 'location' = '1#塔吊'"));
        assertEquals(0, ServiceFixture.queryLong(service, "SELECT count(*) FROM device_status WHERE device_id = 'PO-TC2' AND reason IS NOT NULL"));
    }

    @Test
    void aPoweredDownCraneStaysOffAcrossARestart() throws Exception {
        String db = TestPostgres.newDatabase();
        SiteWatchConfig cfg = ServiceFixture.config(db, TestBroker.shared().url(), "power-off-restart-it", Map.of());
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "power-off-restart-devices")) {
            SiteWatchService first = start(cfg);
            site(first.httpPort(), "PR");
            device(first.httpPort(), "PR-TC1", "PR", "tower_crane", 2, "{}");
            device(first.httpPort(), "PR-TC2", "PR", "tower_crane", 5, "{}");
            telemetry(dev, "PR", "PR-TC1", "\"moment_pct\":20");
            long offAt = System.currentTimeMillis();
            dev.publish(topic("PR", "PR-TC1", "status"), "{\"online\":false,\"ts\":" + offAt + ",\"reason\":\"maintenance\"}", 1);
            ServiceFixture.awaitQuery("the power-off stored", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(db,
                    "SELECT count(*) FROM device_status WHERE device_id = 'PR-TC1' AND reason = 'maintenance'") == 1);
            first.close();

            SiteWatchService second = start(cfg);
            try {
                int p = second.httpPort();
                telemetry(dev, "PR", "PR-TC2", "\"moment_pct\":20");
                awaitHistory(p, "PR-TC2", List.of("device.offline alarm raised"));
                assertEquals(List.of(), history(p, "PR-TC1"), "still off after the restart");
                JsonNode off = connection(p, "PR-TC1");
                assertEquals("off", off.get("state").asText());
                assertEquals("maintenance", off.get("reason").asText());
                assertEquals(offAt, off.get("since").asLong());
                telemetry(dev, "PR", "PR-TC1", "\"moment_pct\":20");
                ServiceFixture.awaitQuery("PR-TC1 on again", Duration.ofSeconds(10),
                        () -> connection(p, "PR-TC1").get("state").asText().equals("online"));
                awaitHistory(p, "PR-TC1", List.of("device.offline alarm raised"));
                assertTrue(JSON.readTree(http(p, "GET", "/api/v1/alarms?device=PR-TC1", ADMIN, null).body()).get("items").get(0)
                        .get("detail").asText().startsWith("no message for"), "watched again from its return");
            } finally {
                second.close();
            }
        }
    }
}

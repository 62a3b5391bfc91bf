package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.SseClient;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule kind end to end: messages published over MQTT to a real broker, stored in a real
 * database, evaluated, and the exact sequence of alarm states read back through the API and the
 * live stream.
 */
class AlarmScenarioIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static SiteWatchService service;
    private static int port;
    private static TestDevices devices;

    @BeforeAll
    static void start() throws Exception {
        service = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "alarm-it", Map.of())).start();
        port = service.httpPort();
        ServiceFixture.registerCraneSite(port, "FZ", "350102", "FZ-TC1", "FZ-TC2", "FZ-TC3");
        ServiceFixture.registerCraneSite(port, "XM", "350203", "XM-TC1", "XM-TC2");
        // These scenarios run at any hour: their sites work around the clock (no night-work advisory).
        allDay("FZ", "350102");
        allDay("XM", "350203");
        device("FZ-ENV1", "FZ", "env", 60, "{}");
        device("FZ-ENV2", "FZ", "env", 60, "{}");
        // The project's own rate rule, "连续2d以上" (the bundled default is GB 50497's, pinned in FieldRulesTest).
        device("FZ-PIT1", "FZ", "pit", 300, "{\"alarm\":{\"disp_mm\":30,\"disp_mm_per_day\":2},"
                + "\"rules\":{\"pit.disp_rate\":{\"days\":2,\"dayShare\":1,\"oneDay\":false}}}");
        device("FZ-FW1", "FZ", "formwork", 60, "{}");
        device("FZ-GD1", "FZ", "gondola", 10, "{\"people_limit\":2}");
        // Watched around the clock (its silence is the scenario), whatever the day.
        expect(200, http(port, "PUT", "/api/v1/devices/FZ-HS1", ADMIN,
                "{\"siteId\":\"FZ\",\"kind\":\"hoist\",\"periodS\":1,\"params\":{},\"schedule\":\"continuous\"}"));
        operator("闽A-VALID-01", "tower_crane_driver", "2024-01-01", "2030-12-31");
        operator("闽A-EXPIRED-01", "tower_crane_driver", "2020-01-01", "2024-06-30");
        operator("闽A-HOIST-01", "hoist_driver", "2024-01-01", "2030-12-31");
        devices = new TestDevices(TestBroker.shared().url(), "alarm-it-devices");
        ServiceFixture.awaitConnected(service);
    }

    @AfterAll
    static void stop() throws Exception {
        devices.close();
        service.close();
    }

    private static void allDay(String site, String region) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/sites/" + site, ADMIN, """
                {"name":"测试工地 %s","region":"%s","enterprise":{"code":"91350100TEST","name":"测试建设公司"},
                 "kind":"building","costCny":120000000,"startDate":"2025-01-01","endDate":"2027-01-01",
                 "workingHours":{"from":"00:00","to":"24:00","days":[1,2,3,4,5,6,7]}}""".formatted(site, region)));
    }

    private static void device(String id, String site, String kind, int period, String params) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/devices/" + id, ADMIN, "{\"siteId\":\"" + site + "\",\"kind\":\"" + kind
                + "\",\"periodS\":" + period + ",\"params\":" + params + "}"));
    }

    private static void operator(String cert, String kind, String from, String to) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/operators/" + java.net.URLEncoder.encode(cert, "UTF-8"), ADMIN,
                "{\"name\":\"测试\",\"kind\":\"" + kind + "\",\"validFrom\":\"" + from + "\",\"validTo\":\"" + to + "\"}"));
    }

    private static void telemetry(String site, String device, long ts, String values) throws Exception {
        devices.publish("sitewatch/v1/" + site + "/" + device + "/telemetry", "{\"ts\":" + ts + ",\"values\":{" + values + "}}", 1);
    }

    private static JsonNode alarms(String query, String token) throws Exception {
        return JSON.readTree(http(port, "GET", "/api/v1/alarms" + query, token, null).body()).get("items");
    }

    /** Transitions of the device's alarms (all states), oldest first, as "rule level transition". */
    private static List<String> history(String device) throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode items = alarms("?device=" + device + "&state=all", ADMIN);
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode a = JSON.readTree(http(port, "GET", "/api/v1/alarms/" + items.get(i).get("id").asText(), ADMIN, null).body());
            for (JsonNode h : a.get("history")) {
                out.add(a.get("rule").asText() + " " + h.get("level").asText() + " " + h.get("transition").asText());
            }
        }
        return out;
    }

    private static void awaitHistory(String device, List<String> expected) throws Exception {
        ServiceFixture.awaitQuery(device + " alarms " + expected, Duration.ofSeconds(15), () -> history(device).equals(expected));
    }

    private static long recent(int minutesAgo) {
        return (System.currentTimeMillis() / 1000 - minutesAgo * 60L) * 1000;
    }

    @Test
    void craneWarningEscalatesToAlarmAndClearsWithHysteresisLiveOnTheStream() throws Exception {
        try (SseClient fz = new SseClient(port, REG_FUZHOU, "").awaitOpen();
             SseClient xm = new SseClient(port, REG_XIAMEN, "").awaitOpen()) {
            long t = recent(10);
            double[] moments = {80, 92, 93, 101, 105, 88, 85, 80};
            for (int i = 0; i < moments.length; i++) {
                telemetry("FZ", "FZ-TC1", t + i * 10_000L, "\"moment_pct\":" + moments[i]);
            }
            awaitHistory("FZ-TC1", List.of("tower_crane.moment warning raised", "tower_crane.moment alarm escalated",
                    "tower_crane.moment alarm cleared"));
            JsonNode a = alarms("?device=FZ-TC1&state=all", ADMIN).get(0);
            assertEquals(105.0, a.get("value").asDouble(), "worst value seen");
            assertEquals(t + 20_000, a.get("startTs").asLong(), "raised by the second sample over 90 (device time)");
            assertEquals(t + 70_000, a.get("endTs").asLong(), "cleared by the second sample under 85.5");
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode e = fz.next(Duration.ofSeconds(5));
                assertNotNull(e, "live event " + i);
                seen.add(e.get("transition").asText() + ":" + e.get("level").asText());
            }
            assertEquals(List.of("raised:warning", "escalated:alarm", "cleared:alarm"), seen);
            // A marker the Xiamen stream must show: an alarm of its own region, raised after the
            // Fuzhou ones. The feed hands each stream its alarms in the order they were raised, so
            // anything of Fuzhou's that leaked to it would arrive before the marker.
            long m = recent(9);
            telemetry("XM", "XM-TC2", m, "\"load_pct\":120");
            telemetry("XM", "XM-TC2", m + 10_000, "\"load_pct\":121");
            List<JsonNode> xmSeen = xm.through(e -> "XM-TC2".equals(e.get("deviceId").asText()), Duration.ofSeconds(15));
            xmSeen.addAll(xm.drain());
            assertTrue(xmSeen.stream().noneMatch(e -> "FZ-TC1".equals(e.get("deviceId").asText())),
                    "a Xiamen regulator never streams a Fuzhou alarm: " + xmSeen);
        }
    }

    @Test
    void nightNoiseInShanghaiThatWouldBeLegalByDay() throws Exception {
        LocalDate yesterday = LocalDate.now(SHANGHAI).minusDays(1);
        long day = ZonedDateTime.of(yesterday, java.time.LocalTime.of(14, 0), SHANGHAI).toInstant().toEpochMilli();
        long night = ZonedDateTime.of(yesterday, java.time.LocalTime.of(23, 0), SHANGHAI).toInstant().toEpochMilli();
        for (int i = 0; i < 20; i++) {
            telemetry("FZ", "FZ-ENV1", day + i * 60_000L, "\"noise_dba\":62");
        }
        for (int i = 0; i < 20; i++) {
            telemetry("FZ", "FZ-ENV1", night + i * 60_000L, "\"noise_dba\":62");
        }
        awaitHistory("FZ-ENV1", List.of("env.noise_leq alarm raised"));
        JsonNode a = alarms("?device=FZ-ENV1", ADMIN).get(0);
        assertTrue(a.get("startTs").asLong() >= night, "raised at night, not by the same level in the afternoon");
        assertTrue(a.get("detail").asText().contains("night"), a.get("detail").asText());
    }

    @Test
    void hourlyPm10MeanOverTheLimitWhileNoSingleSampleIsExtreme() throws Exception {
        long t = recent(120);
        for (int i = 0; i < 60; i++) {
            telemetry("FZ", "FZ-ENV2", t + i * 60_000L, "\"pm10_ugm3\":" + (195 + (i % 4) * 5) + ",\"pm25_ugm3\":40");
        }
        ServiceFixture.awaitQuery("PM10 alarm", Duration.ofSeconds(15), () -> {
            JsonNode open = alarms("?device=FZ-ENV2", ADMIN);
            return open.size() == 1 && open.get(0).get("rule").asText().equals("env.pm10_hourly")
                    && open.get(0).get("level").asText().equals("alarm");
        });
        JsonNode a = alarms("?device=FZ-ENV2", ADMIN).get(0);
        assertTrue(a.get("value").asDouble() > 200 && a.get("value").asDouble() < 215, a.toString());
    }

    @Test
    void pitCreepingThreeMillimetresADayForTwoDays() throws Exception {
        LocalDate first = LocalDate.now(SHANGHAI).minusDays(3);
        long t = ZonedDateTime.of(first, java.time.LocalTime.of(0, 30), SHANGHAI).toInstant().toEpochMilli();
        double disp = 4;
        for (int day = 0; day < 3; day++) {
            for (int h = 0; h < 24; h += 2) {
                telemetry("FZ", "FZ-PIT1", t + day * 86_400_000L + h * 3_600_000L, "\"disp_mm\":" + disp);
                disp += 0.25;
            }
        }
        awaitHistory("FZ-PIT1", List.of("pit.disp_rate warning raised", "pit.disp_rate alarm escalated"));
        JsonNode a = alarms("?device=FZ-PIT1", ADMIN).get(0);
        assertEquals(3.0, a.get("value").asDouble(), 0.01);
        assertEquals(2.0, a.get("threshold").asDouble(), "the designer's value from the registry");
    }

    @Test
    void threeConsecutiveFormworkReadings() throws Exception {
        long t = recent(30);
        double[] settle = {11, 12, 4, 11, 11, 10.5};
        for (int i = 0; i < settle.length; i++) {
            telemetry("FZ", "FZ-FW1", t + i * 60_000L, "\"settle_mm\":" + settle[i]);
        }
        awaitHistory("FZ-FW1", List.of("formwork.settle alarm raised"));
        assertEquals(t + 5 * 60_000L, alarms("?device=FZ-FW1", ADMIN).get(0).get("startTs").asLong());
    }

    @Test
    void aGondolaWithThreePeople() throws Exception {
        long t = recent(5);
        telemetry("FZ", "FZ-GD1", t, "\"people\":2,\"harness_count\":2");
        telemetry("FZ", "FZ-GD1", t + 10_000, "\"people\":3,\"harness_count\":3");
        awaitHistory("FZ-GD1", List.of("gondola.people alarm raised"));
        telemetry("FZ", "FZ-GD1", t + 20_000, "\"people\":2,\"harness_count\":2");
        awaitHistory("FZ-GD1", List.of("gondola.people alarm raised", "gondola.people alarm cleared"));
    }

    @Test
    void aDeviceGoingSilent() throws Exception {
        telemetry("FZ", "FZ-HS1", System.currentTimeMillis(), "\"load_kg\":0,\"speed_ms\":0");
        awaitHistory("FZ-HS1", List.of("device.offline alarm raised"));
        telemetry("FZ", "FZ-HS1", System.currentTimeMillis(), "\"load_kg\":0,\"speed_ms\":0");
        awaitHistory("FZ-HS1", List.of("device.offline alarm raised", "device.offline alarm cleared"));
    }

    @Test
    void anExpiredCertificateAndOperatingWithNobodyLoggedIn() throws Exception {
        long t = recent(3);
        devices.publish("sitewatch/v1/FZ/FZ-TC2/event", "{\"ts\":" + t + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"闽A-EXPIRED-01\"}}", 1);
        telemetry("FZ", "FZ-TC2", t + 10_000, "\"load_t\":2.5");
        awaitHistory("FZ-TC2", List.of("operator.certificate alarm raised", "tower_crane.no_operator alarm raised"));
        assertTrue(alarms("?device=FZ-TC2", ADMIN).toString().contains("expired on 2024-06-30"));
        devices.publish("sitewatch/v1/FZ/FZ-TC2/event", "{\"ts\":" + (t + 20_000) + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"闽A-VALID-01\"}}", 1);
        ServiceFixture.awaitQuery("both cleared by a valid login", Duration.ofSeconds(10),
                () -> alarms("?device=FZ-TC2", ADMIN).size() == 0);
        devices.publish("sitewatch/v1/FZ/FZ-TC3/event", "{\"ts\":" + t + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"闽A-HOIST-01\"}}", 1);
        ServiceFixture.awaitQuery("wrong kind", Duration.ofSeconds(10),
                () -> alarms("?device=FZ-TC3", ADMIN).toString().contains("does not cover a tower_crane"));
    }

    @Test
    void aRegulatorOfAnotherRegionNeitherSeesNorAcknowledges() throws Exception {
        long t = recent(8);
        telemetry("XM", "XM-TC1", t, "\"load_pct\":120");
        telemetry("XM", "XM-TC1", t + 10_000, "\"load_pct\":121");
        awaitHistory("XM-TC1", List.of("tower_crane.load alarm raised"));
        String id = alarms("?device=XM-TC1", ADMIN).get(0).get("id").asText();
        assertTrue(alarms("?state=all", REG_FUZHOU).findValues("deviceId").stream().noneMatch(d -> d.asText().startsWith("XM")));
        assertEquals(404, http(port, "GET", "/api/v1/alarms/" + id, REG_FUZHOU, null).statusCode());
        assertEquals(404, http(port, "POST", "/api/v1/alarms/" + id + "/ack", REG_FUZHOU, "{\"comment\":\"not mine\"}").statusCode());
        try (SseClient xm = new SseClient(port, REG_XIAMEN, "?site=XM").awaitOpen()) {
            var r = http(port, "POST", "/api/v1/alarms/" + id + "/ack", REG_XIAMEN, "{\"comment\":\"已通知项目部停止吊装\"}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode acked = JSON.readTree(r.body());
            assertEquals("acknowledged", acked.get("state").asText());
            assertEquals("xm", acked.get("ackBy").asText());
            JsonNode e = xm.next(Duration.ofSeconds(5));
            assertNotNull(e);
            assertEquals("acknowledged", e.get("transition").asText());
            assertEquals("已通知项目部停止吊装", e.get("ackComment").asText());
        }
        assertEquals(409, http(port, "POST", "/api/v1/alarms/" + id + "/ack", REG_XIAMEN, "{}").statusCode());
        JsonNode full = JSON.readTree(http(port, "GET", "/api/v1/alarms/" + id, REG_XIAMEN, null).body());
        assertEquals("xm", full.get("history").get(1).get("by").asText());
        assertNull(alarms("?region=350102&device=XM-TC1", ADMIN).get(0));
        assertEquals(1, alarms("?region=350200&device=XM-TC1", ADMIN).size(), "a city code covers its districts");
    }
}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.DEVICE_ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.RATER;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.awaitQuery;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API core: access by role and region, registry, telemetry queries, dead letters, system routes. */
class ApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SiteWatchService service;
    private static int port;
    private static final long T0 = (System.currentTimeMillis() / 60_000 - 30) * 60_000;
    /**
     * The dead letters of this test's own sites. The test broker is shared by every IT of the run
     * and keeps the retained statuses that devices of earlier tests left (DemoHistoryIT's demo
     * fleet: its 36 devices say online or power_off, retained, as real devices do); this service
     * gets them on subscribing and rightly dead-letters them as unknown devices.
     */
    private static final String OWN_DEAD_LETTERS =
            "SELECT count(*) FROM dead_letter WHERE topic LIKE 'sitewatch/v1/FZ1/%' OR topic LIKE 'sitewatch/v1/XM1/%'";

    @BeforeAll
    static void start() throws Exception {
        service = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "api-it", Map.of())).start();
        port = service.httpPort();
        ServiceFixture.registerCraneSite(port, "FZ1", "350102", "FZ1-TC1");
        ServiceFixture.registerCraneSite(port, "XM1", "350203", "XM1-TC1");
        ServiceFixture.awaitConnected(service);
        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "api-it-device")) {
            // 6 samples 10 s apart in one minute, then a store-and-forward array of 3 in the next.
            for (int i = 0; i < 6; i++) {
                d.publish("sitewatch/v1/FZ1/FZ1-TC1/telemetry",
                        "{\"ts\":" + (T0 + i * 10_000) + ",\"values\":{\"load_t\":" + (i + 1) + ",\"moment_pct\":" + (50 + i) + "}}", 1);
            }
            d.publish("sitewatch/v1/FZ1/FZ1-TC1/telemetry", "[" + String.join(",",
                    "{\"ts\":" + (T0 + 60_000) + ",\"values\":{\"load_t\":10}}",
                    "{\"ts\":" + (T0 + 70_000) + ",\"values\":{\"load_t\":20}}",
                    "{\"ts\":" + (T0 + 80_000) + ",\"values\":{\"load_t\":30}}") + "]", 1);
            d.publish("sitewatch/v1/XM1/XM1-TC1/telemetry", "{\"ts\":" + T0 + ",\"values\":{\"load_t\":1}}", 1);
            d.publish("sitewatch/v1/XM1/XM1-TC1/telemetry", "not json", 1);
        }
        awaitQuery("telemetry stored", Duration.ofSeconds(15),
                () -> queryLong(service, "SELECT count(*) FROM telemetry") == 16 && queryLong(service, OWN_DEAD_LETTERS) == 1);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void systemRoutesNeedNoToken() throws Exception {
        HttpResponse<String> health = http(port, "GET", "/health", null, null);
        assertEquals(200, health.statusCode());
        assertEquals("postgresql-partitioned", json(health).get("storage").asText());
        assertTrue(json(health).at("/broker/connected").asBoolean());
        String metrics = http(port, "GET", "/metrics", null, null).body();
        assertTrue(metrics.contains("sitewatch_ingest_messages_received_total{channel=\"telemetry\"}"), metrics);
        assertTrue(metrics.contains("sitewatch_ingest_messages_rejected_total{reason=\"bad_json\"} 1.0"));
        assertTrue(metrics.contains("sitewatch_ingest_lag_seconds_bucket"));
        assertTrue(metrics.contains("jvm_memory_used_bytes"));
        assertEquals(200, http(port, "GET", "/api/v1/openapi.yaml", null, null).statusCode());
        JsonNode me = json(http(port, "GET", "/api/v1/me", REG_FUZHOU, null));
        assertEquals("regulator", me.get("role").asText());
        assertEquals("350100", me.get("regions").get(0).asText());
        assertEquals(401, http(port, "GET", "/api/v1/me", null, null).statusCode());
    }

    @Test
    void everyRouteIsInTheOpenApiFile() throws Exception {
        String openapi = http(port, "GET", "/api/v1/openapi.yaml", null, null).body();
        List<String> missing = new ArrayList<>();
        for (String path : service.routePaths()) {
            if (!openapi.contains("\n  " + path + ":")) {
                missing.add(path);
            }
        }
        assertTrue(missing.isEmpty(), "routes not described in openapi.yaml: " + missing);
    }

    @Test
    void tokensAndRolesAreEnforced() throws Exception {
        assertEquals(401, http(port, "GET", "/api/v1/sites", null, null).statusCode());
        HttpResponse<String> bad = http(port, "GET", "/api/v1/sites", "not-a-token-at-all-xxxxx", null);
        assertEquals(401, bad.statusCode());
        assertEquals("unauthorized", json(bad).get("error").asText());
        String site = "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\"}";
        assertEquals(403, http(port, "PUT", "/api/v1/sites/NEW1", REG_FUZHOU, site).statusCode());
        assertEquals(403, http(port, "PUT", "/api/v1/sites/NEW1", RATER, site).statusCode());
        assertEquals(200, http(port, "PUT", "/api/v1/sites/NEW1", DEVICE_ADMIN, site).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/deadletters", REG_FUZHOU, null).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/devices/FZ1-TC1/telemetry", DEVICE_ADMIN, null).statusCode());
    }

    @Test
    void aRegulatorSeesOnlyItsRegions() throws Exception {
        JsonNode fz = json(http(port, "GET", "/api/v1/sites", REG_FUZHOU, null)).get("items");
        assertTrue(fz.size() >= 1);
        fz.forEach(s -> assertTrue(s.get("region").asText().startsWith("3501"), s.toString()));
        JsonNode xm = json(http(port, "GET", "/api/v1/sites", REG_XIAMEN, null)).get("items");
        xm.forEach(s -> assertTrue(s.get("region").asText().startsWith("3502"), s.toString()));
        assertEquals(404, http(port, "GET", "/api/v1/sites/XM1", REG_FUZHOU, null).statusCode());
        assertEquals(404, http(port, "GET", "/api/v1/sites/XM1/devices", REG_FUZHOU, null).statusCode());
        assertEquals(404, http(port, "GET", "/api/v1/devices/XM1-TC1/telemetry", REG_FUZHOU, null).statusCode());
        assertEquals(200, http(port, "GET", "/api/v1/devices/XM1-TC1/telemetry?from=" + (T0 - 1) + "&to=" + (T0 + 1), REG_XIAMEN, null).statusCode());
        JsonNode all = json(http(port, "GET", "/api/v1/sites", RATER, null)).get("items");
        assertTrue(all.size() >= 2);
    }

    @Test
    void registryValidatesAndReturnsWhatIsStored() throws Exception {
        HttpResponse<String> badKind = http(port, "PUT", "/api/v1/devices/D9", ADMIN,
                "{\"siteId\":\"FZ1\",\"kind\":\"excavator\",\"periodS\":10}");
        assertEquals(400, badKind.statusCode());
        assertEquals("invalid_entry", json(badKind).get("error").asText());
        assertEquals(400, http(port, "PUT", "/api/v1/devices/D9", ADMIN, "{\"siteId\":\"NOPE\",\"kind\":\"pit\",\"periodS\":600}").statusCode());
        assertEquals(400, http(port, "PUT", "/api/v1/sites/BAD", ADMIN, "{\"name\":\"x\",\"region\":\"3501\",\"kind\":\"building\"}").statusCode());
        assertEquals(200, http(port, "PUT", "/api/v1/devices/FZ1-PIT1", ADMIN,
                "{\"siteId\":\"FZ1\",\"kind\":\"pit\",\"name\":\"JC-1\",\"periodS\":600,\"params\":{\"alarm\":{\"disp_mm\":20,\"disp_mm_per_day\":2}}}").statusCode());
        JsonNode pit = json(http(port, "GET", "/api/v1/devices/FZ1-PIT1", REG_FUZHOU, null));
        assertEquals(20, pit.at("/params/alarm/disp_mm").asInt());
        assertEquals(600, pit.get("periodS").asInt());
        JsonNode devices = json(http(port, "GET", "/api/v1/sites/FZ1/devices", ADMIN, null)).get("items");
        assertEquals(2, devices.size());
        assertEquals(200, http(port, "PUT", "/api/v1/operators/闽A0420240001", ADMIN,
                "{\"name\":\"张三\",\"kind\":\"tower_crane_driver\",\"validFrom\":\"2024-01-01\",\"validTo\":\"2026-12-31\"}").statusCode());
        JsonNode op = json(http(port, "GET", "/api/v1/operators/%E9%97%BDA0420240001", RATER, null));
        assertEquals("2026-12-31", op.get("validTo").asText());
        JsonNode site = json(http(port, "GET", "/api/v1/sites/FZ1", ADMIN, null));
        assertEquals("Asia/Shanghai", site.get("timezone").asText());
        assertEquals("91350100TEST", site.at("/enterprise/code").asText());
    }

    @Test
    void telemetryComesBackRawAndBucketed() throws Exception {
        JsonNode raw = json(http(port, "GET", "/api/v1/devices/FZ1-TC1/telemetry?metric=load_t&from=" + T0 + "&to=" + (T0 + 120_000), ADMIN, null));
        List<Double> values = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (JsonNode p : raw.get("points")) {
            assertTrue(p.get("ts").asLong() > last, "time order");
            last = p.get("ts").asLong();
            values.add(p.get("value").asDouble());
        }
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0, 20.0, 30.0), values);
        JsonNode buckets = json(http(port, "GET", "/api/v1/devices/FZ1-TC1/telemetry?metric=load_t&bucket=60&from=" + T0 + "&to=" + (T0 + 120_000), RATER, null)).get("buckets");
        assertEquals(2, buckets.size());
        assertEquals(T0, buckets.get(0).get("ts").asLong());
        assertEquals(1.0, buckets.get(0).get("min").asDouble());
        assertEquals(6.0, buckets.get(0).get("max").asDouble());
        assertEquals(3.5, buckets.get(0).get("avg").asDouble(), 1e-9);
        assertEquals(6, buckets.get(0).get("count").asLong());
        assertEquals(20.0, buckets.get(1).get("avg").asDouble(), 1e-9);
        JsonNode allMetrics = json(http(port, "GET", "/api/v1/devices/FZ1-TC1/telemetry?from=" + T0 + "&to=" + (T0 + 10_000), ADMIN, null)).get("points");
        assertEquals(2, allMetrics.size());
        assertFalse(allMetrics.get(0).get("metric").asText().isEmpty());
        assertEquals(400, http(port, "GET", "/api/v1/devices/FZ1-TC1/telemetry?from=10&to=5", ADMIN, null).statusCode());
        assertEquals(400, http(port, "GET", "/api/v1/devices/FZ1-TC1/telemetry?bucket=abc", ADMIN, null).statusCode());
    }

    @Test
    void deadLettersShowTopicReasonAndPayload() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        // Only this test's sites: the shared broker's retained statuses of other tests' devices are
        // dead letters too (see OWN_DEAD_LETTERS).
        json(http(port, "GET", "/api/v1/deadletters?limit=1000", ADMIN, null)).get("items").forEach(i -> {
            if (i.get("topic").asText().matches("sitewatch/v1/(FZ1|XM1)/.*")) {
                items.add(i);
            }
        });
        assertEquals(1, items.size(), items.toString());
        assertEquals("bad_json", items.get(0).get("reason").asText());
        assertEquals("not json", items.get(0).get("payload").asText());
        assertEquals("sitewatch/v1/XM1/XM1-TC1/telemetry", items.get(0).get("topic").asText());
        assertEquals("XM1-TC1", items.get(0).get("deviceId").asText());
    }
}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Evaluation state survives restarts: a sustain window half full before a restart is half full
 * after it (no alarm lost), an open alarm stays open (no duplicate), and a rules file that is
 * edited while running is reloaded, or refused with the old rules kept.
 */
class AlarmRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SiteWatchService start(SiteWatchConfig cfg) throws Exception {
        SiteWatchService s = new SiteWatchService(cfg).start();
        ServiceFixture.awaitConnected(s);
        return s;
    }

    private static JsonNode alarms(SiteWatchService s, String device) throws Exception {
        return JSON.readTree(http(s.httpPort(), "GET", "/api/v1/alarms?state=all&device=" + device, ADMIN, null).body()).get("items");
    }

    private static List<JsonNode> ofRule(JsonNode alarms, String rule) {
        List<JsonNode> out = new ArrayList<>();
        alarms.forEach(a -> {
            if (rule.equals(a.get("rule").asText())) {
                out.add(a);
            }
        });
        return out;
    }

    @Test
    void restartInTheMiddleOfASustainedWindow() throws Exception {
        String db = TestPostgres.newDatabase();
        SiteWatchConfig cfg = ServiceFixture.config(db, TestBroker.shared().url(), "alarm-restart-it", Map.of());
        long t = (System.currentTimeMillis() / 1000 - 120) * 1000;
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "alarm-restart-device")) {
            SiteWatchService first = start(cfg);
            ServiceFixture.registerCraneSite(first.httpPort(), "RS", "350102", "RS-TC1");
            dev.publish("sitewatch/v1/RS/RS-TC1/telemetry", "{\"ts\":" + t + ",\"values\":{\"moment_pct\":103}}", 1);
            ServiceFixture.awaitQuery("first sample stored", Duration.ofSeconds(10),
                    () -> ServiceFixture.queryLong(db, "SELECT count(*) FROM telemetry WHERE device_id = 'RS-TC1'") == 1);
            assertEquals(0, alarms(first, "RS-TC1").size(), "one sample over 100 is not yet sustained");
            first.close();

            SiteWatchService second = start(cfg);
            dev.publish("sitewatch/v1/RS/RS-TC1/telemetry", "{\"ts\":" + (t + 10_000) + ",\"values\":{\"moment_pct\":104}}", 1);
            ServiceFixture.awaitQuery("alarm raised by the second sample", Duration.ofSeconds(10),
                    () -> alarms(second, "RS-TC1").size() == 1);
            JsonNode a = alarms(second, "RS-TC1").get(0);
            assertEquals("alarm", a.get("level").asText(), "both samples over 100: alarm level at once");
            assertEquals(t + 10_000, a.get("startTs").asLong());
            second.close();

            SiteWatchService third = start(cfg);
            dev.publish("sitewatch/v1/RS/RS-TC1/telemetry", "{\"ts\":" + (t + 20_000) + ",\"values\":{\"moment_pct\":106}}", 1);
            ServiceFixture.awaitQuery("third sample stored", Duration.ofSeconds(10),
                    () -> ServiceFixture.queryLong(db, "SELECT count(*) FROM telemetry WHERE device_id = 'RS-TC1'") == 3);
            // A marker after the third sample: the same device's next message, a login with a
            // certificate nobody registered, raises an alarm of its own. Its shard evaluates it after
            // the third sample and stores its alarm after anything the third sample raised.
            dev.publish("sitewatch/v1/RS/RS-TC1/event", "{\"ts\":" + (t + 25_000)
                    + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"RS-UNREGISTERED\"}}", 1);
            ServiceFixture.awaitQuery("the marker's alarm (unknown certificate)", Duration.ofSeconds(10),
                    () -> !ofRule(alarms(third, "RS-TC1"), "operator.certificate").isEmpty());
            JsonNode all = alarms(third, "RS-TC1");
            List<JsonNode> after = ofRule(all, "tower_crane.moment");
            assertEquals(2, all.size(), "the moment alarm and the marker's, nothing else: " + all);
            assertEquals(1, after.size(), "no duplicate alarm after the restart");
            assertEquals(a.get("id").asText(), after.get(0).get("id").asText());
            assertEquals("active", after.get(0).get("state").asText(), "the open alarm stays open");
            third.close();
        }
    }

    @Test
    void rulesReloadWithoutRestartAndABadFileIsRefused() throws Exception {
        Path rules = Files.createTempFile("rules", ".yaml");
        Files.writeString(rules, """
                version: 2
                rules:
                  - id: env.pm10_strict
                    deviceKind: env
                    type: threshold
                    metric: pm10_ugm3
                    alarm: 100
                    source: "test: a city with a stricter instantaneous limit"
                """);
        String db = TestPostgres.newDatabase();
        SiteWatchService s = start(ServiceFixture.config(db, TestBroker.shared().url(), "rules-reload-it",
                Map.of("alarms.rulesFile", rules.toString(), "alarms.rulesCheckIntervalS", "1")));
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "rules-reload-device")) {
            int port = s.httpPort();
            ServiceFixture.expect(200, http(port, "PUT", "/api/v1/sites/RL", ADMIN, "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\"}"));
            ServiceFixture.expect(200, http(port, "PUT", "/api/v1/devices/RL-ENV", ADMIN, "{\"siteId\":\"RL\",\"kind\":\"env\",\"periodS\":60}"));
            long t = System.currentTimeMillis() - 60_000;
            dev.publish("sitewatch/v1/RL/RL-ENV/telemetry", "{\"ts\":" + t + ",\"values\":{\"pm10_ugm3\":120}}", 1);
            ServiceFixture.awaitQuery("alarm by the file's rule", Duration.ofSeconds(10), () -> alarms(s, "RL-ENV").size() == 1);

            Files.writeString(rules, "rules:\n  - {id: env.pm10_strict, deviceKind: env, type: threshold, metric: pm10_ugm3, alarm: 300, source: s, colour: red}\n");
            var refused = http(port, "POST", "/api/v1/alarm-rules/reload", ADMIN, null);
            assertEquals(422, refused.statusCode());
            assertTrue(refused.body().contains("colour"), refused.body());
            JsonNode inForce = JSON.readTree(http(port, "GET", "/api/v1/alarm-rules", ADMIN, null).body());
            assertEquals(2, inForce.get("version").asInt(), "the old rules stay in force");

            Files.writeString(rules, "version: 3\nrules:\n  - {id: env.pm10_strict, deviceKind: env, type: threshold, metric: pm10_ugm3, alarm: 300, source: s}\n");
            ServiceFixture.awaitQuery("the file watcher reloads", Duration.ofSeconds(10), () ->
                    JSON.readTree(http(port, "GET", "/api/v1/alarm-rules", ADMIN, null).body()).get("version").asInt() == 3);
            dev.publish("sitewatch/v1/RL/RL-ENV/telemetry", "{\"ts\":" + (t + 60_000) + ",\"values\":{\"pm10_ugm3\":120}}", 1);
            ServiceFixture.awaitQuery("cleared under the new level", Duration.ofSeconds(10),
                    () -> alarms(s, "RL-ENV").get(0).get("state").asText().equals("cleared"));
        } finally {
            s.close();
        }
    }
}

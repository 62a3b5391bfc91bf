package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.RATER;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.SimulatorRun;
import io.sitewatch.testkit.TestBroker;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end: site FZ-GL-001 of the demo fleet simulated for three days in accelerated time over
 * MQTT (normal days: every system reports, the recorder's officers clock in and log, hazards are
 * rectified, operators hold valid certificates, no alarm) gets the star the bundled catalogue
 * (2026.1) predicts: every automatic item at full points (tower crane 10, hoist 8, gondola 4,
 * dust/noise 10, pit 8, formwork 6, recorder 6, recorder compliance 10, hazard rectification 10,
 * certificates 8) but alarm handling, which has no alarm to measure and earns the half its
 * {@code noEvidence} rule gives (5, shown as no evidence); the manual items (training, BIM) at 0 —
 * 85 of 100, three stars. The same rating comes out before the telemetry is rolled up (the periodic
 * rollup held off: every minute still pending, read from the stored samples) and after.
 */
class RatingSimulatedSiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void threeSimulatedDaysEarnThePredictedStar() throws Exception {
        String db = TestPostgres.newDatabase();
        try (SiteWatchService service = Components.service(ServiceFixture.config(db, TestBroker.shared().url(),
                "rating-sim-it", Map.of("database.rollupIntervalS", "3600"))).start()) {
            LocalDate first = LocalDate.now(SHANGHAI).minusDays(3);
            SimulatorRun.importScenarioFleet(service, "FZ-GL-001", first, 3);
            ServiceFixture.awaitConnected(service);
            long acked = SimulatorRun.simulate("scenario", "normal-day", "--site", "FZ-GL-001", "--seed", "42",
                    "--time-scale", "0", "--start", first.toString(), "--duration", "3d");
            SimulatorRun.settle(service, acked);
            int port = service.httpPort();
            for (String gate : new String[] {"no_accident", "no_wage_arrears"}) {
                expect(200, http(port, "PUT", "/api/v1/sites/FZ-GL-001/manual-evidence/" + gate, RATER,
                        "{\"value\":1,\"comment\":\"质安站记录核查：无\",\"attachmentSha256\":\"" + "b".repeat(64) + "\"}"));
            }
            long from = first.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
            long to = first.plusDays(3).atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
            long pending = ServiceFixture.queryLong(db, "SELECT count(DISTINCT bucket) FROM rollup_pending WHERE bucket >= to_timestamp("
                    + from / 1000 + ") AND bucket < to_timestamp(" + to / 1000 + ")");
            assertTrue(pending > 3 * 600, "the three days wait for the rollup: " + pending + " minutes pending");
            var r = http(port, "GET", "/api/v1/sites/FZ-GL-001/rating?from=" + from + "&to=" + to, RATER, null);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode beforeRollup = JSON.readTree(r.body());
            assertTrue(service.housekeeping().rollupNow() >= pending);
            r = http(port, "GET", "/api/v1/sites/FZ-GL-001/rating?from=" + from + "&to=" + to, RATER, null);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode rating = JSON.readTree(r.body());
            assertEquals(0, ServiceFixture.queryLong(db, "SELECT count(*) FROM rollup_pending WHERE bucket < to_timestamp(" + to / 1000 + ")"));
            for (String field : new String[] {"stars", "score", "starReason", "gates", "items"}) {
                assertEquals(rating.get(field), beforeRollup.get(field), field + " before the rollup and after");
            }
            StringBuilder items = new StringBuilder();
            rating.get("items").forEach(i -> items.append(i.get("id").asText()).append('=').append(i.get("points").asDouble())
                    .append('/').append(i.get("maxPoints").asDouble()).append(' '));
            System.out.println("[rating-sim-it] stars " + rating.get("stars") + " score " + rating.get("score") + ": " + items);
            for (JsonNode gate : rating.get("gates")) {
                assertTrue(gate.get("met").asBoolean(), "gate " + gate);
            }
            JsonNode alarms = null;
            for (JsonNode i : rating.get("items")) {
                if (i.get("id").asText().equals("alarm_handling")) {
                    alarms = i;
                }
            }
            assertEquals("no_evidence", alarms.path("status").asText(), alarms.toString());
            assertEquals(5.0, alarms.get("points").asDouble(), 0.001);
            assertEquals(85.0, rating.get("score").asDouble(), 0.01, items.toString());
            assertEquals(3, rating.get("stars").asInt(), rating.get("starReason").asText());
            // Downloaded as CSV: UTF-8 with a byte order mark, so that Excel on a Chinese Windows reads it.
            var csv = http(port, "GET", "/api/v1/sites/FZ-GL-001/rating?format=csv&from=" + from + "&to=" + to, RATER, null);
            assertEquals(200, csv.statusCode(), csv.body());
            // The BOM, then the project's heading (named, not by id), then the breakdown.
            assertTrue(csv.body().startsWith("\uFEFFproject,项目名称 (project)"), csv.body());
            assertTrue(csv.body().contains("\nsection,id,module,points,max_points,met,explanation\n"), csv.body());
        }
    }
}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.DEVICE_ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.RATER;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.awaitQuery;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestPostgres;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real sites over HTTP (http-api.md 1.1, "Registry"): a site's location and working hours, a
 * device's service fields, the site calendar merged from the national holidays and the marks of
 * the site and a regulator, key personnel and their monthly attendance from recorder clock-ins
 * that went through MQTT and ingest like any device's.
 */
class RealSitesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SITE = "/api/v1/sites/FZ-RS";
    /** July 2026: 27 days Monday to Saturday and no national holiday; the typhoon stops one. */
    private static final LocalDate TYPHOON = LocalDate.of(2026, 7, 28);
    private static final double LAT = 26.0822;
    private static final double LON = 119.2965;
    private static SiteWatchService service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        service = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "real-sites-it", Map.of())).start();
        port = service.httpPort();
        expect(200, http(port, "PUT", SITE, ADMIN, """
                {"name":"鼓楼某项目","region":"350102","kind":"building",
                 "location":{"lat":%s,"lon":%s,"radiusM":300},
                 "workingHours":{"from":"07:00","to":"19:00","days":[1,2,3,4,5,6]}}""".formatted(LAT, LON)));
        expect(200, http(port, "PUT", "/api/v1/devices/FZ-RS-REC", ADMIN,
                "{\"siteId\":\"FZ-RS\",\"kind\":\"recorder\",\"name\":\"执法记录仪\",\"periodS\":60}"));
        expect(200, http(port, "PUT", SITE + "/personnel/PM-01", DEVICE_ADMIN,
                "{\"name\":\"王建国\",\"role\":\"project_manager\",\"certNo\":\"闽建安B(2020)0012345\"}"));
        expect(200, http(port, "PUT", SITE + "/calendar/" + TYPHOON, REG_FUZHOU,
                "{\"working\":false,\"reason\":\"typhoon\",\"note\":\"台风红色预警，全市停工\"}"));
        ServiceFixture.await("consumer connected", Duration.ofSeconds(20),
                () -> service.prometheus().get(IngestMetrics.BROKER_CONNECTED).gauge().value() == 1);

        // The project manager clocks in on 20 of July's 26 working days inside the fence, once 3 km
        // north of it on another working day, and once on the typhoon day.
        List<LocalDate> working = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 7, 1); d.getMonthValue() == 7; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SUNDAY && !d.equals(TYPHOON)) {
                working.add(d);
            }
        }
        assertEquals(26, working.size());
        try (TestDevices rec = new TestDevices(TestBroker.shared().url(), "real-sites-recorder")) {
            for (LocalDate d : working.subList(0, 20)) {
                clockIn(rec, d, LAT + 0.0003, LON);
            }
            clockIn(rec, working.get(20), LAT + 0.027, LON);
            clockIn(rec, TYPHOON, LAT, LON);
        }
        awaitQuery("clock-ins stored", Duration.ofSeconds(15),
                () -> queryLong(service, "SELECT count(*) FROM device_event WHERE site_id = 'FZ-RS' AND type = 'clock_in'") == 22);
    }

    private static void clockIn(TestDevices rec, LocalDate d, double lat, double lon) throws Exception {
        long ts = d.atTime(7, 40).atZone(ZONE).toInstant().toEpochMilli();
        rec.publish("sitewatch/v1/FZ-RS/FZ-RS-REC/event", """
                {"ts":%d,"type":"clock_in","data":{"officer_id":"PM-01","role":"project_manager","lat":%s,"lon":%s}}"""
                .formatted(ts, lat, lon), 1);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static Map<String, JsonNode> days(String token, String from, String to) throws Exception {
        HttpResponse<String> r = http(port, "GET", SITE + "/calendar?from=" + from + "&to=" + to, token, null);
        expect(200, r);
        Map<String, JsonNode> out = new HashMap<>();
        json(r).get("days").forEach(d -> out.put(d.get("date").asText(), d));
        return out;
    }

    /** A 400 whose message names what was wrong. */
    private static void badRequest(String naming, HttpResponse<String> r) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        String message = json(r).get("message").asText();
        assertTrue(message.startsWith(naming), "the message names " + naming + ": " + message);
    }

    @Test
    void aSiteKeepsItsLocationAndWorkingHoursAndADeviceItsService() throws Exception {
        JsonNode site = json(http(port, "GET", SITE, REG_FUZHOU, null));
        assertEquals(LAT, site.at("/location/lat").asDouble());
        assertEquals(300.0, site.at("/location/radiusM").asDouble());
        assertEquals("{\"from\":\"07:00\",\"to\":\"19:00\",\"days\":[1,2,3,4,5,6]}", site.get("workingHours").toString());
        JsonNode listed = json(http(port, "GET", "/api/v1/sites", RATER, null)).get("items");
        listed.forEach(s -> assertTrue(s.has("workingHours"), s.toString()));

        expect(200, http(port, "PUT", "/api/v1/devices/FZ-RS-HO1", DEVICE_ADMIN, """
                {"siteId":"FZ-RS","kind":"hoist","name":"1#施工升降机","periodS":10,"installDate":"2026-03-01",
                 "registration":{"no":"闽AS-2026-0001","validTo":"2028-02-28"},"inspection":{"validTo":"2027-02-28"},
                 "fallArrester":{"validTo":"2027-03-01"}}"""));
        JsonNode hoist = json(http(port, "GET", "/api/v1/devices/FZ-RS-HO1", REG_FUZHOU, null));
        assertEquals("2026-03-01", hoist.get("installDate").asText());
        assertTrue(hoist.get("removeDate").isNull());
        assertEquals("working_hours", hoist.get("schedule").asText(), "a hoist reports while its site works");
        assertEquals("闽AS-2026-0001", hoist.at("/registration/no").asText());
        assertEquals("2027-02-28", hoist.at("/inspection/validTo").asText());
        assertEquals("2027-03-01", hoist.at("/fallArrester/validTo").asText());
        expect(200, http(port, "PUT", "/api/v1/devices/FZ-RS-ENV", DEVICE_ADMIN,
                "{\"siteId\":\"FZ-RS\",\"kind\":\"env\",\"periodS\":60}"));
        assertEquals("continuous", json(http(port, "GET", "/api/v1/devices/FZ-RS-ENV", ADMIN, null)).get("schedule").asText());
    }

    @Test
    void aTyphoonMarkIsOnTheCalendarAsTheRegulators() throws Exception {
        Map<String, JsonNode> days = days(RATER, "2026-07-27", "2026-07-29");
        assertEquals(3, days.size());
        JsonNode typhoon = days.get("2026-07-28");
        assertFalse(typhoon.get("working").asBoolean());
        assertEquals("typhoon", typhoon.get("reason").asText());
        assertEquals("regulator", typhoon.get("source").asText());
        assertEquals("台风红色预警，全市停工", typhoon.get("note").asText());
        assertTrue(days.get("2026-07-27").get("working").asBoolean());
        assertEquals("national", days.get("2026-07-27").get("source").asText());

        // The site's staff cannot lift a regulator's stop; an admin can mark as the site.
        HttpResponse<String> lift = http(port, "PUT", SITE + "/calendar/" + TYPHOON, DEVICE_ADMIN, "{\"working\":true}");
        assertEquals(403, lift.statusCode(), lift.body());
        assertEquals(403, http(port, "DELETE", SITE + "/calendar/" + TYPHOON, DEVICE_ADMIN, null).statusCode());
        assertFalse(days(ADMIN, "2026-07-28", "2026-07-28").get("2026-07-28").get("working").asBoolean());
        // A night-work permit on a working day, marked by the site.
        HttpResponse<String> night = http(port, "PUT", SITE + "/calendar/2026-08-06", DEVICE_ADMIN,
                "{\"working\":true,\"reason\":\"other\",\"note\":\"底板混凝土浇筑\",\"extraHours\":{\"from\":\"19:00\",\"to\":\"23:30\",\"permit\":\"榕夜证〔2026〕031号\"}}");
        expect(200, night);
        assertEquals("site", json(night).get("source").asText());
        assertEquals("{\"from\":\"19:00\",\"to\":\"23:30\",\"permit\":\"榕夜证〔2026〕031号\"}", json(night).get("extraHours").toString());
        expect(200, http(port, "DELETE", SITE + "/calendar/2026-08-06", DEVICE_ADMIN, null));
        assertEquals("national", days(ADMIN, "2026-08-06", "2026-08-06").get("2026-08-06").get("source").asText());
        assertEquals(404, http(port, "DELETE", SITE + "/calendar/2026-08-06", DEVICE_ADMIN, null).statusCode());

        // Roles and scope as for the site's other data.
        assertEquals(403, http(port, "PUT", SITE + "/calendar/2026-08-07", RATER, "{\"working\":false}").statusCode());
        assertEquals(404, http(port, "PUT", SITE + "/calendar/2026-08-07", REG_XIAMEN, "{\"working\":false}").statusCode());
        assertEquals(404, http(port, "GET", SITE + "/calendar?from=2026-07-01&to=2026-07-31", REG_XIAMEN, null).statusCode());
    }

    @Test
    void theNationalHolidaysAreShownWithSourceNational() throws Exception {
        Map<String, JsonNode> days = days(REG_FUZHOU, "2026-09-20", "2026-10-08");
        JsonNode nationalDay = days.get("2026-10-01");
        assertFalse(nationalDay.get("working").asBoolean());
        assertEquals("holiday", nationalDay.get("reason").asText());
        assertEquals("national", nationalDay.get("source").asText());
        assertEquals("国庆节", nationalDay.get("note").asText());
        assertEquals("National Day", nationalDay.get("noteEn").asText());
        assertFalse(days.get("2026-10-07").get("working").asBoolean());
        assertTrue(days.get("2026-10-08").get("working").asBoolean());
        // A Sunday, outside the site's week, worked in place of a holiday (调休).
        JsonNode makeUp = days.get("2026-09-20");
        assertTrue(makeUp.get("working").asBoolean());
        assertEquals("调休上班", makeUp.get("note").asText());
        assertEquals("make-up working day", makeUp.get("noteEn").asText());
        assertFalse(days.get("2026-09-27").get("working").asBoolean(), "an ordinary Sunday");
        JsonNode unpublished = days(ADMIN, "2027-01-01", "2027-01-01").get("2027-01-01");
        assertTrue(unpublished.get("calendarMissing").asBoolean(), "2027's holidays are not published: not guessed");
    }

    @Test
    void badRequestsNameTheParameter() throws Exception {
        badRequest("from", http(port, "GET", SITE + "/calendar?from=2026-13-01&to=2026-12-31", ADMIN, null));
        badRequest("from", http(port, "GET", SITE + "/calendar?to=2026-12-31", ADMIN, null));
        badRequest("to", http(port, "GET", SITE + "/calendar?from=2026-07-01&to=2026-06-30", ADMIN, null));
        badRequest("from–to spans 367 days", http(port, "GET", SITE + "/calendar?from=2026-01-01&to=2027-01-02", ADMIN, null));
        expect(200, http(port, "GET", SITE + "/calendar?from=2028-01-01&to=2028-12-31", ADMIN, null)); // a leap year: 366 days
        badRequest("date", http(port, "PUT", SITE + "/calendar/2026-02-30", ADMIN, "{\"working\":false}"));
        badRequest("reason", http(port, "PUT", SITE + "/calendar/2026-08-07", ADMIN, "{\"working\":false,\"reason\":\"rain\"}"));
        badRequest("working", http(port, "PUT", SITE + "/calendar/2026-08-07", ADMIN, "{\"reason\":\"typhoon\"}"));
        badRequest("working", http(port, "PUT", SITE + "/calendar/2026-08-07", ADMIN, "{\"working\":\"perhaps\"}"));
        badRequest("extraHours.to", http(port, "PUT", SITE + "/calendar/2026-08-07", ADMIN,
                "{\"working\":true,\"extraHours\":{\"from\":\"19:00\",\"to\":\"25:00\"}}"));
        badRequest("extraHours", http(port, "PUT", SITE + "/calendar/2026-08-07", ADMIN,
                "{\"working\":false,\"reason\":\"typhoon\",\"extraHours\":{\"from\":\"19:00\",\"to\":\"23:00\"}}"));
        badRequest("workingHours.from", http(port, "PUT", "/api/v1/sites/FZ-BAD", ADMIN,
                "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\",\"workingHours\":{\"from\":\"7:00\",\"to\":\"19:00\",\"days\":[1]}}"));
        badRequest("workingHours.days", http(port, "PUT", "/api/v1/sites/FZ-BAD", ADMIN,
                "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\",\"workingHours\":{\"from\":\"07:00\",\"to\":\"19:00\",\"days\":[0]}}"));
        badRequest("location.lat", http(port, "PUT", "/api/v1/sites/FZ-BAD", ADMIN,
                "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\",\"location\":{\"lat\":126.1,\"lon\":119.3,\"radiusM\":300}}"));
        badRequest("fallArrester", http(port, "PUT", "/api/v1/devices/FZ-RS-TC9", ADMIN,
                "{\"siteId\":\"FZ-RS\",\"kind\":\"tower_crane\",\"periodS\":10,\"fallArrester\":{\"validTo\":\"2027-01-01\"}}"));
        badRequest("schedule", http(port, "PUT", "/api/v1/devices/FZ-RS-TC9", ADMIN,
                "{\"siteId\":\"FZ-RS\",\"kind\":\"tower_crane\",\"periodS\":10,\"schedule\":\"nights\"}"));
        badRequest("registration", http(port, "PUT", "/api/v1/devices/FZ-RS-TC9", ADMIN,
                "{\"siteId\":\"FZ-RS\",\"kind\":\"tower_crane\",\"periodS\":10,\"registration\":\"闽AS-1\"}"));
        badRequest("workingHours.days[1]", http(port, "PUT", "/api/v1/sites/FZ-BAD", ADMIN,
                "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\",\"workingHours\":{\"from\":\"07:00\",\"to\":\"19:00\",\"days\":[1,\"Tue\"]}}"));
        badRequest("removeDate", http(port, "PUT", "/api/v1/devices/FZ-RS-TC9", ADMIN,
                "{\"siteId\":\"FZ-RS\",\"kind\":\"tower_crane\",\"periodS\":10,\"installDate\":\"2026-05-01\",\"removeDate\":\"2026-04-30\"}"));
        badRequest("role", http(port, "PUT", SITE + "/personnel/X-1", ADMIN, "{\"name\":\"某人\",\"role\":\"foreman\"}"));
        badRequest("month", http(port, "GET", SITE + "/attendance?month=2026-7", ADMIN, null));
        badRequest("month", http(port, "GET", SITE + "/attendance", ADMIN, null));
        assertEquals(404, http(port, "GET", "/api/v1/sites/FZ-BAD", ADMIN, null).statusCode(), "nothing was stored");
    }

    @Test
    void keyPersonnelAreKeptPerSite() throws Exception {
        expect(200, http(port, "PUT", SITE + "/personnel/SO-09", DEVICE_ADMIN, "{\"name\":\"李安全\",\"role\":\"safety_officer\"}"));
        JsonNode items = json(http(port, "GET", SITE + "/personnel", REG_FUZHOU, null)).get("items");
        assertEquals(List.of("PM-01", "SO-09"), List.of(items.get(0).get("personId").asText(), items.get(1).get("personId").asText()));
        JsonNode pm = json(http(port, "GET", SITE + "/personnel/PM-01", RATER, null));
        assertEquals("project_manager", pm.get("role").asText());
        assertEquals("闽建安B(2020)0012345", pm.get("certNo").asText());
        assertEquals(403, http(port, "PUT", SITE + "/personnel/SO-09", REG_FUZHOU, "{\"name\":\"x\",\"role\":\"safety_officer\"}").statusCode());
        assertEquals(404, http(port, "GET", SITE + "/personnel", REG_XIAMEN, null).statusCode());
        expect(200, http(port, "DELETE", SITE + "/personnel/SO-09", DEVICE_ADMIN, null));
        assertEquals(404, http(port, "GET", SITE + "/personnel/SO-09", ADMIN, null).statusCode());
    }

    @Test
    void aProjectManagerOn20Of26WorkingDaysIsNotMetAndRefusedClockInsSayWhy() throws Exception {
        HttpResponse<String> r = http(port, "GET", SITE + "/attendance?month=2026-07", REG_FUZHOU, null);
        expect(200, r);
        JsonNode month = json(r);
        assertEquals(26, month.get("workingDays").asInt(), "the typhoon day is not a working day");
        assertTrue(month.get("complete").asBoolean());
        assertTrue(month.get("fenceChecked").asBoolean());
        JsonNode pm = month.get("items").get(0);
        assertEquals("PM-01", pm.get("personId").asText());
        assertEquals("project_manager", pm.get("role").asText());
        assertEquals(26, pm.get("workingDays").asInt());
        assertEquals(20, pm.get("presentDays").asInt());
        assertEquals(20.0 / 26, pm.get("ratio").asDouble(), 1e-12);
        assertEquals("0.769", String.format("%.3f", pm.get("ratio").asDouble()));
        assertEquals(0.8, pm.get("required").asDouble());
        assertFalse(pm.get("met").asBoolean());
        assertEquals("项目负责人", pm.get("roleName").asText());
        assertEquals("Project manager", pm.get("roleNameEn").asText());
        JsonNode refused = month.get("refused");
        assertEquals(2, refused.size(), refused.toString());
        assertEquals("outside_fence", refused.get(0).get("reason").asText());
        assertEquals(3002.0, refused.get(0).get("distanceM").asDouble(), 10.0);
        assertEquals("FZ-RS-REC", refused.get(0).get("deviceId").asText());
        assertEquals("not_working_day", refused.get(1).get("reason").asText());
        assertEquals(TYPHOON.atTime(7, 40).atZone(ZONE).toInstant().toEpochMilli(), refused.get(1).get("ts").asLong());
    }
}

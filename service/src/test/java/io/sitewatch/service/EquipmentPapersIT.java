package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Equipment papers and night work end to end over a real broker into a real database: a crane
 * lifting with an expired use registration and a hoist moving with an expired fall-arrester
 * calibration raise the papers alarm; a crane lifting at 23:00 without a night-work permit warns,
 * and one lifting inside a permit's extra hours does not (shown by the same crane warning once it
 * lifts past the permit's end). Exact alarm sequences, read through the API.
 */
class EquipmentPapersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** An ordinary Tuesday, no national holiday: the site works 07:00–19:00. */
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 17);
    private static final List<String> RULES = List.of("tower_crane.registration", "hoist.fall_arrester", "tower_crane.night_work");

    private static SiteWatchService service;
    private static int port;
    private static TestDevices devices;

    @BeforeAll
    static void start() throws Exception {
        service = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "papers-it", Map.of())).start();
        ServiceFixture.awaitConnected(service);
        port = service.httpPort();
        expect(200, http(port, "PUT", "/api/v1/sites/EP", ADMIN, """
                {"name":"证照测试工地","region":"350102","kind":"building",
                 "workingHours":{"from":"07:00","to":"19:00","days":[1,2,3,4,5,6,7]}}"""));
        String expired = LocalDate.now(ZONE).minusDays(3).toString();
        String valid = LocalDate.now(ZONE).plusYears(1).toString();
        device("EP-TC1", "tower_crane", "\"registration\":{\"no\":\"闽F-T-2024-0001\",\"validTo\":\"" + expired + "\"},"
                + "\"inspection\":{\"validTo\":\"" + valid + "\"}");
        device("EP-HS1", "hoist", "\"registration\":{\"no\":\"闽F-S-2024-0002\",\"validTo\":\"" + valid + "\"},"
                + "\"inspection\":{\"validTo\":\"" + valid + "\"},\"fallArrester\":{\"validTo\":\"" + expired + "\"}");
        String papers = "\"registration\":{\"no\":\"闽F-T-2024-0003\",\"validTo\":\"" + valid + "\"},\"inspection\":{\"validTo\":\"" + valid + "\"}";
        device("EP-TC2", "tower_crane", papers);
        device("EP-TC3", "tower_crane", papers);
        expect(200, http(port, "PUT", "/api/v1/sites/EP/calendar/" + NIGHT, ADMIN, """
                {"working":true,"note":"底板混凝土浇筑","extraHours":{"from":"19:00","to":"23:30","permit":"榕环夜证〔2026〕117号"}}"""));
        devices = new TestDevices(TestBroker.shared().url(), "papers-it-devices");
    }

    @AfterAll
    static void stop() throws Exception {
        devices.close();
        service.close();
    }

    /** Report period 600 s and watched around the clock: no offline alarm within the test. */
    private static void device(String id, String kind, String service) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/devices/" + id, ADMIN, "{\"siteId\":\"EP\",\"kind\":\"" + kind
                + "\",\"periodS\":600,\"schedule\":\"continuous\"," + service + "}"));
    }

    private static void telemetry(String device, long ts, String values) throws Exception {
        devices.publish("sitewatch/v1/EP/" + device + "/telemetry", "{\"ts\":" + ts + ",\"values\":{" + values + "}}", 1);
    }

    private static long at(LocalDate d, int hour, int minute) {
        return LocalDateTime.of(d, java.time.LocalTime.of(hour, minute)).atZone(ZONE).toInstant().toEpochMilli();
    }

    /** The device's transitions of the rules under test, oldest first, as "rule level transition". */
    private static List<String> history(String device) throws Exception {
        return ServiceFixture.alarmHistory(port, device).stream().filter(h -> RULES.contains(h.substring(0, h.indexOf(' ')))).toList();
    }

    private static void awaitHistory(String device, List<String> expected) throws Exception {
        ServiceFixture.awaitQuery(device + " alarms " + expected, Duration.ofSeconds(30), () -> history(device).equals(expected));
    }

    @Test
    void liftingWithExpiredPapersRaisesThePapersAlarm() throws Exception {
        long now = System.currentTimeMillis();
        telemetry("EP-TC1", now, "\"load_pct\":45,\"moment_pct\":40");
        telemetry("EP-HS1", now, "\"load_pct\":0,\"speed_ms\":0.8");
        awaitHistory("EP-TC1", List.of("tower_crane.registration alarm raised"));
        awaitHistory("EP-HS1", List.of("hoist.fall_arrester alarm raised"));
        // Still lifting: the same alarm, not a second one. The marker: a login with an unregistered
        // certificate on the same crane, evaluated after the sample before it.
        telemetry("EP-TC1", now + 1000, "\"load_pct\":50,\"moment_pct\":45");
        devices.publish("sitewatch/v1/EP/EP-TC1/event", "{\"ts\":" + (now + 2000)
                + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"EP-UNREGISTERED\"}}", 1);
        ServiceFixture.awaitQuery("the marker's certificate alarm", Duration.ofSeconds(30),
                () -> JSON.readTree(http(port, "GET", "/api/v1/alarms?state=all&device=EP-TC1", ADMIN, null).body()).get("items")
                        .findValuesAsText("rule").contains("operator.certificate"));
        assertEquals(List.of("tower_crane.registration alarm raised"), history("EP-TC1"));
    }

    @Test
    void liftingAt23WithoutAPermitWarnsAndInsideAPermitDoesNot() throws Exception {
        LocalDate other = NIGHT.plusDays(7);
        telemetry("EP-TC2", at(other, 23, 0), "\"load_t\":3.2,\"load_pct\":40");
        awaitHistory("EP-TC2", List.of("tower_crane.night_work warning raised"));
        // Inside the permit (19:00–23:30 on NIGHT): nothing; then past its end: the warning. The
        // warning after the permit's end is the marker that the sample inside it was judged.
        telemetry("EP-TC3", at(NIGHT, 23, 0), "\"load_t\":3.2,\"load_pct\":40");
        telemetry("EP-TC3", at(NIGHT, 23, 45), "\"load_t\":3.2,\"load_pct\":40");
        awaitHistory("EP-TC3", List.of("tower_crane.night_work warning raised"));
        JsonNode alarms = JSON.readTree(http(port, "GET", "/api/v1/alarms?state=all&device=EP-TC3", ADMIN, null).body()).get("items");
        long nightWork = 0;
        for (JsonNode a : alarms) {
            if (a.get("rule").asText().equals("tower_crane.night_work")) {
                nightWork++;
                assertEquals(at(NIGHT, 23, 45), a.get("startTs").asLong(), "raised by the sample past the permit, not the one inside it");
            }
        }
        assertEquals(1, nightWork);
    }
}

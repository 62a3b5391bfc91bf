package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ShiftedClock;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offline rule on the site's own time, end to end over a real broker into a real database,
 * with the service on a clock moved to the moment each scenario needs (it runs at the real rate;
 * the test moves it forward as the night passes). Each scenario has its own service and database.
 *
 * <p>The site works Monday to Saturday, 07:00–19:00 Asia/Shanghai, with the national calendar;
 * the offline grace is the default 30 min at each end of the shift. The crane ({@code working_hours})
 * reports every 2 s (offline after 6 s of expected time); the pit point ({@code continuous}) every
 * 5 s (15 s). The pit point's offline alarm is the marker that the crane's silence was judged:
 * the crane's deadline came up before it, so had the crane been due an alarm, it would be there.
 * Every assertion is the exact list of alarm transitions.
 */
class SiteTimeScenarioIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SITE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SITE = "ST";
    private static final String CRANE = "ST-TC1";
    private static final String PIT = "ST-PIT1";
    private static final List<String> OFFLINE = List.of("device.offline alarm raised");

    private ShiftedClock clock;
    private SiteWatchService service;
    private int port;
    private TestDevices devices;

    /**
     * Starts a service with its own database and consumer session, registers the site and its
     * devices, then moves its clock to {@code siteTime} on the site's wall clock (the set-up runs a
     * minute before, so the scenario's first step is at the exact time whatever the set-up took).
     */
    private void startAt(LocalDateTime siteTime) throws Exception {
        clock = new ShiftedClock(siteTime.minusMinutes(1).atZone(SITE_ZONE).toInstant());
        service = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "site-time-it-" + UUID.randomUUID(), Map.of()), clock).start();
        ServiceFixture.awaitConnected(service);
        port = service.httpPort();
        expect(200, http(port, "PUT", "/api/v1/sites/" + SITE, ADMIN, """
                {"name":"作息测试工地","region":"350102","kind":"building","timezone":"Asia/Shanghai",
                 "workingHours":{"from":"07:00","to":"19:00","days":[1,2,3,4,5,6]}}"""));
        expect(200, http(port, "PUT", "/api/v1/devices/" + CRANE, ADMIN,
                "{\"siteId\":\"" + SITE + "\",\"kind\":\"tower_crane\",\"periodS\":2,\"schedule\":\"working_hours\"}"));
        expect(200, http(port, "PUT", "/api/v1/devices/" + PIT, ADMIN,
                "{\"siteId\":\"" + SITE + "\",\"kind\":\"pit\",\"periodS\":5,\"schedule\":\"continuous\"}"));
        devices = new TestDevices(TestBroker.shared().url(), "site-time-it-devices");
        moveTo(siteTime);
    }

    @AfterEach
    void stop() throws Exception {
        if (devices != null) {
            devices.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private void moveTo(LocalDateTime siteTime) {
        clock.moveTo(siteTime.atZone(SITE_ZONE).toInstant());
    }

    private static String topic(String device, String channel) {
        return "sitewatch/v1/" + SITE + "/" + device + "/" + channel;
    }

    /** A sample stamped with the service's (moved) clock, as a device whose clock is right would. */
    private void telemetry(String device, String values) throws Exception {
        devices.publish(topic(device, "telemetry"), "{\"ts\":" + clock.millis() + ",\"values\":{" + values + "}}", 1);
    }

    private void pitSample() throws Exception {
        telemetry(PIT, "\"disp_mm\":1.2,\"settle_mm\":0.8");
    }

    /** Waits until the service has stored the device's status. */
    private void awaitStatusStored(String device) throws Exception {
        ServiceFixture.awaitQuery("a status of " + device, Duration.ofSeconds(15),
                () -> ServiceFixture.queryLong(service, "SELECT count(*) FROM device_status WHERE device_id = '" + device + "'") >= 1);
    }

    /** Waits until the service has stored the device's sample stamped {@code ts}, read through the API. */
    private void awaitSampleStored(String device, long ts) throws Exception {
        ServiceFixture.awaitQuery("the sample of " + device + " at " + ts, Duration.ofSeconds(15), () -> JSON.readTree(http(port, "GET",
                "/api/v1/devices/" + device + "/telemetry?from=" + ts + "&to=" + (ts + 1), ADMIN, null).body()).get("points").size() > 0);
    }

    /** Transitions of the device's alarms (all states), oldest first, as "rule level transition". */
    private List<String> history(String device) throws Exception {
        return ServiceFixture.alarmHistory(port, device);
    }

    private void awaitHistory(String device, List<String> expected) throws Exception {
        ServiceFixture.awaitQuery(device + " alarms " + expected, Duration.ofSeconds(30), () -> history(device).equals(expected));
    }

    private JsonNode connection(String device) throws Exception {
        var r = http(port, "GET", "/api/v1/devices/" + device, ADMIN, null);
        expect(200, r);
        return JSON.readTree(r.body()).get("connection");
    }

    private long newestAlarmStart(String device) throws Exception {
        return JSON.readTree(http(port, "GET", "/api/v1/alarms?state=all&device=" + device, ADMIN, null).body())
                .get("items").get(0).get("startTs").asLong();
    }

    @Test
    void aCranePoweredDownAt19RaisesNothingOvernightAndAPitPointSilentAt03RaisesOffline() throws Exception {
        // Tuesday 17 November 2026, an ordinary working day.
        startAt(LocalDateTime.of(2026, 11, 17, 18, 59, 50));
        telemetry(CRANE, "\"moment_pct\":20,\"load_pct\":10");
        moveTo(LocalDateTime.of(2026, 11, 17, 19, 0));
        long offAt = clock.millis();
        devices.publish(topic(CRANE, "status"), "{\"online\":false,\"ts\":" + offAt + ",\"reason\":\"power_off\"}", 1);
        awaitStatusStored(CRANE);
        assertEquals("off", connection(CRANE).get("state").asText());

        // The night passes: the crane is silent; its offline deadline comes up within a second of the move.
        moveTo(LocalDateTime.of(2026, 11, 18, 2, 59, 50));
        pitSample();
        // The pit point falls silent at 03:00: offline 15 s after its sample, at night too (a continuous device).
        awaitHistory(PIT, OFFLINE);
        assertEquals(at(LocalDateTime.of(2026, 11, 18, 3, 0, 5)), newestAlarmStart(PIT), 2_000,
                "raised 15 s after the pit point's sample, on site time");
        assertEquals(List.of(), history(CRANE), "powered down at 19:00 with a reason: nothing overnight");
        JsonNode off = connection(CRANE);
        assertEquals("off", off.get("state").asText());
        assertEquals("power_off", off.get("reason").asText());
        assertEquals(offAt, off.get("since").asLong());

        // Morning: the crane powers up and works; its silence is watched again from its first sample.
        moveTo(LocalDateTime.of(2026, 11, 18, 7, 40));
        long upAt = clock.millis();
        telemetry(CRANE, "\"moment_pct\":25,\"load_pct\":15");
        awaitHistory(CRANE, OFFLINE);
        assertEquals(upAt + 6_000, newestAlarmStart(CRANE), 2_000, "silent 6 s inside the shift: offline");
        assertEquals(OFFLINE, history(PIT));
    }

    @Test
    void theCraneVanishingAt10OnAWorkingDayRaisesOffline() throws Exception {
        startAt(LocalDateTime.of(2026, 11, 17, 10, 0));
        MqttClient crane = craneWithLastWill("site-time-it-crane-1");
        awaitSampleStored(CRANE, publish(crane, "\"moment_pct\":30,\"load_pct\":20"));
        long vanishedAt = clock.millis(); // within its 6 s: the silence alone would not raise it yet
        crane.disconnectForcibly(0, 1000, false); // no DISCONNECT: the broker sends the last will
        crane.close();
        awaitHistory(CRANE, OFFLINE);
        JsonNode alarm = JSON.readTree(http(port, "GET", "/api/v1/alarms?device=" + CRANE, ADMIN, null).body()).get("items").get(0);
        assertEquals("the device reported itself offline (last will)", alarm.get("detail").asText());
        assertEquals(vanishedAt, alarm.get("startTs").asLong(), 3_000, "at once, on site time");
        assertEquals("offline", connection(CRANE).get("state").asText());
    }

    @Test
    void theSameConnectionDropAt20AfterTheShiftIsOffNotOffline() throws Exception {
        // Expected until 18:30 (the shift ends at 19:00, less the grace): 3 s of expected silence, then none.
        startAt(LocalDateTime.of(2026, 11, 17, 18, 29, 57));
        MqttClient crane = craneWithLastWill("site-time-it-crane-2");
        awaitSampleStored(CRANE, publish(crane, "\"moment_pct\":30,\"load_pct\":20"));
        moveTo(LocalDateTime.of(2026, 11, 17, 20, 0));
        crane.disconnectForcibly(0, 1000, false);
        crane.close();
        ServiceFixture.awaitQuery("the crane off after the shift", Duration.ofSeconds(15),
                () -> connection(CRANE).get("state").asText().equals("off"));
        assertEquals("outside_hours", connection(CRANE).get("reason").asText());
        // The marker: the pit point, silent from now, raises its alarm 15 s later; the crane nothing.
        pitSample();
        awaitHistory(PIT, OFFLINE);
        assertEquals(List.of(), history(CRANE));
    }

    @Test
    void silenceAt10OnANationalHolidayRaisesNothing() throws Exception {
        // Friday 2 October 2026: a weekday the site would work, but the National Day holiday (国庆节).
        startAt(LocalDateTime.of(2026, 10, 2, 9, 59, 30));
        telemetry(CRANE, "\"moment_pct\":20,\"load_pct\":10");
        pitSample();
        awaitHistory(PIT, OFFLINE);
        assertEquals(List.of(), history(CRANE), "silent at 10:00 on a national holiday: not expected to report");
        // Silent when not expected to report reads off, with why (9eac641), never offline.
        assertEquals("off", connection(CRANE).get("state").asText());
        assertEquals("outside_hours", connection(CRANE).get("reason").asText());
    }

    @Test
    void silenceAt10OnAMakeUpWorkingSundayRaisesOffline() throws Exception {
        // Sunday 20 September 2026: the site does not work Sundays, but this one is a make-up working day (调休上班).
        startAt(LocalDateTime.of(2026, 9, 20, 9, 59, 30));
        long last = clock.millis();
        telemetry(CRANE, "\"moment_pct\":20,\"load_pct\":10");
        pitSample();
        awaitHistory(CRANE, OFFLINE);
        assertEquals(last + 6_000, newestAlarmStart(CRANE), 2_000, "6 s of silence on a working day");
        awaitHistory(PIT, OFFLINE);
    }

    private MqttClient craneWithLastWill(String clientId) throws Exception {
        MqttClient c = new MqttClient(TestBroker.shared().url(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setWill(topic(CRANE, "status"), "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, false);
        c.connect(o);
        return c;
    }

    /** Publishes a crane sample stamped now (service clock) and returns its time stamp. */
    private long publish(MqttClient crane, String values) throws Exception {
        long ts = clock.millis();
        crane.publish(topic(CRANE, "telemetry"), ("{\"ts\":" + ts + ",\"values\":{" + values + "}}")
                .getBytes(StandardCharsets.UTF_8), 1, false);
        return ts;
    }

    private static long at(LocalDateTime siteTime) {
        return siteTime.atZone(SITE_ZONE).toInstant().toEpochMilli();
    }
}

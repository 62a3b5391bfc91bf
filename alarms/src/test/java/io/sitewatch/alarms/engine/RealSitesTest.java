package io.sitewatch.alarms.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Site;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real sites on a virtual clock: site S1 works 07:00–19:00 every day (Asia/Shanghai, national
 * holidays off), the offline grace is 30 min. Cranes report every 10 s (offline after 30 s of
 * expected silence), the pit point every 300 s.
 */
class RealSitesTest {

    private static final Site SITE = new Site("S1", "测试工地", "350102", null, "building", null, null, null, null, null);

    private static long cst(String isoLocal) {
        return java.time.LocalDateTime.parse(isoLocal).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    }

    private static Device crane(String id, DeviceService service) {
        return new Device(id, "S1", "tower_crane", id, 10, JsonNodeFactory.instance.objectNode(), service);
    }

    private static List<String> changes(List<AlarmChange> cs, long base) {
        // no_operator (nobody logged in) is pinned elsewhere; left out here.
        return cs.stream().filter(c -> !c.alarm().rule().endsWith(".no_operator")).map(c -> c.alarm().deviceId() + " " + c.alarm().rule() + " " + c.alarm().level().name().toLowerCase()
                + " " + c.transition().code() + " @" + (c.at() - base) / 1000).toList();
    }

    /** Without the offline rule (the crane was silent meanwhile; its offline is pinned by the tests above). */
    private static List<String> use(List<String> changes) {
        return changes.stream().filter(c -> !c.contains("device.offline")).toList();
    }

    private static ShardFixture fixture(long start, Device... devices) throws Exception {
        ShardFixture f = new ShardFixture(start);
        f.registry.put(SITE);
        for (Device d : devices) {
            f.registry.put(d);
        }
        return f;
    }

    @Test
    void aCranePoweredDownAt19WithAReasonRaisesNothingOvernight() throws Exception {
        long t = cst("2025-07-01T18:59:50");
        Device tc = crane("TC1", null);
        ShardFixture f = fixture(t, tc);
        f.open();
        f.telemetry(tc, Map.of("moment_pct", 10.0));
        f.advanceTo(cst("2025-07-01T19:00:00"));
        assertEquals(List.of(), f.receive(new IngestRecord.Status(tc, f.time.millis(), false, "power_off")));
        assertEquals(List.of(), changes(f.advanceTo(cst("2025-07-02T07:00:00")), t));
    }

    @Test
    void aCraneSilentFrom1850IsOfflineOnlyThreePeriodsAndTheGraceIntoTheNextShift() throws Exception {
        long t = cst("2025-07-01T18:50:00");
        Device tc = crane("TC1", null);
        ShardFixture f = fixture(t, tc);
        f.open();
        f.telemetry(tc, Map.of("moment_pct", 10.0));
        assertEquals(List.of(), f.advanceTo(cst("2025-07-02T07:05:00")));
        assertEquals(List.of(), f.advanceTo(cst("2025-07-02T07:30:29")));
        assertEquals(List.of("TC1 device.offline alarm raised @45630"), changes(f.advanceTo(cst("2025-07-02T07:30:30")), t));
    }

    @Test
    void aLastWillAt10OnAWorkingDayRaisesOfflineAndAtNightMakesItOff() throws Exception {
        long t = cst("2025-07-01T10:00:00");
        Device tc = crane("TC1", null);
        ShardFixture f = fixture(t, tc);
        f.open();
        f.telemetry(tc, Map.of("moment_pct", 10.0));
        assertEquals(List.of("TC1 device.offline alarm raised @0"),
                changes(f.receive(new IngestRecord.Status(tc, null, false, null)), t));
        f.advanceTo(cst("2025-07-01T21:00:00"));
        f.telemetry(tc, Map.of("moment_pct", 10.0));
        assertEquals(List.of(), f.receive(new IngestRecord.Status(tc, null, false, null)), "a last will at 21:00: off");
        assertEquals("off", f.shard.connection("TC1").state());
    }

    @Test
    void aCraneThatFellSilentAfterTheShiftReadsOffOutsideHoursAndOfflineIntoTheNextShift() throws Exception {
        // Expected until 18:30 (19:00 less the grace): 15 s of its 30 s limit are used up that evening.
        long t = cst("2025-07-01T18:29:45");
        Device tc = crane("TC1", null);
        ShardFixture f = fixture(t, tc);
        f.open();
        f.telemetry(tc, Map.of("moment_pct", 10.0));
        f.advanceTo(cst("2025-07-01T18:29:50"));
        assertEquals("online", f.shard.connection("TC1").state(), "within its period");
        f.advanceTo(cst("2025-07-01T20:00:00"));
        var off = f.shard.connection("TC1");
        assertEquals("off", off.state(), "silent after the shift, no status sent: off, not a fault");
        assertEquals("outside_hours", off.reason());
        assertEquals(t, off.since(), "off since it was last heard");
        assertEquals(List.of("TC1 device.offline alarm raised @46830"), changes(f.advanceTo(cst("2025-07-02T07:40:00")), t),
                "the other 15 s at 07:30 the next morning");
        assertEquals("offline", f.shard.connection("TC1").state());
    }

    @Test
    void silenceAt10OnNationalDayRaisesNothingAndAPitSilentAt3RaisesOffline() throws Exception {
        long t = cst("2026-10-01T09:59:00");
        Device tc = crane("TC1", null);
        Device pit = new Device("P1", "S1", "pit", "P1", 300, JsonNodeFactory.instance.objectNode());
        ShardFixture f = fixture(t, tc, pit);
        f.open();
        f.telemetry(tc, Map.of("moment_pct", 10.0));
        assertEquals(List.of(), f.advanceTo(cst("2026-10-01T18:00:00")), "国庆节: the crane is not expected");
        f.advanceTo(cst("2026-10-02T03:00:00"));
        f.telemetry(pit, Map.of("disp_mm", 1.0));
        assertEquals(List.of("P1 device.offline alarm raised @62160"),
                changes(f.advanceTo(cst("2026-10-02T03:15:00")), t));
    }

    @Test
    void liftingWithAnExpiredRegistrationAndAHoistWithAnExpiredFallArresterRaiseThePapersAlarm() throws Exception {
        long t = cst("2025-07-01T10:00:00");
        Device tc = crane("TC1", new DeviceService(null, null, null,
                new DeviceService.Registration("闽A-2024-001", "2025-06-30"), new DeviceService.Validity("2026-01-01"), null));
        Device hs = new Device("HS1", "S1", "hoist", "HS1", 10, JsonNodeFactory.instance.objectNode(),
                new DeviceService(null, null, null, null, null, new DeviceService.Validity("2025-06-15")));
        ShardFixture f = fixture(t, tc, hs);
        assertEquals(List.of("TC1 tower_crane.registration warning raised @0", "HS1 hoist.fall_arrester warning raised @0"),
                changes(f.open(), t).stream().sorted((a, b) -> b.compareTo(a)).toList(),
                "the daily job at start: both papers out of date");
        assertEquals(List.of(), f.telemetry(tc, Map.of("load_pct", 0.0)), "idle: no alarm");
        assertEquals(List.of("TC1 tower_crane.registration alarm raised @0"), changes(f.telemetry(tc, Map.of("load_pct", 40.0)), t));
        assertEquals(List.of(), changes(f.telemetry(tc, Map.of("load_pct", 45.0)), t), "once while it lasts");
        assertEquals(List.of("HS1 hoist.fall_arrester alarm raised @0"),
                changes(f.telemetry(hs, Map.of("load_pct", 0.0, "speed_ms", 0.5)), t), "moving counts as use");
        f.advanceTo(t + 400_000);
        assertEquals(List.of("TC1 tower_crane.registration alarm cleared @400"), use(changes(f.telemetry(tc, Map.of("load_pct", 0.0)), t)),
                "idle 5 min: cleared");
    }

    @Test
    void liftingAt23WithoutAPermitWarnsAndWithinHoursDoesNot() throws Exception {
        long t = cst("2025-07-01T23:00:00");
        Device tc = crane("TC1", null);
        ShardFixture f = fixture(t, tc);
        f.open();
        assertEquals(List.of("TC1 tower_crane.night_work warning raised @0"),
                changes(f.telemetry(tc, Map.of("load_t", 3.0)), t));
        assertEquals(List.of(), changes(f.telemetry(tc, Map.of("load_t", 3.0)), t));
        f.advanceTo(cst("2025-07-02T10:00:00"));
        assertEquals(List.of("TC1 tower_crane.night_work warning cleared @39600"), use(changes(f.telemetry(tc, Map.of("load_t", 3.0)), t)));
    }

    @Test
    void liftingAt23WithANightWorkPermitOnTheCalendarDoesNotWarn() throws Exception {
        long t = cst("2025-07-01T23:00:00");
        Device tc = crane("TC1", null);
        ShardFixture f = fixture(t, tc);
        f.registry.mark("S1", new io.sitewatch.core.calendar.CalendarMark(java.time.LocalDate.of(2025, 7, 1), true, null, "底板浇筑",
                io.sitewatch.core.calendar.CalendarMark.ExtraHours.of("19:00", "23:30", "榕环夜证〔2025〕031号"), "site"));
        f.open();
        assertEquals(List.of(), changes(f.telemetry(tc, Map.of("load_t", 3.0)), t), "inside the permit's extra hours");
        f.advanceTo(cst("2025-07-01T23:45:00"));
        assertEquals(List.of("TC1 tower_crane.night_work warning raised @2700"), use(changes(f.telemetry(tc, Map.of("load_t", 3.0)), t)),
                "past the permit's end");
    }

    @Test
    void theThirtyDayWarningFiresFromTheDailyJobOnTheRightDay() throws Exception {
        long t = cst("2025-07-01T10:00:00");
        Device tc = crane("TC1", new DeviceService(null, null, null, null, new DeviceService.Validity("2025-08-01"), null));
        ShardFixture f = fixture(t, tc);
        assertEquals(List.of(), f.open(), "31 days left");
        assertEquals(List.of(), f.advanceTo(cst("2025-07-02T06:59:59")));
        assertEquals(List.of("TC1 tower_crane.inspection warning raised @75600"), changes(f.advanceTo(cst("2025-07-02T07:00:00")), t));
    }
}

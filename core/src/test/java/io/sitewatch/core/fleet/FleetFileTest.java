package io.sitewatch.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of the fleet format, as the service reads it and as the simulator does (checked). */
class FleetFileTest {

    private static final String WITH_UNKNOWN_KEYS = """
            version: 7
            sites:
              - siteId: XM-HL-009
                name: 厦门湖里测试
                region: 350206
                futureField: {a: 1}
                enterprise: {code: "X", name: Y, rating: AAA}
                kind: municipal
                costCny: 120000000
                params: {rules: {env.pm10_hourly: {alarm: 180}}}
                sim: {lat: 24.5}
                devices:
                  - deviceId: XM-HL-009-PIT01
                    kind: pit
                    periodS: 300
                    colour: red
                    params: {alarm: {disp_mm: 25, disp_mm_per_day: 3}}
                    sim: {initialDispMm: 4}
                  - deviceId: XM-HL-009-TC01
                    kind: tower_crane
                    periodS: 10
            operators:
              - certNo: "闽B0001"
                name: 甲
                kind: hoist_driver
                validFrom: 2024-01-01
                validTo: 2025-01-01
                badge: gold
            """;

    @Test
    void unknownKeysAreToleratedAndFreeFormMapsKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, WITH_UNKNOWN_KEYS);
        for (FleetFile.Fleet fleet : List.of(FleetFile.read(file), FleetFile.readChecked(file))) {
            Site site = fleet.sites().get(0);
            assertEquals("350206", site.region());
            assertEquals("Asia/Shanghai", site.timezone());
            assertEquals("X", site.enterprise().code());
            assertEquals(new BigDecimal("120000000"), site.costCny());
            assertEquals(180, site.params().at("/rules/env.pm10_hourly/alarm").asInt());
            assertEquals(24.5, fleet.entries().get(0).sim().path("lat").asDouble());
            Device pit = fleet.devices().get(0);
            assertEquals("XM-HL-009", pit.siteId());
            assertEquals(25.0, pit.params().at("/alarm/disp_mm").asDouble());
            assertEquals(4.0, fleet.entries().get(0).devices().get(0).sim().path("initialDispMm").asDouble());
            Device crane = fleet.devices().get(1);
            assertTrue(crane.params().isObject() && crane.params().isEmpty(), "no params: an empty map");
            assertTrue(fleet.entries().get(0).devices().get(1).sim().isMissingNode(), "no sim block");
            assertEquals("2025-01-01", fleet.operators().get(0).validTo());
        }
    }

    /** The service reads entries as the file has them and leaves the checks to its registry. */
    @Test
    void readTakesEntriesAsTheyAreAndLeavesCheckingToTheRegistry() throws IOException {
        FleetFile.Fleet fleet = FleetFile.read(stream("""
                sites:
                  - siteId: S1
                    region: "3501"
                    devices:
                      - {deviceId: "bad id", kind: bulldozer}
                """));
        assertEquals("3501", fleet.sites().get(0).region());
        assertNull(fleet.sites().get(0).name());
        assertEquals("bad id", fleet.devices().get(0).deviceId());
        assertEquals(0, fleet.devices().get(0).periodS());
        assertEquals(List.of(), FleetFile.read(stream("")).sites(), "an empty file is an empty fleet");
    }

    @Test
    void badEntriesAreRefusedWithTheirLocation() {
        var e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - siteId: S1
                    region: "3501"
                    devices: []
                """));
        assertTrue(e.getMessage().contains("S1") && e.getMessage().contains("region"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - siteId: S1
                    region: "350102"
                    devices:
                      - {deviceId: "bad id", kind: pit, periodS: 60}
                """));
        assertTrue(e.getMessage().contains("deviceId"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - siteId: S1
                    region: "350102"
                    devices:
                      - {deviceId: D1, kind: bulldozer, periodS: 60}
                """));
        assertTrue(e.getMessage().contains("bulldozer"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - {siteId: S1, region: "350102", devices: [{deviceId: D1, kind: pit, periodS: 60}]}
                  - {siteId: S2, region: "350102", devices: [{deviceId: D1, kind: pit, periodS: 60}]}
                """));
        assertTrue(e.getMessage().contains("D1") && e.getMessage().contains("twice"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                operators:
                  - {certNo: C1, name: 甲, kind: hoist_driver, validFrom: 2024-01-01, validTo: 2025-13-01}
                """));
        assertTrue(e.getMessage().contains("C1") && e.getMessage().contains("validTo"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("- just a list"));
        assertTrue(e.getMessage().contains("expected a map"), e.getMessage());
    }

    private static final String REAL_SITE = """
            sim: {asOf: 2026-12-07}
            sites:
              - siteId: FZ-1
                region: "350102"
                location: {lat: 26.0823, lon: 119.2966, radiusM: 300}
                workingHours: {from: "07:00", to: "18:00", days: [1, 2, 3, 4, 5, 6]}
                calendar:
                  - {date: 2026-11-28, working: false, reason: typhoon, note: 台风红色预警, source: regulator}
                  - {date: 2026-12-02, working: true, extraHours: {from: "18:00", to: "22:00", permit: 榕夜证031}}
                personnel:
                  - {personId: FZ-1-PM01, name: 林建华, role: project_manager, certNo: "闽建安B(2020)0012345"}
                  - {personId: FZ-1-SO01, name: 陈安, role: safety_officer}
                devices:
                  - deviceId: FZ-1-TC01
                    kind: tower_crane
                    periodS: 10
                    installDate: 2025-04-10
                    registration: {no: "闽AQ-T-2025-0123", validTo: 2026-12-25}
                    inspection: {validTo: 2027-04-09}
                  - deviceId: FZ-1-HS01
                    kind: hoist
                    periodS: 10
                    installDate: 2025-05-01
                    removeDate: 2026-10-08
                    schedule: continuous
                    fallArrester: {validTo: 2026-11-30}
                  - {deviceId: FZ-1-ENV01, kind: env, periodS: 60}
            """;

    @Test
    void realSiteFieldsAreRead() throws IOException {
        for (FleetFile.Fleet fleet : List.of(FleetFile.read(stream(REAL_SITE)), checked(REAL_SITE))) {
            FleetFile.SiteEntry e = fleet.entries().get(0);
            assertEquals(new GeoFence(26.0823, 119.2966, 300), e.site().location());
            assertEquals(WorkingHours.of("07:00", "18:00", List.of(1, 2, 3, 4, 5, 6)), e.site().workingHours());
            assertEquals(List.of(
                    new CalendarMark(LocalDate.of(2026, 11, 28), false, "typhoon", "台风红色预警", null, "regulator"),
                    new CalendarMark(LocalDate.of(2026, 12, 2), true, null, null,
                            CalendarMark.ExtraHours.of("18:00", "22:00", "榕夜证031"), "site")), e.calendar());
            assertEquals(List.of(new KeyPerson("FZ-1", "FZ-1-PM01", "林建华", "project_manager", "闽建安B(2020)0012345"),
                    new KeyPerson("FZ-1", "FZ-1-SO01", "陈安", "safety_officer", null)), e.personnel());
            Device crane = fleet.devices().get(0);
            assertEquals(new DeviceService("2025-04-10", null, "working_hours",
                    new DeviceService.Registration("闽AQ-T-2025-0123", "2026-12-25"), new DeviceService.Validity("2027-04-09"), null),
                    crane.service(), "a crane without a schedule reports in working hours");
            Device hoist = fleet.devices().get(1);
            assertEquals(new DeviceService("2025-05-01", "2026-10-08", "continuous", null, null,
                    new DeviceService.Validity("2026-11-30")), hoist.service());
            assertEquals("continuous", fleet.devices().get(2).service().schedule(), "an env station reports around the clock");
            assertEquals("2026-12-07", fleet.sim().path("asOf").asText());
        }
        FleetFile.SiteEntry plain = FleetFile.read(stream(WITH_UNKNOWN_KEYS)).entries().get(0);
        assertNull(plain.site().location());
        assertEquals(WorkingHours.DEFAULT, plain.site().workingHours());
        assertEquals(List.of(), plain.calendar());
        assertEquals(List.of(), plain.personnel());
    }

    @Test
    void badRealSiteFieldsAreRefusedWithTheirLocation() {
        String site = "sites:\n  - {siteId: S1, region: \"350102\", %s}\n";
        assertRefused(site.formatted("location: {lat: 26.1, lon: 119.3}"), "S1", "radiusM");
        assertRefused(site.formatted("location: {lat: 96.1, lon: 119.3, radiusM: 300}"), "S1", "location");
        assertRefused(site.formatted("workingHours: {from: \"19:00\", to: \"07:00\", days: [1]}"), "S1", "workingHours");
        assertRefused(site.formatted("workingHours: {from: \"07:00\", to: \"19:00\", days: []}"), "S1", "workingHours.days");
        assertRefused(site.formatted("workingHours: {from: \"07:00\", to: \"19:00\", days: [0]}"), "S1", "ISO weekday");
        assertRefused(site.formatted("calendar: [{date: 2026-02-30, working: false}]"), "2026-02-30", "YYYY-MM-DD");
        assertRefused(site.formatted("calendar: [{date: 2026-07-28, working: false, reason: rain}]"), "2026-07-28", "reason");
        assertRefused(site.formatted("calendar: [{date: 2026-07-28, reason: typhoon}]"), "2026-07-28", "working");
        assertRefused(site.formatted("calendar: [{date: 2026-07-28, working: false, extraHours: {from: \"19:00\", to: \"22:00\"}}]"),
                "2026-07-28", "extraHours");
        assertRefused(site.formatted("calendar: [{date: 2026-07-28, working: false}, {date: 2026-07-28, working: true}]"),
                "2026-07-28", "twice");
        assertRefused(site.formatted("personnel: [{personId: P1, name: 甲, role: foreman}]"), "P1", "role");
        assertRefused(site.formatted("personnel: [{personId: P1, role: safety_officer}]"), "P1", "name");
        String device = "sites:\n  - {siteId: S1, region: \"350102\", devices: [{deviceId: D1, kind: %s, periodS: 10, %s}]}\n";
        assertRefused(device.formatted("hoist", "schedule: nightly"), "D1", "schedule");
        assertRefused(device.formatted("hoist", "installDate: 2026-05-01, removeDate: 2026-04-30"), "D1", "removeDate");
        assertRefused(device.formatted("tower_crane", "fallArrester: {validTo: 2027-01-01}"), "D1", "hoists only");
        assertRefused(device.formatted("tower_crane", "registration: {validTo: 2027-01-01}"), "D1", "registration.no");
        assertRefused(device.formatted("hoist", "inspection: {validTo: 2027-13-01}"), "D1", "inspection.validTo");
    }

    private static void assertRefused(String yaml, String... named) {
        var e = assertThrows(FleetFileException.class, () -> checked(yaml), yaml);
        for (String n : named) {
            assertTrue(e.getMessage().contains(n), "'" + e.getMessage() + "' names " + n);
        }
    }

    private static FleetFile.Fleet checked(String yaml) {
        return FleetFile.readChecked(stream(yaml), "test.yaml");
    }

    private static ByteArrayInputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
}

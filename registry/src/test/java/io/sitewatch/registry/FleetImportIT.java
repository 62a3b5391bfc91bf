package io.sitewatch.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.fleet.FleetFile;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fleet file's real-site entries reach the registry's tables and cache through the import the
 * service runs at start: location, working hours, calendar marks (a regulator's typhoon stop and a
 * night-work permit), key personnel and the devices' service papers; importing again changes
 * nothing, and a mark set over the API on another date stays.
 */
class FleetImportIT {

    static final LocalDate TYPHOON = LocalDate.of(2026, 11, 24);
    static final LocalDate POUR = LocalDate.of(2026, 11, 25);

    static final String FLEET = """
            sites:
              - siteId: QZ-1
                name: 泉州丰泽测试
                region: "350503"
                kind: building
                location: {lat: 24.8966, lon: 118.613, radiusM: 250}
                workingHours: {from: "07:30", to: "17:30", days: [1, 2, 3, 4, 5, 6]}
                calendar:
                  - {date: 2026-11-24, working: false, reason: typhoon, note: 台风红色预警停工, source: regulator}
                  - {date: 2026-11-25, working: true, extraHours: {from: "17:30", to: "22:00", permit: 泉夜证〔2026〕12}}
                personnel:
                  - {personId: QZ-1-PM01, name: 黄志明, role: project_manager, certNo: "闽建安B(2019)0034567"}
                  - {personId: QZ-1-SO01, name: 吴安, role: safety_officer}
                devices:
                  - deviceId: QZ-1-TC01
                    kind: tower_crane
                    periodS: 10
                    installDate: 2025-06-01
                    registration: {no: "闽CQ-T-2025-0456", validTo: 2026-12-20}
                    inspection: {validTo: 2027-05-31}
                  - deviceId: QZ-1-HS01
                    kind: hoist
                    periodS: 10
                    installDate: 2025-06-15
                    removeDate: 2026-10-10
                    fallArrester: {validTo: 2026-09-30}
                  - {deviceId: QZ-1-ENV01, kind: env, periodS: 60}
            """;

    @Test
    void aFleetFilesSitesMarksPeopleAndPapersAreStoredAndServed() throws Exception {
        RegistryStore store = new RegistryStore(RegistryDatabase.migrated());
        RegistryService registry = new RegistryService(store, new RegistryCache(), WireProtocol.v1());
        FleetFile.Fleet fleet = FleetFile.readChecked(new ByteArrayInputStream(FLEET.getBytes(StandardCharsets.UTF_8)), "test");
        registry.importFleet(fleet);

        Site site = store.sites("QZ-1").get(0);
        assertEquals(new GeoFence(24.8966, 118.613, 250), site.location());
        assertEquals(WorkingHours.of("07:30", "17:30", List.of(1, 2, 3, 4, 5, 6)), site.workingHours());

        SiteCalendar calendar = registry.cache().calendar("QZ-1");
        SiteCalendar.Day typhoon = calendar.day(TYPHOON);
        assertFalse(typhoon.working());
        assertEquals("typhoon", typhoon.reason());
        assertEquals("regulator", typhoon.source());
        assertEquals("台风红色预警停工", typhoon.note());
        SiteCalendar.Day pour = calendar.day(POUR);
        assertTrue(pour.working());
        assertEquals(CalendarMark.ExtraHours.of("17:30", "22:00", "泉夜证〔2026〕12"), pour.extraHours());
        assertTrue(calendar.worksAt(POUR.atTime(21, 0).atZone(calendar.zone()).toInstant()), "the permit's hours are worked");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 11, 29)), "a Sunday off: the site's week");

        assertEquals(List.of(new KeyPerson("QZ-1", "QZ-1-PM01", "黄志明", "project_manager", "闽建安B(2019)0034567"),
                new KeyPerson("QZ-1", "QZ-1-SO01", "吴安", "safety_officer", null)), registry.personnel("QZ-1"));

        assertEquals(new DeviceService("2025-06-01", null, "working_hours",
                new DeviceService.Registration("闽CQ-T-2025-0456", "2026-12-20"), new DeviceService.Validity("2027-05-31"), null),
                store.devices("QZ-1-TC01").get(0).service());
        DeviceService hoist = registry.cache().device("QZ-1-HS01").service();
        assertEquals("2026-10-10", hoist.removeDate());
        assertFalse(hoist.inServiceOn(LocalDate.of(2026, 11, 1)), "dismantled before November");
        assertEquals(new DeviceService.Validity("2026-09-30"), hoist.fallArrester());
        assertEquals("continuous", store.devices("QZ-1-ENV01").get(0).service().schedule());

        // The service imports its fleet file at every start: a second import is the same registry,
        // and a date marked over the API since then is left alone.
        LocalDate suspended = LocalDate.of(2026, 11, 26);
        registry.putMark("QZ-1", new CalendarMark(suspended, false, "suspension", "停工整改", null, "regulator"), "qz", true);
        registry.importFleet(fleet);
        assertEquals(3, store.marks("QZ-1").get("QZ-1").size());
        assertEquals("suspension", registry.cache().calendar("QZ-1").day(suspended).reason());
        assertEquals(2, registry.personnel("QZ-1").size());
    }
}

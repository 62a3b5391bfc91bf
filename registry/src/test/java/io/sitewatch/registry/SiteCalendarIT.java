package io.sitewatch.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.InvalidEntryException;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A site's calendar as other modules read it ({@code RegistryLookup.calendar}): the national
 * holidays, the site's week and its marks merged, rebuilt in the cache when the site or a mark
 * changes, and followed by another instance through the change notice. Against a real PostgreSQL.
 */
class SiteCalendarIT {

    static final LocalDate TYPHOON = LocalDate.of(2026, 7, 28); // a Tuesday
    static final LocalDate NATIONAL_DAY = LocalDate.of(2026, 10, 1);
    static PGSimpleDataSource ds;
    static RegistryService registry;

    static Site site(String id, WorkingHours hours) {
        return new Site(id, "site " + id, "350102", null, "building", null, null, null, null, null,
                new GeoFence(26.0822, 119.2965, 300), hours);
    }

    static RegistryService newInstance() throws Exception {
        RegistryService r = new RegistryService(new RegistryStore(ds), new RegistryCache(), WireProtocol.v1());
        r.loadAll();
        return r;
    }

    @BeforeAll
    static void migrate() throws Exception {
        ds = RegistryDatabase.migrated();
        registry = newInstance();
    }

    @Test
    void aTyphoonMarkAndTheNationalHolidaysMergeIntoTheSitesCalendar() throws Exception {
        registry.putSite(site("A", WorkingHours.of("07:00", "19:00", List.of(1, 2, 3, 4, 5, 6))));
        long generation = registry.cache().generation();
        assertTrue(registry.cache().calendar("A").isWorkingDay(TYPHOON));
        assertTrue(registry.putMark("A", new CalendarMark(TYPHOON, false, "typhoon", "台风“格美”", null, "regulator"), "fz", true));
        assertTrue(registry.cache().generation() > generation, "readers holding the site see a change");
        SiteCalendar.Day d = registry.cache().calendar("A").day(TYPHOON);
        assertFalse(d.working());
        assertEquals("typhoon", d.reason());
        assertEquals("regulator", d.source());
        SiteCalendar.Day holiday = registry.cache().calendar("A").day(NATIONAL_DAY);
        assertFalse(holiday.working());
        assertEquals("national", holiday.source());
        assertEquals("国庆节", holiday.note());
        // The site works its own Sunday, and the marks survive a change of its hours.
        LocalDate sunday = LocalDate.of(2026, 8, 2);
        assertFalse(registry.cache().calendar("A").isWorkingDay(sunday));
        registry.putMark("A", new CalendarMark(sunday, true, "other", "混凝土浇筑", CalendarMark.ExtraHours.of("19:00", "23:00", "榕夜证031"), "site"), "da", false);
        registry.putSite(site("A", WorkingHours.of("06:30", "18:00", List.of(1, 2, 3, 4, 5, 6))));
        SiteCalendar c = registry.cache().calendar("A");
        assertEquals("06:30", c.hours().from());
        assertTrue(c.isWorkingDay(sunday));
        assertEquals("23:00", c.day(sunday).extraHours().to());
        assertFalse(c.isWorkingDay(TYPHOON));
        assertEquals(RegistryStore.Removal.REMOVED, registry.removeMark("A", sunday, false));
        assertFalse(registry.cache().calendar("A").isWorkingDay(sunday));
    }

    @Test
    void anotherInstanceFollowsAMarkThroughTheChangeNotice() throws Exception {
        registry.putSite(site("B", WorkingHours.DEFAULT));
        RegistryService other = newInstance();
        assertTrue(other.cache().calendar("B").isWorkingDay(TYPHOON));
        try (Connection listen = ds.getConnection()) {
            try (Statement st = listen.createStatement()) {
                st.execute("LISTEN sitewatch_registry");
            }
            registry.putMark("B", new CalendarMark(TYPHOON, false, "typhoon", null, null, "regulator"), "fz", true);
            PGNotification[] notes = listen.unwrap(PGConnection.class).getNotifications(10_000);
            assertNotNull(notes, "a notice within 10 s");
            assertEquals("site_calendar_mark:B", notes[0].getParameter());
            other.refresh(notes[0].getParameter()); // what RegistryListener does with each notice
        }
        assertFalse(other.cache().calendar("B").isWorkingDay(TYPHOON));
        assertEquals("regulator", other.cache().calendar("B").day(TYPHOON).source());
        // A restarted instance loads the marks with everything else.
        assertFalse(newInstance().cache().calendar("B").isWorkingDay(TYPHOON));
    }

    @Test
    void badEntriesAreRefusedNamingTheField() throws Exception {
        registry.putSite(site("C", WorkingHours.DEFAULT));
        assertEquals("fallArrester is for hoists only (防坠安全器), not for kind tower_crane", refused(() -> registry.putDevice(
                new Device("C-TC", "C", "tower_crane", null, 10, null, new DeviceService(null, null, null, null, null,
                        new DeviceService.Validity("2027-01-01"))))));
        assertTrue(refused(() -> registry.putDevice(new Device("C-HO", "C", "hoist", null, 10, null,
                new DeviceService("2026-05-01", "2026-04-01", null, null, null, null)))).startsWith("removeDate"));
        assertTrue(refused(() -> registry.putDevice(new Device("C-HO", "C", "hoist", null, 10, null,
                new DeviceService(null, null, "nights", null, null, null)))).startsWith("schedule"));
        assertTrue(refused(() -> registry.putDevice(new Device("C-HO", "C", "hoist", null, 10, null,
                new DeviceService("2026-13-01", null, null, null, null, null)))).startsWith("installDate"));
        assertTrue(refused(() -> registry.putDevice(new Device("C-HO", "C", "hoist", null, 10, null,
                new DeviceService(null, null, null, new DeviceService.Registration(" ", "2027-01-01"), null, null)))).startsWith("registration.no"));
        assertTrue(refused(() -> registry.putDevice(new Device("C-HO", "C", "hoist", null, 10, null,
                new DeviceService(null, null, null, null, new DeviceService.Validity("soon"), null)))).startsWith("inspection.validTo"));
        assertTrue(refused(() -> registry.putPerson(new KeyPerson("C", "X1", "某人", "foreman", null))).startsWith("role must be one of"));
        assertTrue(refused(() -> registry.putPerson(new KeyPerson("NONE", "X1", "某人", "project_manager", null))).startsWith("siteId"));
        assertTrue(refused(() -> registry.putMark("NONE", new CalendarMark(TYPHOON, false, null, null, null, "site"), "da", false))
                .startsWith("siteId"));
        assertTrue(refused(() -> Entries.workingHours(true, "07:00", "19:00", List.of())).startsWith("workingHours.days"));
        assertTrue(refused(() -> Entries.workingHours(true, "19:00", "07:00", List.of(1))).startsWith("workingHours.to"));
        assertTrue(refused(() -> Entries.workingHours(true, "7am", "19:00", List.of(1))).startsWith("workingHours.from"));
        assertTrue(refused(() -> Entries.location(26.0, 119.0, null)).startsWith("location.radiusM"));
        assertTrue(refused(() -> Entries.location(126.0, 119.0, 300.0)).startsWith("location.lat"));
        assertTrue(refused(() -> Entries.mark(TYPHOON, true, "storm", null, false, null, null, null, "site")).startsWith("reason"));
        assertTrue(refused(() -> Entries.mark(TYPHOON, null, null, null, false, null, null, null, "site")).startsWith("working"));
        assertTrue(refused(() -> Entries.mark(TYPHOON, false, "typhoon", null, true, "19:00", "23:00", null, "site"))
                .startsWith("extraHours"));
        assertTrue(refused(() -> Entries.mark(TYPHOON, true, null, null, true, "19:00", "25:00", null, "site"))
                .startsWith("extraHours.to"));
    }

    interface Entry {
        Object put() throws Exception;
    }

    static String refused(Entry e) {
        return assertThrows(InvalidEntryException.class, e::put).getMessage();
    }
}

package io.sitewatch.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The registry's 1.1 data in its tables, against a real PostgreSQL: what is written is read back. */
class RealSitesStoreIT {

    static final LocalDate D = LocalDate.of(2026, 7, 28);
    static PGSimpleDataSource ds;
    static RegistryStore store;

    @BeforeAll
    static void migrate() throws Exception {
        ds = RegistryDatabase.migrated();
        store = new RegistryStore(ds);
        store.upsertSite(new Site("S", "site S", "350102", null, "building", null, null, null, null, null,
                new GeoFence(26.0822, 119.2965, 300), WorkingHours.of("07:00", "24:00", List.of(1, 2, 3, 4, 5, 6))));
    }

    @Test
    void aSitesLocationAndHoursAreStored() throws Exception {
        Site s = store.sites("S").get(0);
        assertEquals(new GeoFence(26.0822, 119.2965, 300), s.location());
        assertEquals(WorkingHours.of("07:00", "24:00", List.of(1, 2, 3, 4, 5, 6)), s.workingHours());
        store.upsertSite(new Site("S2", "site S2", "350102", null, "building", null, null, null, null, null));
        assertNull(store.sites("S2").get(0).location());
        assertEquals(WorkingHours.DEFAULT, store.sites("S2").get(0).workingHours());
        // A row as the service wrote it before V5 reads with the default hours and no location.
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO site (site_id, name, region, kind) VALUES ('OLD', 'old', '350102', 'building')");
        }
        assertEquals(WorkingHours.DEFAULT, store.sites("OLD").get(0).workingHours());
        assertNull(store.sites("OLD").get(0).location());
    }

    @Test
    void aDevicesServiceIsStoredAndAnUnstatedScheduleIsTheKinds() throws Exception {
        DeviceService service = new DeviceService("2026-03-01", "2026-12-31", "continuous",
                new DeviceService.Registration("闽AS-2026-0001", "2028-02-28"), new DeviceService.Validity("2027-02-28"),
                new DeviceService.Validity("2027-03-01"));
        Device hoist = new Device("HO", "S", "hoist", "1#升降机", 10, null, service);
        store.upsertDevice(hoist);
        assertEquals(hoist, store.devices("HO").get(0));
        store.upsertDevice(new Device("TC", "S", "tower_crane", null, 10, null));
        Device crane = store.devices("TC").get(0);
        assertEquals(new DeviceService(null, null, "working_hours", null, null, null), crane.service());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO device (device_id, site_id, kind, period_s) VALUES ('PIT', 'S', 'pit', 600)");
        }
        assertEquals("continuous", store.devices("PIT").get(0).service().schedule());
    }

    @Test
    void marksAreStoredAndARegulatorsMarkIsKeptFromTheSite() throws Exception {
        store.upsertSite(new Site("M", "site M", "350102", null, "building", null, null, null, null, null));
        CalendarMark typhoon = new CalendarMark(D, false, "typhoon", "台风红色预警", null, "regulator");
        assertTrue(store.upsertMark("M", typhoon, "fz", false));
        assertEquals(Map.of(D, typhoon), store.marks("M").get("M"));
        CalendarMark siteWorks = new CalendarMark(D, true, "other", null,
                CalendarMark.ExtraHours.of("19:00", "23:30", "榕夜证031"), "site");
        assertFalse(store.upsertMark("M", siteWorks, "da", false), "the site cannot lift a regulator's stop");
        assertEquals(typhoon, store.marks("M").get("M").get(D));
        assertEquals(RegistryStore.Removal.REFUSED, store.deleteMark("M", D, false));
        assertTrue(store.upsertMark("M", siteWorks, "admin", true));
        assertEquals(siteWorks, store.marks("M").get("M").get(D));
        assertTrue(store.upsertMark("M", new CalendarMark(D, false, "suspension", null, null, "site"), "da", false),
                "a site's own mark it may replace");
        assertEquals(RegistryStore.Removal.REMOVED, store.deleteMark("M", D, false));
        assertEquals(RegistryStore.Removal.NONE, store.deleteMark("M", D, true));
        assertNull(store.marks("M").get("M"));
    }

    @Test
    void keyPersonnelAreStoredPerSite() throws Exception {
        store.upsertSite(new Site("P", "site P", "350102", null, "building", null, null, null, null, null));
        KeyPerson pm = new KeyPerson("P", "PM-01", "王建国", "project_manager", "闽建安B(2020)0012345");
        store.upsertPerson(pm);
        store.upsertPerson(new KeyPerson("P", "SO-01", "李安全", "safety_officer", null));
        assertEquals(List.of("PM-01", "SO-01"), store.personnel("P", null).stream().map(KeyPerson::personId).toList());
        assertEquals(List.of(pm), store.personnel("P", "PM-01"));
        KeyPerson moved = new KeyPerson("P", "PM-01", "王建国", "enterprise_head", null);
        store.upsertPerson(moved);
        assertEquals(List.of(moved), store.personnel("P", "PM-01"));
        assertTrue(store.deletePerson("P", "SO-01"));
        assertFalse(store.deletePerson("P", "SO-01"));
        assertEquals(List.of(), store.personnel("S", null));
    }
}

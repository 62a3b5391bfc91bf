package io.sitewatch.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.testkit.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The registry read from its tables at the moment of each call, against a real PostgreSQL. */
class JdbcRegistryQueriesIT {

    static PGSimpleDataSource ds;
    static JdbcRegistryQueries queries;

    static Device device(String id, String site, String kind, int periodS) {
        return new Device(id, site, kind, id + " name", periodS, JsonNodeFactory.instance.objectNode());
    }

    @BeforeAll
    static void data() throws Exception {
        ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        SchemaMigrator.migrate(ds, List.of(RegistrySchema.SCHEMA));
        RegistryStore store = new RegistryStore(ds);
        store.upsertSite(new Site("S", "site S", "350102", new Enterprise("E1", "builder"), "building", "Asia/Shanghai",
                new BigDecimal("200000000.00"), "2025-01-01", "2027-01-01", null));
        store.upsertSite(new Site("S2", "site S2", "350103", null, "municipal", "Asia/Urumqi", null, null, null, null));
        // Monday to Saturday 07:30–18:00, a regulator's typhoon stop on a Wednesday and a night-pour permit on a Friday
        store.upsertSite(new Site("W", "site W", "350102", null, "municipal", "Asia/Shanghai", null, "2026-01-01", "2026-12-31",
                null, null, WorkingHours.of("07:30", "18:00", List.of(1, 2, 3, 4, 5, 6))));
        store.upsertMark("W", new CalendarMark(LocalDate.parse("2026-03-04"), false, "typhoon", "台风红色预警", null, "regulator"),
                "reg1", true);
        store.upsertMark("W", new CalendarMark(LocalDate.parse("2026-03-06"), true, null, "浇筑", CalendarMark.ExtraHours.of("22:00", "24:00",
                "夜间施工证明 2026-017"), "site"), "site-admin", false);
        store.upsertDevice(device("TC", "S", "tower_crane", 30));
        store.upsertDevice(device("ENV", "S", "env", 60));
        store.upsertDevice(device("HO", "S", "hoist", 10));
        store.upsertDevice(device("X", "S2", "env", 60));
        store.upsertOperator(new OperatorCert("C-OK", "op 1", "tower_crane_driver", "2025-01-01", "2030-01-01"));
        store.upsertOperator(new OperatorCert("C-OPEN", "op 2", "hoist_driver", null, null));
        store.upsertOperator(new OperatorCert("C-OTHER", "op 3", "hoist_driver", "2020-01-01", "2021-01-01"));
        store.upsertPerson(new KeyPerson("S", "SO-2", "李四", "safety_officer", "闽建安C3-2"));
        store.upsertPerson(new KeyPerson("S", "PM-1", "张三", "project_manager", null));
        store.upsertPerson(new KeyPerson("W", "SO-9", "王五", "safety_officer", null));
        queries = new JdbcRegistryQueries(ds);
    }

    @Test
    void aSiteAsStored() {
        Site s = queries.site("S").orElseThrow();
        assertEquals("site S", s.name());
        assertEquals("350102", s.region());
        assertEquals("Asia/Shanghai", s.timezone());
        assertEquals(0, new BigDecimal("200000000").compareTo(s.costCny()));
        assertEquals("2025-01-01", s.startDate());
        assertEquals("2027-01-01", s.endDate());
        Site s2 = queries.site("S2").orElseThrow();
        assertEquals("Asia/Urumqi", s2.timezone());
        assertEquals(null, s2.costCny());
        assertEquals(null, s2.startDate());
        assertEquals(Optional.empty(), queries.site("NONE"));
    }

    @Test
    void theDevicesOfASiteByDeviceId() {
        assertEquals(List.of("ENV env 60", "HO hoist 10", "TC tower_crane 30"), queries.devicesOfSite("S").stream()
                .map(d -> d.deviceId() + " " + d.kind() + " " + d.periodS()).toList());
        assertTrue(queries.devicesOfSite("S").stream().allMatch(d -> d.siteId().equals("S")));
        assertEquals(List.of(), queries.devicesOfSite("NONE"));
    }

    @Test
    void theKeyPersonnelOfASiteByPersonId() {
        assertEquals(List.of(new KeyPerson("S", "PM-1", "张三", "project_manager", null),
                new KeyPerson("S", "SO-2", "李四", "safety_officer", "闽建安C3-2")), queries.keyPersonnel("S"));
        assertEquals(List.of("SO-9"), queries.keyPersonnel("W").stream().map(KeyPerson::personId).toList());
        assertEquals(List.of(), queries.keyPersonnel("S2"));
        assertEquals(List.of(), queries.keyPersonnel("NONE"));
    }

    @Test
    void theRegisteredCertificatesAmongTheNumbersAsked() {
        Map<String, OperatorCert> got = queries.operators(Set.of("C-OK", "C-OPEN", "C-NONE", ""));
        assertEquals(Set.of("C-OK", "C-OPEN"), got.keySet());
        assertEquals(new OperatorCert("C-OK", "op 1", "tower_crane_driver", "2025-01-01", "2030-01-01"), got.get("C-OK"));
        assertEquals(new OperatorCert("C-OPEN", "op 2", "hoist_driver", null, null), got.get("C-OPEN"));
        assertEquals(Map.of(), queries.operators(Set.of()));
    }

    @Test
    void theMarksOfASiteCalendarByDate() {
        Map<LocalDate, CalendarMark> marks = queries.calendarMarks("W");
        assertEquals(List.of(LocalDate.parse("2026-03-04"), LocalDate.parse("2026-03-06")), List.copyOf(marks.keySet()));
        assertEquals("regulator", marks.get(LocalDate.parse("2026-03-04")).source());
        assertEquals("夜间施工证明 2026-017", marks.get(LocalDate.parse("2026-03-06")).extraHours().permit());
        assertEquals(Map.of(), queries.calendarMarks("S"));
        assertEquals(Map.of(), queries.calendarMarks("NONE"));
    }

    @Test
    void aSiteCalendarFromTheSiteRowTheNationalHolidaysAndTheMarks() {
        SiteCalendar cal = queries.calendar("W").orElseThrow();
        assertEquals("07:30", cal.hours().from());
        // 2026-03-02..08: Mon, Tue working; Wed typhoon; Thu, Fri (with the permit), Sat working; Sun not in the week
        assertEquals(List.of("2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06", "2026-03-07"),
                cal.workingDays(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-08")).stream().map(LocalDate::toString).toList());
        assertEquals(false, cal.isWorkingDay(LocalDate.parse("2026-10-01")), "国庆");
        assertEquals(true, cal.isWorkingDay(LocalDate.parse("2026-01-04")), "a make-up working Sunday (调休上班)");
        // Friday: 10.5 h of working hours and 2 h permitted at night
        assertEquals(12.5 * 3600, cal.workingTime(Instant.parse("2026-03-05T16:00:00Z"), Instant.parse("2026-03-06T16:00:00Z")).toSeconds());
        assertEquals(Optional.empty(), queries.calendar("NONE"));
    }

    @Test
    void aChangeMadeInTheDatabaseIsSeenAtOnce() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO site (site_id, name, region, kind) VALUES ('S3', 'site S3', '350104', 'building')");
            st.execute("INSERT INTO device (device_id, site_id, kind, period_s) VALUES ('Y', 'S3', 'pit', 600)");
            st.execute("INSERT INTO site_calendar_mark (site_id, day, working, reason, source, marked_by) "
                    + "VALUES ('S3', '2026-05-06', false, 'suspension', 'regulator', 'reg1')");
        }
        assertEquals(false, queries.calendar("S3").orElseThrow().isWorkingDay(LocalDate.parse("2026-05-06")));
        assertEquals("site S3", queries.site("S3").orElseThrow().name());
        assertEquals(List.of("Y"), queries.devicesOfSite("S3").stream().map(Device::deviceId).toList());
    }
}

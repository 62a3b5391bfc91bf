package io.sitewatch.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attendance from the registry's side: people and calendar from the real tables, the month's
 * clock-ins from a stand-in for ingest's {@link DeviceEvents} port, read as the recorder sends them.
 */
class SiteAttendanceIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final ObjectMapper JSON = new ObjectMapper();
    static RegistryService registry;
    static final List<DeviceEvents.Event> events = new ArrayList<>();
    static final List<String> asked = new ArrayList<>();

    static final DeviceEvents EVENTS = new DeviceEvents() {
        @Override
        public List<Event> ofSite(String siteId, Set<String> types, Instant from, Instant to) {
            asked.add(siteId + " " + types + " " + from + " " + to);
            return events.stream().filter(e -> !e.ts().isBefore(from) && e.ts().isBefore(to)).toList();
        }

        @Override
        public List<OperatorEvent> latestOperatorEvents(Duration lookback) {
            return List.of();
        }
    };

    static void clockIn(LocalDate d, String json) throws Exception {
        events.add(new DeviceEvents.Event("REC-1", d.atTime(7, 40).atZone(ZONE).toInstant(), "clock_in", JSON.readTree(json)));
    }

    static SiteAttendance at(LocalDate today) {
        return new SiteAttendance(registry, EVENTS, DutyRules.bundled(), InstantSource.fixed(today.atTime(12, 0).atZone(ZONE).toInstant()));
    }

    @BeforeAll
    static void data() throws Exception {
        var ds = RegistryDatabase.migrated();
        registry = new RegistryService(new RegistryStore(ds), new RegistryCache(), WireProtocol.v1());
        registry.putSite(new Site("S", "site S", "350102", null, "building", null, null, null, null, null,
                new GeoFence(26.0822, 119.2965, 300), WorkingHours.of("07:00", "19:00", List.of(1, 2, 3, 4, 5, 6))));
        registry.putPerson(new KeyPerson("S", "PM-01", "王建国", "project_manager", null));
        registry.putMark("S", new CalendarMark(LocalDate.of(2026, 3, 18), false, "typhoon", null, null, "regulator"), "fz", true);
        clockIn(LocalDate.of(2026, 3, 2), "{\"officer_id\":\"PM-01\",\"role\":\"project_manager\",\"lat\":26.0823,\"lon\":119.2966}");
        clockIn(LocalDate.of(2026, 3, 3), "{\"officer_id\":\"PM-01\",\"role\":\"project_manager\"}");
        clockIn(LocalDate.of(2026, 3, 4), "{\"officer_id\":\"PM-01\",\"lat\":26.1092,\"lon\":119.2965}");
        clockIn(LocalDate.of(2026, 3, 18), "{\"officer_id\":\"PM-01\",\"lat\":26.0822,\"lon\":119.2965}");
        clockIn(LocalDate.of(2026, 3, 19), "{\"officer_id\":\"NOBODY\",\"lat\":26.0822,\"lon\":119.2965}");
        clockIn(LocalDate.of(2026, 3, 20), "{\"role\":\"safety_officer\",\"lat\":26.0822,\"lon\":119.2965}");
        clockIn(LocalDate.of(2026, 4, 1), "{\"officer_id\":\"PM-01\",\"lat\":26.0822,\"lon\":119.2965}");
    }

    @Test
    void theMonthsClockInsAreReadAsTheRecorderSendsThemAndJudgedOnTheSitesCalendar() throws Exception {
        asked.clear();
        SiteAttendance.Month m = at(LocalDate.of(2026, 12, 7)).month("S", MARCH);
        assertEquals(List.of("S [clock_in] 2026-02-28T16:00:00Z 2026-03-31T16:00:00Z"), asked, "the site's local month");
        assertEquals("2026-03-31", m.through());
        assertTrue(m.complete());
        assertTrue(m.fenceChecked());
        assertFalse(m.calendarMissing());
        assertEquals(25, m.workingDays(), "26 six-day-week days less the typhoon");
        SiteAttendance.Item pm = m.items().get(0);
        assertEquals(1, pm.presentDays());
        assertEquals("项目负责人", pm.roleName());
        assertEquals("Project manager", pm.roleNameEn());
        assertEquals(0.8, pm.required());
        assertFalse(pm.met());
        assertEquals(List.of("PM-01 no_location", "PM-01 outside_fence", "PM-01 not_working_day", "NOBODY unknown_person",
                "null unknown_person"), m.refused().stream().map(r -> r.personId() + " " + r.reason()).toList());
        SiteAttendance.Refused far = m.refused().get(1);
        assertEquals(3002.0, far.distanceM(), 5.0);
        assertEquals("REC-1", far.deviceId());
        assertEquals(26.1092, far.lat());
    }

    @Test
    void aMonthInProgressIsJudgedOnItsDaysSoFar() throws Exception {
        SiteAttendance.Month m = at(LocalDate.of(2026, 3, 3)).month("S", MARCH);
        assertEquals("2026-03-03", m.through());
        assertFalse(m.complete());
        assertEquals(2, m.workingDays());
        assertEquals(1, m.items().get(0).presentDays());
        SiteAttendance.Month notBegun = at(LocalDate.of(2026, 2, 20)).month("S", MARCH);
        assertNull(notBegun.through());
        assertEquals(0, notBegun.workingDays());
        assertNull(at(LocalDate.of(2026, 3, 3)).month("NONE", MARCH));
        assertTrue(at(LocalDate.of(2027, 12, 7)).month("S", YearMonth.of(2027, 3)).calendarMissing(), "2027 is not published");
    }
}

package io.sitewatch.core.personnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttendanceTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final YearMonth MARCH = YearMonth.of(2026, 3);
    /** 鼓楼 site fence: 300 m around a point in Fuzhou. */
    private static final GeoFence FENCE = new GeoFence(26.0822, 119.2965, 300);
    private static final Attendance.Person PM = new Attendance.Person("P-PM", "王建国", "project_manager");
    private static final Attendance.Person SO = new Attendance.Person("P-SO", "李安全", "safety_officer");

    private static SiteCalendar sixDays(Map<LocalDate, CalendarMark> marks) {
        return new SiteCalendar(ZONE, WorkingHours.of("07:00", "19:00", List.of(1, 2, 3, 4, 5, 6)), NationalCalendar.bundled(), marks);
    }

    private static Attendance.ClockIn at(String person, LocalDate d, double lat, double lon) {
        return new Attendance.ClockIn(person, d.atTime(7, 40).atZone(ZONE).toInstant(), lat, lon);
    }

    @Test
    void aProjectManagerOn20Of26WorkingDaysReads76Point9PercentNotMet() {
        SiteCalendar cal = sixDays(Map.of());
        List<LocalDate> days = cal.workingDays(MARCH.atDay(1), MARCH.atEndOfMonth());
        assertEquals(26, days.size());
        List<Attendance.ClockIn> ins = new ArrayList<>();
        for (LocalDate d : days.subList(0, 20)) {
            ins.add(at("P-PM", d, 26.0825, 119.2960));
            ins.add(at("P-PM", d, 26.0823, 119.2966)); // a second clock-in the same day counts once
        }
        days.forEach(d -> ins.add(at("P-SO", d, 26.0822, 119.2965)));
        Attendance.Month m = Attendance.month(MARCH, cal, FENCE, List.of(PM, SO), ins, DutyRules.bundled());
        Attendance.Item pm = m.items().get(0);
        assertEquals(26, pm.workingDays());
        assertEquals(20, pm.presentDays());
        assertEquals("76.9", String.format("%.1f", pm.ratio() * 100));
        assertEquals(0.80, pm.required());
        assertFalse(pm.met());
        assertTrue(pm.source().contains("建质〔2011〕111号"));
        Attendance.Item so = m.items().get(1);
        assertEquals(26, so.presentDays());
        assertTrue(so.met());
        assertTrue(m.refused().isEmpty());
    }

    @Test
    void aClockIn3KmOutsideTheFenceCountsNothingAndIsListed() {
        LocalDate d = LocalDate.of(2026, 3, 17);
        // ~3 km north of the site.
        Attendance.ClockIn far = at("P-PM", d, 26.1092, 119.2965);
        Attendance.Month m = Attendance.month(MARCH, sixDays(Map.of()), FENCE, List.of(PM), List.of(far), DutyRules.bundled());
        assertEquals(0, m.items().get(0).presentDays());
        assertEquals(1, m.refused().size());
        assertEquals("outside_fence", m.refused().get(0).reason());
        assertEquals(3002.0, m.refused().get(0).distanceM(), 5.0);
        Attendance.Month noLocation = Attendance.month(MARCH, sixDays(Map.of()), FENCE, List.of(PM),
                List.of(new Attendance.ClockIn("P-PM", far.ts(), null, null)), DutyRules.bundled());
        assertEquals("no_location", noLocation.refused().get(0).reason());
    }

    @Test
    void aTyphoonDayIsNotAWorkingDay() {
        LocalDate typhoon = LocalDate.of(2026, 3, 18);
        SiteCalendar cal = sixDays(Map.of(typhoon, new CalendarMark(typhoon, false, "typhoon", null, null, "regulator")));
        Attendance.Month m = Attendance.month(MARCH, cal, FENCE, List.of(PM),
                List.of(at("P-PM", typhoon, 26.0822, 119.2965)), DutyRules.bundled());
        assertEquals(25, m.workingDays());
        assertEquals(0, m.items().get(0).presentDays());
        assertEquals("not_working_day", m.refused().get(0).reason());
    }

    @Test
    void aMonthInProgressCountsTheWorkingDaysSoFar() {
        SiteCalendar cal = sixDays(Map.of());
        LocalDate through = LocalDate.of(2026, 3, 14); // two six-day weeks: 12 working days
        List<Attendance.ClockIn> ins = new ArrayList<>();
        for (LocalDate d : cal.workingDays(MARCH.atDay(1), through).subList(0, 10)) {
            ins.add(at("P-PM", d, 26.0822, 119.2965));
        }
        ins.add(at("P-PM", LocalDate.of(2026, 3, 16), 26.0822, 119.2965)); // after the day asked for: left out
        Attendance.Month m = Attendance.month(MARCH, through, cal, FENCE, List.of(PM), ins, DutyRules.bundled());
        assertEquals(12, m.workingDays());
        assertEquals(10, m.items().get(0).presentDays());
        assertTrue(m.items().get(0).met(), "10 of 12 is above 80 %");
        assertTrue(m.refused().isEmpty());
        Attendance.Month whole = Attendance.month(MARCH, LocalDate.of(2026, 4, 2), cal, FENCE, List.of(PM), ins, DutyRules.bundled());
        assertEquals(26, whole.workingDays());
        assertEquals(11, whole.items().get(0).presentDays());
        assertEquals(0, Attendance.month(MARCH, LocalDate.of(2026, 2, 28), cal, FENCE, List.of(PM), ins, DutyRules.bundled())
                .workingDays(), "a month not yet begun");
    }

    @Test
    void aFenceIsAPositionAndAPositiveRadius() {
        assertThrows(IllegalArgumentException.class, () -> new GeoFence(Double.NaN, 119.2965, 300));
        assertThrows(IllegalArgumentException.class, () -> new GeoFence(26.08, Double.NaN, 300));
        assertThrows(IllegalArgumentException.class, () -> new GeoFence(26.08, 119.2965, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GeoFence(26.08, 119.2965, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new GeoFence(91, 119.2965, 300));
        assertThrows(IllegalArgumentException.class, () -> new GeoFence(26.08, 119.2965, 0));
    }

    @Test
    void everyRoleHasARuleWithItsSource() {
        for (String role : List.of("enterprise_head", "project_manager", "safety_director", "safety_officer", "chief_supervisor")) {
            DutyRules.Rule r = DutyRules.bundled().rule(role).orElseThrow();
            assertFalse(r.source().isBlank(), role);
        }
        assertEquals(0.25, DutyRules.bundled().rule("enterprise_head").orElseThrow().required());
    }
}

package io.sitewatch.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteCalendarTest {

    private static final ZoneId FUZHOU = ZoneId.of("Asia/Shanghai");
    /** Monday to Saturday, 07:00–19:00. */
    private static final WorkingHours SIX_DAYS = WorkingHours.of("07:00", "19:00", List.of(1, 2, 3, 4, 5, 6));

    private static Instant at(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), FUZHOU).toInstant();
    }

    private static SiteCalendar calendar(Map<LocalDate, CalendarMark> marks) {
        return new SiteCalendar(FUZHOU, SIX_DAYS, NationalCalendar.bundled(), marks);
    }

    @Test
    void aMonthOfSixDayWeeksHasItsWorkingDaysAndATyphoonDayIsNotOne() {
        SiteCalendar c = calendar(Map.of());
        // March 2026: 31 days, five Sundays, no holiday.
        assertEquals(26, c.workingDays(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)).size());
        LocalDate typhoon = LocalDate.of(2026, 3, 18);
        SiteCalendar stopped = calendar(Map.of(typhoon, new CalendarMark(typhoon, false, "typhoon", "台风“杜苏芮”", null, "regulator")));
        assertEquals(25, stopped.workingDays(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)).size());
        SiteCalendar.Day d = stopped.day(typhoon);
        assertFalse(d.working());
        assertEquals("typhoon", d.reason());
        assertEquals("regulator", d.source());
        assertFalse(stopped.worksAt(at("2026-03-18T10:00")));
    }

    @Test
    void nationalHolidaysAreOffAndMakeUpDaysAreWorkedEvenOutsideTheSitesWeek() {
        SiteCalendar sevenDays = new SiteCalendar(FUZHOU, WorkingHours.DEFAULT, NationalCalendar.bundled(), Map.of());
        assertFalse(sevenDays.worksAt(at("2026-10-01T10:00")), "国庆");
        assertEquals("holiday", sevenDays.day(LocalDate.of(2026, 10, 1)).reason());
        assertEquals("国庆节", sevenDays.day(LocalDate.of(2026, 10, 1)).note());
        // 2026-09-20 is a Sunday worked in place of a National Day holiday.
        SiteCalendar weekdaysOnly = new SiteCalendar(FUZHOU, WorkingHours.of("08:00", "18:00", List.of(1, 2, 3, 4, 5)),
                NationalCalendar.bundled(), Map.of());
        assertTrue(weekdaysOnly.worksAt(at("2026-09-20T09:00")));
        assertFalse(weekdaysOnly.worksAt(at("2026-09-19T09:00")), "an ordinary Saturday");
    }

    @Test
    void theSitesOwnMarkWinsOverTheNationalCalendar() {
        LocalDate labourDay = LocalDate.of(2026, 5, 2);
        SiteCalendar c = calendar(Map.of(labourDay, new CalendarMark(labourDay, true, "other", "抢工期", null, "site")));
        assertTrue(c.isWorkingDay(labourDay));
        assertEquals("site", c.day(labourDay).source());
    }

    @Test
    void workingHoursAreTheSitesLocalTime() {
        SiteCalendar c = calendar(Map.of());
        assertFalse(c.worksAt(at("2026-03-17T06:59")));
        assertTrue(c.worksAt(at("2026-03-17T07:00")));
        assertTrue(c.worksAt(at("2026-03-17T18:59")));
        assertFalse(c.worksAt(at("2026-03-17T19:00")));
        assertEquals(Instant.parse("2026-03-16T23:00:00Z"), c.windows(at("2026-03-17T00:00"), at("2026-03-18T00:00")).get(0).from());
    }

    @Test
    void aNightWorkPermitExtendsOneDateOnly() {
        LocalDate pour = LocalDate.of(2026, 3, 17);
        SiteCalendar c = calendar(Map.of(pour, new CalendarMark(pour, true, null, "底板混凝土浇筑",
                CalendarMark.ExtraHours.of("19:00", "23:30", "榕环夜证〔2026〕031号"), "site")));
        assertTrue(c.worksAt(at("2026-03-17T23:00")));
        assertTrue(c.permittedBeyondHours(at("2026-03-17T23:00")));
        assertFalse(c.permittedBeyondHours(at("2026-03-17T12:00")), "inside the ordinary hours");
        assertFalse(c.worksAt(at("2026-03-18T23:00")));
        // One merged span 07:00–23:30 on the pour date.
        List<SiteCalendar.Window> w = c.windows(at("2026-03-17T00:00"), at("2026-03-18T00:00"));
        assertEquals(1, w.size());
        assertEquals(Duration.ofMinutes(16 * 60 + 30), w.get(0).length());
    }

    @Test
    void workingTimeAndTheNextStartSkipNightsSundaysAndHolidays() {
        SiteCalendar c = calendar(Map.of());
        assertEquals(Duration.ofHours(12 * 6), c.workingTime(at("2026-03-16T00:00"), at("2026-03-23T00:00")));
        assertEquals(at("2026-03-16T07:00"), c.nextWorkStart(at("2026-03-14T19:30")), "Saturday evening → Monday morning");
        assertEquals(at("2026-02-24T07:00"), c.nextWorkStart(at("2026-02-14T20:00")), "after the make-up Saturday, past 春节");
        assertEquals(at("2026-03-17T10:00"), c.nextWorkStart(at("2026-03-17T10:00")));
        // A week with no working day still works the national make-up days; past the loaded years, never.
        SiteCalendar noWeek = new SiteCalendar(FUZHOU, new WorkingHours(0, 60, java.util.Set.of()), NationalCalendar.bundled(), Map.of());
        assertEquals(at("2026-05-09T00:00"), noWeek.nextWorkStart(at("2026-03-17T10:00")));
        assertNull(noWeek.nextWorkStart(at("2026-10-11T00:00")));
    }

    @Test
    void aYearWithoutANoticeUsesTheWeekAndSaysSo() {
        SiteCalendar c = calendar(Map.of());
        SiteCalendar.Day d = c.day(LocalDate.of(2027, 2, 8));
        assertTrue(d.calendarMissing());
        assertTrue(d.working(), "a Monday, by the site's week");
        assertFalse(c.day(LocalDate.of(2026, 2, 9)).calendarMissing());
    }

    @Test
    void badHoursAreRefusedWithWhatIsWrong() {
        assertEquals("working hours must run forwards within one day: 19:00–07:00",
                assertThrows(IllegalArgumentException.class, () -> WorkingHours.of("19:00", "07:00", List.of(1))).getMessage());
        assertEquals("'25:00' is not a time of day (00:00–24:00)",
                assertThrows(IllegalArgumentException.class, () -> WorkingHours.minute("25:00")).getMessage());
        assertEquals("days: 8 is not an ISO weekday (1 = Monday … 7 = Sunday)",
                assertThrows(IllegalArgumentException.class, () -> WorkingHours.of("07:00", "19:00", List.of(8))).getMessage());
        assertEquals("days: the ISO weekdays worked are required (1 = Monday … 7 = Sunday)",
                assertThrows(IllegalArgumentException.class, () -> WorkingHours.of("07:00", "19:00", null)).getMessage());
    }

    @Test
    void hoursAndPermitsTakeTheHttpFormInJson() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals("{\"from\":\"07:00\",\"to\":\"24:00\",\"days\":[1,2,3,4,5,6]}",
                json.writeValueAsString(WorkingHours.of("07:00", "24:00", List.of(6, 5, 4, 3, 2, 1))));
        assertEquals(SIX_DAYS, json.readValue("{\"from\":\"07:00\",\"to\":\"19:00\",\"days\":[1,2,3,4,5,6]}", WorkingHours.class));
        assertEquals("{\"from\":\"19:00\",\"to\":\"23:30\",\"permit\":\"榕环夜证〔2026〕031号\"}",
                json.writeValueAsString(CalendarMark.ExtraHours.of("19:00", "23:30", "榕环夜证〔2026〕031号")));
    }
}

package io.sitewatch.rating.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recorder compliance over the site's working days: a Monday–Saturday site around Labour Day 2026
 * (05-01..05-05 national holiday) with a regulator's typhoon stop on Wednesday 04-29.
 */
class RecorderComplianceTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SiteCalendar CAL = new SiteCalendar(ZONE, WorkingHours.of("07:00", "19:00", List.of(1, 2, 3, 4, 5, 6)),
            NationalCalendar.bundled(), Map.of(LocalDate.parse("2026-04-29"),
                    new CalendarMark(LocalDate.parse("2026-04-29"), false, "typhoon", null, null, "regulator")));
    static final LocalDate FIRST = LocalDate.parse("2026-04-27");
    static final LocalDate LAST = LocalDate.parse("2026-05-10");
    /** Monday 04-27 … Sunday 05-10 without the typhoon Wednesday, the holiday and the Sundays. */
    static final List<String> WORKING = List.of("2026-04-27", "2026-04-28", "2026-04-30", "2026-05-06", "2026-05-07", "2026-05-08", "2026-05-09");

    static RatingData.EventFact event(String day, int hour, String type, String json) throws Exception {
        return new RatingData.EventFact("REC", LocalDate.parse(day).atTime(hour, 0).atZone(ZONE).toInstant(), type, JSON.readTree(json));
    }

    /** Each working day: the officer's clock-in at 07:30 and the log of {@code logOf(day)} at 08:00. */
    static List<RatingData.EventFact> duty(java.util.function.UnaryOperator<String> logOf) throws Exception {
        List<RatingData.EventFact> out = new ArrayList<>();
        for (String d : WORKING) {
            out.add(event(d, 7, "clock_in", "{\"officer_id\":\"O1\",\"role\":\"safety_officer\"}"));
            out.add(event(d, 8, "safety_log", "{\"officer_id\":\"O1\",\"log_date\":\"" + logOf.apply(d) + "\"}"));
        }
        return out;
    }

    static String previousWorking(String day) {
        int i = WORKING.indexOf(day);
        return i == 0 ? "2026-04-25" : WORKING.get(i - 1);   // Saturday before
    }

    @Test
    void onlyTheSitesWorkingDaysCountAndEachNeedsThePreviousWorkingDaysLog() throws Exception {
        RateFact f = RecorderCompliance.measure(CAL, FIRST, LAST, LocalDate.parse("2025-06-01"), duty(RecorderComplianceTest::previousWorking));
        assertEquals(7, f.denominator(), f.explanation());
        assertEquals(7, f.numerator(), f.explanation());
        assertEquals("7 of 7 working days with the safety officer's clock-in and the previous working day's log (site calendar 07:00–19:00"
                + " on ISO days [1, 2, 3, 4, 5, 6], national holidays and marked dates; 7 days off left out)", f.explanation());
    }

    @Test
    void afterADayOffTheLogDueIsThatOfTheLastWorkingDay() throws Exception {
        // logs dated the calendar day before (a Sunday, the typhoon day, a holiday) are not the ones due after a day off
        RateFact f = RecorderCompliance.measure(CAL, FIRST, LAST, null, duty(d -> LocalDate.parse(d).minusDays(1).toString()));
        assertEquals(7, f.denominator());
        assertEquals(4, f.numerator(), f.explanation());
        assertTrue(f.explanation().contains("missing e.g. [2026-04-27, 2026-04-30, 2026-05-06]"), f.explanation());
    }

    @Test
    void aMissingClockInOrLogIsNamed() throws Exception {
        List<RatingData.EventFact> events = new ArrayList<>(duty(RecorderComplianceTest::previousWorking));
        events.removeIf(e -> e.type().equals("clock_in") && e.ts().atZone(ZONE).toLocalDate().toString().equals("2026-05-06"));
        RateFact f = RecorderCompliance.measure(CAL, FIRST, LAST, null, events);
        assertEquals(6, f.numerator());
        assertTrue(f.explanation().contains("missing e.g. [2026-05-06]"), f.explanation());
    }

    @Test
    void aWindowWithoutWorkingDaysHasNothingToCount() throws Exception {
        RateFact f = RecorderCompliance.measure(CAL, LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-05"), null, List.of());
        assertEquals(0, f.denominator());
        assertEquals(false, f.emptyMeansMet());
        assertTrue(f.explanation().startsWith("no working day in the window"), f.explanation());
    }

    @Test
    void theFirstWorkingDayOfTheSiteNeedsNoLog() throws Exception {
        RateFact f = RecorderCompliance.measure(CAL, FIRST, FIRST, FIRST,
                List.of(event("2026-04-27", 7, "clock_in", "{\"officer_id\":\"O1\",\"role\":\"safety_officer\"}")));
        assertEquals(1, f.numerator(), f.explanation());
        assertEquals(LocalDate.parse("2026-04-26"), RecorderCompliance.logsNeededFrom(CAL, FIRST, FIRST));
        assertEquals(LocalDate.parse("2026-04-30"), RecorderCompliance.logsNeededFrom(CAL, LocalDate.parse("2026-05-06"), null));
    }

    @Test
    void daysOfAYearWithoutNationalHolidaysAreFlagged() throws Exception {
        RateFact f = RecorderCompliance.measure(CAL, LocalDate.parse("2027-01-04"), LocalDate.parse("2027-01-05"), null, List.of());
        assertEquals(2, f.denominator());
        assertTrue(f.explanation().endsWith("; 2 days in a year whose national holidays are not loaded taken by the site's week"), f.explanation());
    }
}

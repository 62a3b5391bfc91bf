package io.sitewatch.rating.evidence;

import static io.sitewatch.rating.evidence.RecorderComplianceTest.CAL;
import static io.sitewatch.rating.evidence.RecorderComplianceTest.FIRST;
import static io.sitewatch.rating.evidence.RecorderComplianceTest.LAST;
import static io.sitewatch.rating.evidence.RecorderComplianceTest.WORKING;
import static io.sitewatch.rating.evidence.RecorderComplianceTest.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.KeyPerson;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Recorder compliance by the campaign's rule (五.2): the site's registered safety officer clocks in
 * inside its fence and uploads the previous working day's log within ±120 min of it. The calendar
 * is {@link RecorderComplianceTest}'s: Monday–Saturday, a typhoon stop on Wednesday 04-29 and the
 * Labour Day holiday 05-01..05-05.
 */
class RecorderCampaignTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final GeoFence FENCE = new GeoFence(24.4798, 118.0894, 200);
    /** Metres north of the fence's centre as degrees of latitude (the haversine's sphere). */
    static final double M_PER_DEG = 6_371_008.8 * Math.PI / 180;
    static final String IN = "\"lat\":24.4800,\"lon\":118.0895";
    static final List<KeyPerson> STAFF = List.of(new KeyPerson("S", "SO-1", "李四", "safety_officer", null),
            new KeyPerson("S", "PM-1", "张三", "project_manager", null));
    static final LocalDate TUE = LocalDate.parse("2026-04-28");

    static RatingData.EventFact at(LocalDate day, String time, String type, String json) {
        try {
            return new RatingData.EventFact("REC", day.atTime(LocalTime.parse(time)).atZone(ZONE).toInstant(), type, JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static RatingData.EventFact clockIn(LocalDate day, String time, String officer, String role, String where) {
        return at(day, time, "clock_in", "{\"officer_id\":\"" + officer + "\",\"role\":\"" + role + "\"" + (where.isEmpty() ? "" : "," + where) + "}");
    }

    static RatingData.EventFact log(LocalDate day, String time, String officer, LocalDate logDate) {
        return at(day, time, "safety_log", "{\"officer_id\":\"" + officer + "\",\"log_date\":\"" + logDate + "\",\"sha256\":\"ab\"}");
    }

    static String north(double metres) {
        return String.format(java.util.Locale.ROOT, "\"lat\":%.9f,\"lon\":118.0894", 24.4798 + metres / M_PER_DEG);
    }

    static RateFact tuesday(List<KeyPerson> staff, GeoFence fence, RatingData.EventFact... events) {
        return RecorderCompliance.campaign(CAL, TUE, TUE, null, fence, staff, 120, List.of(events));
    }

    /** Tuesday 04-28 (the log due is Monday 04-27's): what was sent, and the day's evidence line (null: complies). */
    static Stream<Arguments> tuesdays() {
        LocalDate mon = LocalDate.parse("2026-04-27");
        return Stream.of(
                Arguments.of("clock-in inside, own log 30 min later", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "08:00", "SO-1", mon)), null),
                Arguments.of("no clock-in", List.of(log(TUE, "08:00", "SO-1", mon)), "2026-04-28: SO-1 李四: no clock-in"),
                Arguments.of("a clock-in by the project manager is not the officer's", List.of(clockIn(TUE, "07:30", "PM-1", "safety_officer", IN),
                        log(TUE, "08:00", "SO-1", mon)), "2026-04-28: SO-1 李四: no clock-in"),
                Arguments.of("clock-in 1 km away", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", north(1000)),
                        log(TUE, "08:00", "SO-1", mon)), "2026-04-28: SO-1 李四: clock-in outside the fence (1000 m from the fence's centre, radius 200 m)"),
                Arguments.of("clock-in without a location", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", ""),
                        log(TUE, "08:00", "SO-1", mon)), "2026-04-28: SO-1 李四: clock-in outside the fence (no location sent)"),
                Arguments.of("fence edge: 199 m", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", north(199)),
                        log(TUE, "08:00", "SO-1", mon)), null),
                Arguments.of("fence edge: 201 m", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", north(201)),
                        log(TUE, "08:00", "SO-1", mon)), "2026-04-28: SO-1 李四: clock-in outside the fence (201 m from the fence's centre, radius 200 m)"),
                Arguments.of("one clock-in outside, a later one inside", List.of(clockIn(TUE, "07:00", "SO-1", "safety_officer", north(5000)),
                        clockIn(TUE, "08:00", "SO-1", "safety_officer", IN), log(TUE, "08:05", "SO-1", mon)), null),
                Arguments.of("log missing", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN)), "2026-04-28: SO-1 李四: log of 2026-04-27 missing"),
                Arguments.of("log of the wrong day is no log", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "08:00", "SO-1", TUE)), "2026-04-28: SO-1 李四: log of 2026-04-27 missing"),
                Arguments.of("log from another officer", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "08:00", "SO-7", mon)), "2026-04-28: SO-1 李四: log of 2026-04-27 from another officer (SO-7)"),
                Arguments.of("window edge: 120 min after", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "09:30", "SO-1", mon)), null),
                Arguments.of("window edge: 121 min after", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "09:31", "SO-1", mon)), "2026-04-28: SO-1 李四: log of 2026-04-27 outside the window (uploaded 04-28 09:31, clock-in 04-28 07:30, ±120 min)"),
                Arguments.of("window edge: 120 min before", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "05:30", "SO-1", mon)), null),
                Arguments.of("window edge: 121 min before", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(TUE, "05:29", "SO-1", mon)), "2026-04-28: SO-1 李四: log of 2026-04-27 outside the window (uploaded 04-28 05:29, clock-in 04-28 07:30, ±120 min)"),
                Arguments.of("log uploaded the evening before", List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN),
                        log(mon, "18:00", "SO-1", mon)), "2026-04-28: SO-1 李四: log of 2026-04-27 outside the window (uploaded 04-27 18:00, clock-in 04-28 07:30, ±120 min)"),
                Arguments.of("window around a clock-in outside the fence does not count", List.of(
                        clockIn(TUE, "07:00", "SO-1", "safety_officer", north(5000)), log(TUE, "07:05", "SO-1", mon),
                        clockIn(TUE, "12:00", "SO-1", "safety_officer", IN)),
                        "2026-04-28: SO-1 李四: log of 2026-04-27 outside the window (uploaded 04-28 07:05, clock-in 04-28 12:00, ±120 min)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tuesdays")
    void eachReasonADayFails(String name, List<RatingData.EventFact> events, String line) {
        RateFact f = RecorderCompliance.campaign(CAL, TUE, TUE, null, FENCE, STAFF, 120, events);
        assertEquals(1, f.denominator(), f.explanation());
        assertEquals(line == null ? 1 : 0, f.numerator(), f.explanation());
        assertEquals(line == null ? List.of() : List.of(line), f.details());
    }

    @Test
    void theSentenceNamesWhoWhereAndTheReasonsCounted() {
        RateFact f = tuesday(STAFF, FENCE);
        assertEquals("0 of 1 working days on which the safety officer clocked in inside the site's fence and uploaded the previous working"
                + " day's safety log within 120 min of that clock-in (required: SO-1 李四; fence 200 m around 24.479800, 118.089400;"
                + " site calendar 07:00–19:00 on ISO days [1, 2, 3, 4, 5, 6], national holidays and marked dates; 0 days off left out);"
                + " failed days by reason: no clock-in 1; e.g. 2026-04-28: SO-1 李四: no clock-in", f.explanation());
    }

    @Test
    void withoutAFenceTheLocationIsNotCheckedAndSaidSo() {
        RateFact f = tuesday(STAFF, null, clockIn(TUE, "07:30", "SO-1", "safety_officer", north(50_000)),
                log(TUE, "07:40", "SO-1", LocalDate.parse("2026-04-27")));
        assertEquals(1, f.numerator(), f.explanation());
        assertTrue(f.explanation().contains("required: SO-1 李四; no fence registered: clock-in location not checked;"), f.explanation());
    }

    @Test
    void everyRegisteredSafetyOfficerIsRequired() {
        List<KeyPerson> two = new ArrayList<>(STAFF);
        two.add(new KeyPerson("S", "SO-2", "王五", "safety_officer", null));
        LocalDate mon = LocalDate.parse("2026-04-27");
        RateFact f = tuesday(two, FENCE, clockIn(TUE, "07:30", "SO-1", "safety_officer", IN), log(TUE, "07:31", "SO-1", mon),
                clockIn(TUE, "07:40", "SO-2", "safety_officer", north(900)), log(TUE, "07:41", "SO-1", mon));
        assertEquals(0, f.numerator());
        assertEquals(List.of("2026-04-28: SO-2 王五: clock-in outside the fence (900 m from the fence's centre, radius 200 m)"), f.details());
        assertTrue(f.explanation().contains("required: SO-1 李四, SO-2 王五;"), f.explanation());
    }

    @Test
    void withNoSafetyOfficerRegisteredAnySafetyOfficersClockInCountsAndTheEvidenceSaysSo() {
        List<KeyPerson> noOfficer = List.of(STAFF.get(1));
        LocalDate mon = LocalDate.parse("2026-04-27");
        RateFact ok = tuesday(noOfficer, FENCE, clockIn(TUE, "07:00", "X", "safety_officer", north(3000)),
                clockIn(TUE, "07:30", "Y", "safety_officer", IN), log(TUE, "08:00", "Y", mon));
        assertEquals(1, ok.numerator(), ok.explanation());
        assertTrue(ok.explanation().contains("(no safety officer registered among the site's key personnel, so any safety_officer's clock-in counts"),
                ok.explanation());
        RateFact none = tuesday(List.of(), FENCE, clockIn(TUE, "07:30", "PM-1", "project_manager", IN), log(TUE, "08:00", "PM-1", mon));
        assertEquals(List.of("2026-04-28: no clock-in by any safety_officer"), none.details());
        // the log still has to come from the officer who clocked in, within the window
        RateFact other = tuesday(List.of(), FENCE, clockIn(TUE, "07:30", "Y", "safety_officer", IN), log(TUE, "08:00", "Z", mon));
        assertEquals(List.of("2026-04-28: Y: log of 2026-04-27 from another officer (Z)"), other.details());
    }

    @Test
    void holidaysTyphoonStopsAndSundaysAreNotCountedAndTheLogDueIsTheLastWorkingDays() {
        List<RatingData.EventFact> events = new ArrayList<>();
        for (String d : WORKING) {
            LocalDate day = LocalDate.parse(d);
            events.add(clockIn(day, "07:30", "SO-1", "safety_officer", IN));
            events.add(log(day, "07:45", "SO-1", RecorderCompliance.previousWorkingDay(CAL, day, null)));
        }
        // nothing on the typhoon Wednesday 04-29, the holiday and the Sundays
        RateFact f = RecorderCompliance.campaign(CAL, FIRST, LAST, LocalDate.parse("2025-06-01"), FENCE, STAFF, 120, events);
        assertEquals(7, f.denominator(), f.explanation());
        assertEquals(7, f.numerator(), f.explanation());
        assertTrue(f.explanation().contains("7 days off left out"), f.explanation());
        // Thursday 04-30 owes Tuesday's log, not the typhoon Wednesday's; Wednesday 05-06 owes Thursday 04-30's
        assertEquals(LocalDate.parse("2026-04-28"), RecorderCompliance.previousWorkingDay(CAL, LocalDate.parse("2026-04-30"), null));
        assertEquals(LocalDate.parse("2026-04-30"), RecorderCompliance.previousWorkingDay(CAL, LocalDate.parse("2026-05-06"), null));
        RateFact onlyDaysOff = RecorderCompliance.campaign(CAL, LocalDate.parse("2026-04-29"), LocalDate.parse("2026-04-29"), null,
                FENCE, STAFF, 120, List.of());
        assertEquals(0, onlyDaysOff.denominator());
        assertTrue(onlyDaysOff.explanation().startsWith("no working day in the window"), onlyDaysOff.explanation());
    }

    @Test
    void failedDaysAreCountedByReason() {
        LocalDate mon = LocalDate.parse("2026-04-27");
        List<RatingData.EventFact> events = List.of(
                clockIn(mon, "07:30", "SO-1", "safety_officer", IN), log(mon, "07:40", "SO-1", LocalDate.parse("2026-04-25")),
                clockIn(TUE, "07:30", "SO-1", "safety_officer", IN));
        RateFact f = RecorderCompliance.campaign(CAL, mon, LocalDate.parse("2026-04-30"), null, FENCE, STAFF, 120, events);
        assertEquals(1, f.numerator());
        assertEquals(3, f.denominator());
        assertEquals(List.of("2026-04-28: SO-1 李四: log of 2026-04-27 missing", "2026-04-30: SO-1 李四: no clock-in"), f.details());
        assertTrue(f.explanation().contains("; failed days by reason: no clock-in 1, log missing 1; e.g. "), f.explanation());
    }

    @Test
    void theSitesFirstWorkingDayNeedsTheClockInOnly() {
        RateFact f = RecorderCompliance.campaign(CAL, TUE, TUE, TUE, FENCE, STAFF, 120,
                List.of(clockIn(TUE, "07:30", "SO-1", "safety_officer", IN)));
        assertEquals(1, f.numerator(), f.explanation());
    }
}

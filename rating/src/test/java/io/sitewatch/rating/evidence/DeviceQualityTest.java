package io.sitewatch.rating.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.DataQualityRules;
import io.sitewatch.rating.evidence.DeviceActivity.Run;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.score.TestAccess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data-quality evidence on constructed runs: the rules of domain.md §1.8 at their boundaries. */
class DeviceQualityTest {

    static final DataQualityRules RULES = new DataQualityRules(0.90, 30, Map.of("hoist", 15));
    static final long DAY = 1440;

    static RatingResult.DeviceVerdict judge(String kind, int period, List<Run> runs, int perMinute, long minutes) {
        DeviceQuality q = DeviceQuality.measure("D", kind, period, activity(runs, perMinute), 0, minutes);
        return TestAccess.judge(q, RULES);
    }

    static DeviceActivity activity(List<Run> runs, int perMinute) {
        return new DeviceActivity("m", runs, perMinute * runs.stream().mapToLong(Run::minutes).sum());
    }

    @Test
    void aRegisteredButSilentDeviceFails() {
        DeviceQuality q = DeviceQuality.measure("D", "tower_crane", 30, DeviceActivity.silent(), 0, DAY);
        assertEquals(0.0, q.onlineRate());
        assertEquals(DAY, q.longestGapMinutes());
        assertNull(q.observedPeriodS());
        RatingResult.DeviceVerdict v = TestAccess.judge(q, RULES);
        assertFalse(v.ok());
        assertEquals("no data in the window", v.why());
    }

    @Test
    void aGapOf30MinutesPassesAnd31Fails() {
        // 1440 min: data, a silence, data; the silence is 30 or 31 whole minutes
        assertTrue(judge("tower_crane", 30, List.of(new Run(0, 700), new Run(730, 710)), 2, DAY).ok());
        RatingResult.DeviceVerdict v = judge("tower_crane", 30, List.of(new Run(0, 700), new Run(731, 709)), 2, DAY);
        assertFalse(v.ok());
        assertEquals("gap of 31 min > 30 min", v.why());
    }

    @Test
    void onlineRateBoundaryIs90Percent() {
        // 1000 minutes; four 25-min silences (each allowed) add up to exactly 100 offline minutes, then 101
        List<Run> ninety = List.of(new Run(0, 225), new Run(250, 225), new Run(500, 225), new Run(750, 225));
        DeviceQuality q = DeviceQuality.measure("D", "env", 30, activity(ninety, 2), 0, 1000);
        assertEquals(0.90, q.onlineRate(), 1e-12);
        assertTrue(TestAccess.judge(q, RULES).ok());
        List<Run> below = List.of(new Run(0, 225), new Run(250, 225), new Run(500, 225), new Run(750, 224));
        RatingResult.DeviceVerdict v = judge("env", 30, below, 2, 1000);
        assertFalse(v.ok());
        assertTrue(v.why().startsWith("online 89.9 % < 90.0 %"), v.why());
    }

    @Test
    void hoistMustReportAtLeastEvery15Seconds() {
        assertTrue(judge("hoist", 15, List.of(new Run(0, DAY)), 4, DAY).ok());
        RatingResult.DeviceVerdict slow = judge("hoist", 20, List.of(new Run(0, DAY)), 3, DAY);
        assertFalse(slow.ok());
        assertEquals("reports every 20.0 s > 15 s", slow.why());
        // the same rate is fine for a crane: the period limit is per kind
        assertTrue(judge("tower_crane", 20, List.of(new Run(0, DAY)), 3, DAY).ok());
    }

    @Test
    void slowDevicesAreNotOfflineBetweenTheirReports() {
        // a pit sensor reporting every 10 minutes: one minute with data, nine silent
        List<Run> runs = new java.util.ArrayList<>();
        for (long m = 0; m < DAY; m += 10) {
            runs.add(new Run(m, 1));
        }
        DeviceQuality q = DeviceQuality.measure("P", "pit", 600, activity(runs, 1), 0, DAY);
        assertEquals(1.0, q.onlineRate(), 1e-12);
        assertEquals(600.0, q.observedPeriodS(), 1e-9);
        assertTrue(TestAccess.judge(q, RULES).ok());
    }

    @Test
    void runsOutsideTheServiceWindowAreClipped() {
        DeviceQuality q = DeviceQuality.measure("D", "env", 30, new DeviceActivity("m", List.of(new Run(-100, 200)), 200), 0, 200);
        assertEquals(0.5, q.onlineRate(), 1e-12);
        assertEquals(100, q.longestGapMinutes());
        assertEquals(200, q.samples());
    }

    // ---- since 2026.1: over the expected reporting time ----

    /** 07:00–19:00 of each of {@code days} days on a zone-free minute axis (day d starts at minute 1440·d). */
    static List<DeviceQuality.Minutes> workingWindows(int days) {
        List<DeviceQuality.Minutes> w = new java.util.ArrayList<>();
        for (int d = 0; d < days; d++) {
            w.add(new DeviceQuality.Minutes(d * DAY + 420, d * DAY + 1140));
        }
        return w;
    }

    static List<Run> runsOf(List<DeviceQuality.Minutes> windows) {
        return windows.stream().map(w -> new Run(w.fromMinute(), w.length())).toList();
    }

    @Test
    void aMachineReportingOnlyInWorkingHoursIsFullyOnlineOverItsExpectedTime() {
        List<DeviceQuality.Minutes> windows = workingWindows(30);
        DeviceActivity activity = activity(runsOf(windows), 2);
        DeviceQuality q = DeviceQuality.measureExpected("TC", "tower_crane", 30, "working_hours", activity, windows, 0, 30 * DAY);
        assertEquals(30 * 720, q.serviceMinutes());
        assertEquals(1.0, q.onlineRate(), 1e-12);
        assertEquals(0, q.longestGapMinutes());
        assertEquals(30.0, q.observedPeriodS(), 1e-9);
        assertTrue(TestAccess.judge(q, RULES).ok());
        // measured around the clock, as before 2026.1, the same machine was half offline with a 12-hour gap every night
        DeviceQuality clock = DeviceQuality.measure("TC", "tower_crane", 30, activity, 0, 30 * DAY);
        assertEquals(0.5, clock.onlineRate(), 0.01);
        assertFalse(TestAccess.judge(clock, RULES).ok());
    }

    @Test
    void gapsAreJudgedWithinEachWorkingWindowEdgesIncluded() {
        List<DeviceQuality.Minutes> windows = workingWindows(3);
        // starts 10 min late and stops 10 min early every day: the nights between are not gaps
        List<Run> late = windows.stream().map(w -> new Run(w.fromMinute() + 10, w.length() - 20)).toList();
        DeviceQuality q = DeviceQuality.measureExpected("TC", "tower_crane", 30, "working_hours", activity(late, 2), windows, 0, 3 * DAY);
        assertEquals(10, q.longestGapMinutes());
        assertEquals(1 - 60.0 / (3 * 720), q.onlineRate(), 1e-12);
        assertTrue(TestAccess.judge(q, RULES).ok());
        // a 31-minute stop at noon on day 2 fails
        List<Run> stop = List.of(new Run(420, 720), new Run(DAY + 420, 300), new Run(DAY + 751, 389), new Run(2 * DAY + 420, 720));
        RatingResult.DeviceVerdict v = TestAccess.judge(DeviceQuality.measureExpected("TC", "tower_crane", 30, "working_hours",
                activity(stop, 2), windows, 0, 3 * DAY), RULES);
        assertFalse(v.ok());
        assertTrue(v.why().startsWith("gap of 31 min > 30 min (over 36 h expected, in the site's working hours)"), v.why());
    }

    @Test
    void aSilentWorkingDayIsOneWholeGap() {
        List<DeviceQuality.Minutes> windows = workingWindows(10);
        List<Run> runs = new java.util.ArrayList<>(runsOf(windows));
        runs.remove(4);
        DeviceQuality q = DeviceQuality.measureExpected("HO", "hoist", 10, "working_hours", activity(runs, 6), windows, 0, 10 * DAY);
        assertEquals(720, q.longestGapMinutes());
        assertEquals(0.9, q.onlineRate(), 1e-12);
    }

    @Test
    void theReportPeriodIsTakenOverTheServiceWindowNotOnlyTheWorkingHours() {
        // a hoist at 4 samples a minute in working hours, silent at night: every 15 s, not every 30 s
        List<DeviceQuality.Minutes> windows = workingWindows(7);
        DeviceQuality q = DeviceQuality.measureExpected("HO", "hoist", 15, "working_hours", activity(runsOf(windows), 4), windows, 0, 7 * DAY);
        assertEquals(15.0, q.observedPeriodS(), 1e-9);
        assertTrue(TestAccess.judge(q, RULES).ok());
    }

    @Test
    void aContinuousDeviceIsMeasuredAsBeforeOverItsServiceWindow() {
        List<Run> runs = List.of(new Run(0, 700), new Run(731, 709));
        DeviceQuality old = DeviceQuality.measure("E", "env", 60, activity(runs, 1), 0, DAY);
        DeviceQuality now = DeviceQuality.measureExpected("E", "env", 60, "continuous", activity(runs, 1),
                List.of(new DeviceQuality.Minutes(0, DAY)), 0, DAY);
        assertEquals(old.onlineRate(), now.onlineRate());
        assertEquals(old.longestGapMinutes(), now.longestGapMinutes());
        assertEquals(old.observedPeriodS(), now.observedPeriodS());
        assertEquals(DAY, now.serviceMinutes());
        assertEquals(0L, now.inServiceFromMs());
        assertEquals(DAY * 60_000, now.inServiceToMs());
    }

    @Test
    void aDeviceWithNoExpectedTimeIsNotInServiceAndNotJudged() {
        DeviceQuality q = DeviceQuality.measureExpected("HO-OLD", "hoist", 10, "working_hours", DeviceActivity.silent(), List.of(), 500, 500);
        assertFalse(q.inService());
        RatingResult.DeviceVerdict v = TestAccess.judge(q, RULES);
        assertFalse(v.inService());
        assertEquals("not in service in the window", v.why());
        // the same silence in a snapshot measured before 2026.1 is a failing device
        assertTrue(new DeviceQuality("X", "hoist", 10, 0, 0, 0, null, 0).inService());
    }
}

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
}

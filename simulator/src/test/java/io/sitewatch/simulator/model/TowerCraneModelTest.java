package io.sitewatch.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.simulator.CapturingFactory;
import io.sitewatch.simulator.Runs;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.FreeForm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TowerCraneModelTest {
    private static final String CRANE = Runs.SITE + "-TC01";

    @Test
    void constantMomentChartDerivesRatedLoadFromRatedMoment() {
        LoadChart chart = LoadChart.from(new FreeForm(Map.of("ratedMomentTm", 160)), new FreeForm(Map.of("maxLoadT", 8)));
        assertEquals(8.0, chart.ratedLoadT(10), 1e-9);      // 160/10 = 16 capped at the 8 t maximum
        assertEquals(160.0 / 50, chart.ratedLoadT(50), 1e-9);
        // Same load further out: moment % grows in proportion to radius once on the moment curve.
        assertEquals(2 * chart.momentPct(2, 25), chart.momentPct(2, 50), 1e-9);
    }

    @Test
    void explicitChartPointsAreInterpolated() {
        LoadChart chart = LoadChart.from(FreeForm.EMPTY,
                new FreeForm(Map.of("chart", List.of(List.of(10, 6.0), List.of(30, 3.0), List.of(50, 1.5)))));
        assertEquals(6.0, chart.ratedLoadT(5), 1e-9);
        assertEquals(4.5, chart.ratedLoadT(20), 1e-9);
        assertEquals(1.5, chart.ratedLoadT(60), 1e-9);
        assertEquals(100.0, chart.momentPct(4.5, 20), 1e-9);
    }

    @Test
    void everyPublishedMomentFollowsLoadTimesRadiusAgainstTheChart() {
        DeviceSpec spec = Fleet.demo().site(Runs.SITE).requireKind("tower_crane");
        LoadChart chart = LoadChart.from(spec.params(), spec.sim());
        CapturingFactory run = Runs.scenario("normal-day", 42);
        List<JsonNode> samples = Runs.samples(run, CRANE);
        assertEquals(8640, samples.size(), "a 10 s period gives 8640 samples a day");
        int loaded = 0;
        for (JsonNode s : samples) {
            JsonNode v = s.get("values");
            double load = v.get("load_t").asDouble();
            double radius = v.get("radius_m").asDouble();
            double expected = chart.momentPct(load, radius);
            // Published values are rounded (load 0.01 t, radius 0.1 m, moment 0.1 %).
            assertEquals(expected, v.get("moment_pct").asDouble(), 0.1 + expected * 0.005, s.toString());
            assertEquals(100 * load / 8, v.get("load_pct").asDouble(), 0.1, s.toString());
            assertTrue(v.get("moment_pct").asDouble() < 90, "a normal day stays below the 90 % warning: " + s);
            if (load > 0) {
                loaded++;
            }
        }
        assertTrue(loaded > 1000, "the crane lifts during the day, loaded samples: " + loaded);
        List<JsonNode> cycles = Runs.events(run, CRANE, "work_cycle");
        assertTrue(cycles.size() > 40, "lifting cycles in a working day: " + cycles.size());
        for (JsonNode c : cycles) {
            JsonNode d = c.get("data");
            assertTrue(d.get("start_ts").asLong() < d.get("end_ts").asLong());
            assertEquals(c.get("ts").asLong(), d.get("end_ts").asLong());
        }
    }

    @Test
    void overloadScenarioHoldsMomentAbove100ForConsecutiveSamples() {
        CapturingFactory run = Runs.scenario("overload", 42);
        List<JsonNode> samples = Runs.samples(run, CRANE);
        int longestRun = 0;
        int current = 0;
        for (JsonNode s : samples) {
            current = s.get("values").get("moment_pct").asDouble() >= 100 ? current + 1 : 0;
            longestRun = Math.max(longestRun, current);
        }
        assertTrue(longestRun >= 4, "set-down at 106 % lasts ≥ 4 samples, got " + longestRun);
        assertTrue(Runs.events(run, CRANE, "work_cycle").stream()
                .anyMatch(e -> e.get("data").get("max_moment_pct").asDouble() == 106.0));
        List<JsonNode> gondola = Runs.samples(run, Runs.SITE + "-GD01").stream()
                .filter(s -> s.get("values").get("people").asInt() == 3).toList();
        assertEquals(30, gondola.size(), "15:00-15:05 at a 10 s period");
        gondola.forEach(s -> assertEquals(2, s.get("values").get("harness_count").asInt()));
    }
}

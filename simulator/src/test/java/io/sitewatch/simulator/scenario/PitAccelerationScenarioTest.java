package io.sitewatch.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.simulator.CapturingFactory;
import io.sitewatch.simulator.Runs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PitAccelerationScenarioTest {
    @Test
    void theFirstPitPointAcceleratesWhileTheOthersCreepSlowly() {
        CapturingFactory run = Runs.scenario("pit-acceleration", 42);
        double[] moving = dailyGains(Runs.samples(run, Runs.SITE + "-PIT01"));
        double[] control = dailyGains(Runs.samples(run, Runs.SITE + "-PIT02"));

        assertTrue(moving[1] > moving[0] && moving[2] > 2 * moving[1],
                "daily gains must accelerate: " + java.util.Arrays.toString(moving));
        assertTrue(moving[1] > 2 && moving[2] > 2, "rate above 2 mm/d on days 2 and 3");
        for (double g : control) {
            assertTrue(Math.abs(g) < 1, "control point creeps slowly: " + java.util.Arrays.toString(control));
        }
        List<JsonNode> samples = Runs.samples(run, Runs.SITE + "-PIT01");
        double last = samples.get(samples.size() - 1).get("values").get("disp_mm").asDouble();
        assertTrue(last > 20, "cumulative displacement past the 20 mm alarm value: " + last);
        double force = samples.get(samples.size() - 1).get("values").get("axial_force_pct").asDouble();
        assertTrue(force > 70, "strut force follows: " + force);
    }

    /** Displacement gained over each of the 3 days (last sample of the day minus last of the previous). */
    private static double[] dailyGains(List<JsonNode> samples) {
        assertEquals(3 * 288, samples.size(), "a 300 s period gives 288 samples a day");
        double[] gains = new double[3];
        double previous = samples.get(0).get("values").get("disp_mm").asDouble();
        for (int day = 0; day < 3; day++) {
            double end = samples.get((day + 1) * 288 - 1).get("values").get("disp_mm").asDouble();
            gains[day] = end - previous;
            previous = end;
        }
        return gains;
    }
}

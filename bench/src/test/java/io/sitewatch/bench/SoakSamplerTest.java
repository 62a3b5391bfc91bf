package io.sitewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SoakSamplerTest {

    @Test
    void theSlopeOfALineIsItsGradient() {
        double[] x = {0, 1, 2, 3};
        assertEquals(2.5, SoakSampler.slope(x, new double[] {1, 3.5, 6, 8.5}), 1e-9);
        assertEquals(0, SoakSampler.slope(x, new double[] {4, 4, 4, 4}), 1e-9);
    }

    @Test
    void anIntervalsHistogramIsTheLaterSnapshotMinusTheEarlier() {
        TreeMap<Double, Double> earlier = new TreeMap<>();
        earlier.put(0.01, 10.0);
        earlier.put(0.1, 20.0);
        earlier.put(Double.POSITIVE_INFINITY, 20.0);
        TreeMap<Double, Double> later = new TreeMap<>();
        later.put(0.01, 15.0);
        later.put(0.1, 40.0);
        later.put(Double.POSITIVE_INFINITY, 41.0);
        TreeMap<Double, Double> d = SoakSampler.diff(later, earlier);
        assertEquals(5.0, d.get(0.01));
        assertEquals(20.0, d.get(0.1));
        assertEquals(21.0, d.get(Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, SoakSampler.highestFilledBucket(d));
        later.put(Double.POSITIVE_INFINITY, 40.0);
        assertEquals(0.1, SoakSampler.highestFilledBucket(SoakSampler.diff(later, earlier)));
    }

    @Test
    void aHeapThatKeepsGrowingIsNotFlatAndOneThatWobblesIs() {
        List<SoakSampler.Interval> growing = new ArrayList<>();
        List<SoakSampler.Interval> wobbling = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            growing.add(interval(n, 60 + 10 * n));
            wobbling.add(interval(n, 60 + (n % 2 == 0 ? 0.8 : -0.8)));
        }
        SoakSampler.Trend grows = SoakSampler.trends(growing).get(0);
        assertEquals("heap after GC", grows.name());
        assertEquals(120, grows.perHour(), 1e-6, "10 MB per 5 minutes");
        assertFalse(grows.flat());
        assertTrue(grows.growing());
        List<SoakSampler.Interval> draining = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            draining.add(interval(n, 200 - 10 * n));
        }
        SoakSampler.Trend falls = SoakSampler.trends(draining).get(0);
        assertEquals("falling", falls.verdict());
        assertFalse(falls.growing());
        assertTrue(SoakSampler.trends(wobbling).stream().allMatch(SoakSampler.Trend::flat));
    }

    private static SoakSampler.Interval interval(int n, double heapMb) {
        return new SoakSampler.Interval(n, n * 300.0, 2500, 20, 80, 100, 5, 20, 30, heapMb, 200, 400, 40, 60, 300, 10, 0, 0);
    }
}

package io.sitewatch.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sitewatch.alarms.eval.MetricWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricWindowTest {

    @Test
    void keepsTimeOrderWhateverTheArrivalOrder() {
        MetricWindow w = new MetricWindow();
        long[] arrival = {50, 10, 40, 20, 30, 60, 25};
        for (long t : arrival) {
            w.put(t, t / 10.0);
        }
        assertEquals(7, w.size());
        long last = Long.MIN_VALUE;
        for (int i = 0; i < w.size(); i++) {
            assertEquals(true, w.ts(i) > last);
            last = w.ts(i);
        }
        assertEquals(2.5, w.at(25));
        assertNull(w.at(26));
        assertEquals(2, w.floor(29), "index of ts 25");
        assertEquals(-1, w.floor(9));
        assertEquals(0, w.firstAfter(9));
        w.put(30, 9.9);
        assertEquals(9.9, w.at(30), "same device time replaces");
        assertEquals(7, w.size());
    }

    @Test
    void isBoundedForAFastDeviceAndKeepsEnoughForASlowOne() {
        MetricWindow fast = new MetricWindow();
        for (int i = 0; i < 50_000; i++) {
            fast.put(i * 20L, i);
        }
        assertEquals(MetricWindow.MAX_SAMPLES, fast.size());
        assertEquals(49_999 * 20L, fast.ts(fast.size() - 1));
        MetricWindow slow = new MetricWindow();
        for (int i = 0; i < 40; i++) {
            slow.put(i * 600_000L, i);
        }
        slow.prune(39 * 600_000L);
        assertEquals(16, slow.size(), "never fewer than 16, however old");
    }

    @Test
    void aFullWindowSlidesWithoutLosingOrder() {
        MetricWindow w = new MetricWindow();
        for (int i = 0; i < 5 * MetricWindow.MAX_SAMPLES; i++) {
            w.put(i * 50L, i);
            assertEquals(Math.min(i + 1, MetricWindow.MAX_SAMPLES), w.size());
            assertEquals(i * 50L, w.ts(w.size() - 1));
            assertEquals(Math.max(0, i + 1 - MetricWindow.MAX_SAMPLES) * 50L, w.ts(0));
        }
    }

    /**
     * Random puts (in order, late, repeated) and prunes against a plain sorted map with the same
     * rules: skipping prunes that have nothing to drop, and the shortcuts for the newest sample,
     * must not change what the window holds or answers.
     */
    @Test
    void keepsExactlyWhatItsRulesSay() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            MetricWindow w = new MetricWindow();
            TreeMap<Long, Double> expected = new TreeMap<>();
            long clock = 1_000_000;
            long oldestKept = Long.MIN_VALUE;
            int step = 1 + random.nextInt(200);
            long horizon = step * (long) (1 + random.nextInt(2000));
            for (int i = 0; i < 3000; i++) {
                long t = switch (random.nextInt(10)) {
                    case 0 -> clock - random.nextInt((int) Math.min(horizon * 2, Integer.MAX_VALUE));
                    case 1 -> clock;
                    default -> clock += 1 + random.nextInt(step * 2);
                };
                double v = random.nextDouble();
                w.put(t, v);
                expected.put(t, v);
                while (expected.size() > MetricWindow.MAX_SAMPLES) {
                    expected.pollFirstEntry();
                }
                if (random.nextInt(4) > 0) {
                    oldestKept = Math.max(oldestKept, clock - horizon);
                    w.prune(oldestKept);
                    while (expected.size() > 16 && expected.firstKey() < oldestKept) {
                        expected.pollFirstEntry();
                    }
                }
                List<Long> keys = new ArrayList<>(expected.keySet());
                assertEquals(keys.size(), w.size(), "run " + run + " step " + i);
                assertEquals(keys.get(0), w.ts(0), "run " + run + " step " + i);
                assertEquals(expected.get(t), w.at(t));
                assertEquals(keys.size() - 1, w.floor(clock + 1));
                assertEquals(keys.size() - 1, w.floor(keys.get(keys.size() - 1)));
                long probe = keys.get(random.nextInt(keys.size())) + random.nextInt(3) - 1;
                Long floorKey = expected.floorKey(probe);
                assertEquals(floorKey == null ? -1 : keys.indexOf(floorKey), w.floor(probe));
                assertEquals(expected.get(probe), w.at(probe));
            }
        }
    }
}

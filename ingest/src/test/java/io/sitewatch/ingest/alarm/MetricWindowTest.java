package io.sitewatch.ingest.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sitewatch.ingest.alarm.eval.MetricWindow;
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
}

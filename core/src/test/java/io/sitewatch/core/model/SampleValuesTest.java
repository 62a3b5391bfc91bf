package io.sitewatch.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleValuesTest {

    @Test
    void buildsTheSameMapAsACopyOfALinkedHashMapForEverySize() {
        for (int n = 0; n <= 25; n++) {
            SampleValues values = new SampleValues();
            Map<String, Double> expected = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                values.put("metric_" + i, i * 1.5 - 3);
                expected.put("metric_" + i, i * 1.5 - 3);
            }
            Map<String, Double> map = values.toMap();
            assertEquals(Map.copyOf(expected), map, "size " + n);
            assertEquals(n == 0, values.isEmpty());
            assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1.0));
        }
    }

    @Test
    void sampleKeepsTheMapWithoutCopying() {
        SampleValues values = new SampleValues();
        values.put("load_t", 2.5);
        values.put("wind_ms", 4.0);
        Map<String, Double> map = values.toMap();
        assertSame(map, new Sample(1, null, map).values());
    }
}

package io.sitewatch.alarms.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sitewatch.core.protocol.WireProtocol;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** What {@link RuleLoaderFuzzTest} found, each refused now with the rule and field (docs/reliability.md). */
class RuleLoaderFuzzFindingsTest {

    private final RuleLoader loader = new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH));

    private String refused(String rule) {
        return assertThrows(InvalidRulesException.class, () -> loader.load(new ByteArrayInputStream(
                ("rules:\n  - " + rule + "\n").getBytes(StandardCharsets.UTF_8)), "t.yaml")).getMessage();
    }

    @Test
    void aDurationBeyondALongOrAYearIsRefusedNotThrownOrWrapped() {
        String mean = "{id: a.b, deviceKind: tower_crane, type: mean, metric: wind_ms, warning: 1, source: s, window: ";
        assertEquals("t.yaml: rule #1 (a.b): window: a duration is at most 366d, got " + "6".repeat(100) + "m",
                refused(mean + "6".repeat(100) + "m}"));
        // 999999999999999 days was multiplied into a negative window.
        assertEquals("t.yaml: rule #1 (a.b): window: a duration is at most 366d, got 999999999999999d",
                refused(mean + "999999999999999d}"));
        assertEquals("t.yaml: rule #1 (a.b): sustain.duration: a duration is at most 366d, got 367d",
                refused("{id: a.b, deviceKind: tower_crane, type: threshold, metric: wind_ms, warning: 1, source: s,"
                        + " sustain: {duration: 367d}}"));
    }

    @Test
    void daysBeyondAYearAreRefusedNotCutToTheLargestInt() {
        // 8.9e57 was read as 2^31 - 1, and (days + 2) days wrapped to a negative horizon.
        assertEquals("t.yaml: rule #1 (a.b): days must be a whole number of days from 1 to 366, got 8.888888888888889E57",
                refused("{id: a.b, deviceKind: pit, type: daily_rate, metric: disp_mm, alarm: 3, source: s, days: 8888888888888888888888888888888888888888888888888888888E3}"));
        assertEquals("t.yaml: rule #1 (a.b): days must be a whole number of days from 1 to 366, got 1.5",
                refused("{id: a.b, deviceKind: pit, type: daily_rate, metric: disp_mm, alarm: 3, source: s, days: 1.5}"));
    }
}

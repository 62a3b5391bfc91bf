package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.CapturingFactory;
import io.sitewatch.simulator.Runs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest {
    @Test
    void sameSeedPublishesByteIdenticalPayloadsInTheSameOrder() {
        for (Scenario s : Scenarios.all()) {
            if (s.days() > 1) {
                continue;
            }
            CapturingFactory a = Runs.scenario(s.name(), 42);
            CapturingFactory b = Runs.scenario(s.name(), 42);
            assertEquals(a.messages.size(), b.messages.size(), s.name());
            assertTrue(a.messages.size() > 30_000, s.name() + " publishes a site day: " + a.messages.size());
            for (int i = 0; i < a.messages.size(); i++) {
                var x = a.messages.get(i);
                var y = b.messages.get(i);
                assertEquals(x.topic(), y.topic(), s.name() + " message " + i);
                assertTrue(Arrays.equals(x.payload(), y.payload()), s.name() + " message " + i + ": " + x.text());
            }
        }
    }

    @Test
    void anotherSeedPublishesDifferentPayloads() {
        CapturingFactory a = Runs.scenario("normal-day", 42);
        CapturingFactory b = Runs.scenario("normal-day", 43);
        long differing = 0;
        int n = Math.min(a.messages.size(), b.messages.size());
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(a.messages.get(i).payload(), b.messages.get(i).payload())) {
                differing++;
            }
        }
        assertTrue(differing > n / 2, "most payloads differ with another seed: " + differing + " of " + n);
        assertFalse(Arrays.equals(a.on("TC01/telemetry").get(100).payload(), b.on("TC01/telemetry").get(100).payload()));
    }
}

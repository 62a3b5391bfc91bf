package io.sitewatch.core.model;

import java.util.Map;

/**
 * One telemetry sample: device time in epoch milliseconds, the optional 32-bit sequence counter and
 * metric values (flags already read as 0/1).
 */
public record Sample(long ts, Long seq, Map<String, Double> values) {

    /** Copies a mutable map; a map that is already immutable ({@link SampleValues#toMap()}) is kept as it is. */
    public Sample {
        values = Map.copyOf(values);
    }
}

package io.sitewatch.simulator.load;

import java.time.Duration;

/**
 * A load run: {@code devices} simulated devices sharing {@code publishers} connections, publishing
 * {@code ratePerS} telemetry messages per second in total (≤ 0: as fast as possible) at {@code qos}
 * for {@code duration}.
 */
public record LoadSpec(int devices, double ratePerS, int qos, Duration duration, int publishers,
                       String sitePrefix, String kind, long seed) {
    public LoadSpec {
        if (devices < 1 || publishers < 1 || publishers > devices) {
            throw new IllegalArgumentException("need devices ≥ publishers ≥ 1");
        }
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("--qos must be 0 or 1");
        }
    }
}

package io.sitewatch.core.port;

import java.time.Duration;
import java.util.Collection;

/**
 * Stored telemetry samples, as the alarm engine replays them at start to refill its windows.
 * Owned and implemented by the ingest module, which stores the samples
 * ({@code JdbcTelemetryHistory}); readers depend on this port only, never on the telemetry
 * tables. Blocking: call from a worker thread. A failed read throws {@link IllegalStateException}.
 */
public interface TelemetryHistory {

    /**
     * Hands every stored sample of these metrics (of every device) to {@code sink}, in time order,
     * whose device time lies within {@code lookback} of the database's clock: from {@code now() -
     * lookback} up to {@code now()} plus five minutes (the furthest ahead a sample is accepted).
     * Samples are streamed, never all held at once by the implementation.
     */
    void samplesSince(Collection<String> metrics, Duration lookback, SampleSink sink);

    /** Receives one stored sample at a time. */
    @FunctionalInterface
    interface SampleSink {

        /** @param tsMillis the sample's device time, epoch milliseconds */
        void sample(String deviceId, String metric, long tsMillis, double value);
    }
}

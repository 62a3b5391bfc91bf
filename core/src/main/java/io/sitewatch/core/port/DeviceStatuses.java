package io.sitewatch.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Stored device statuses (online, a planned power-off with its reason, the last will). Owned and
 * implemented by the ingest module, which stores them ({@code JdbcDeviceStatuses}); the alarm
 * engine reads the latest one of each device at start-up, so that a crane powered down before a
 * restart is still off after it. Blocking: call from a worker thread. A failed read throws
 * {@link IllegalStateException}.
 */
public interface DeviceStatuses {

    /** Per device, the status received last; devices that never sent one are left out. */
    List<Status> latest();

    /**
     * A stored status. {@code ts} is the device's time when it sent one ({@code deviceClock}), else
     * the time it was received; {@code reason} is the 1.1 reason of a planned power-off, or null.
     */
    record Status(String deviceId, boolean online, String reason, Instant ts, boolean deviceClock, Instant receivedAt) {

        /** Off on purpose (power off, maintenance, dismantled), not lost. */
        public boolean plannedOff() {
            return !online && reason != null;
        }
    }

    /** No statuses: for an engine that has no ingest store behind it (tests, benchmarks). */
    DeviceStatuses NONE = List::of;
}

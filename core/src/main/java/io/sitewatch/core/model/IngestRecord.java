package io.sitewatch.core.model;

import io.sitewatch.core.registry.Device;
import java.util.List;

/** A validated message, ready to be stored. */
public sealed interface IngestRecord {

    Device device();

    /** Telemetry samples; {@code unknownMetricValues} counts values of metrics the kind does not list. */
    record Telemetry(Device device, List<Sample> samples, int unknownMetricValues) implements IngestRecord {
        public Telemetry {
            samples = List.copyOf(samples);
        }

        /** The newest device timestamp in the message. */
        public long newestTs() {
            long max = Long.MIN_VALUE;
            for (Sample s : samples) {
                max = Math.max(max, s.ts());
            }
            return max;
        }
    }

    /** A discrete event; {@code dataJson} is the event's data object as JSON text. */
    record Event(Device device, long ts, String type, String dataJson, boolean knownType) implements IngestRecord {
    }

    /**
     * Online state; {@code ts} is null for a last will, which carries none. {@code reason} (wire
     * protocol 1.1) says why a device went off on purpose ({@code power_off}, {@code maintenance},
     * {@code dismantled}); null for {@code online: true} and for a last will, which means the device
     * vanished.
     */
    record Status(Device device, Long ts, boolean online, String reason) implements IngestRecord {

        /** A status without a reason (1.0, or {@code online: true}, or a last will). */
        public Status(Device device, Long ts, boolean online) {
            this(device, ts, online, null);
        }

        /** True for a planned power-off: off on purpose, not lost. */
        public boolean plannedOff() {
            return !online && reason != null;
        }
    }
}

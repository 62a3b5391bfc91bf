package io.sitewatch.core.port;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Device presence read from the telemetry rollups (1-minute and 1-hour buckets). Owned and
 * implemented by the ingest module, which writes the rollups ({@code JdbcTelemetryRollups});
 * readers such as the rating depend on this port only, never on the rollup tables. Blocking: call
 * from a worker thread. A failed read throws {@link IllegalStateException}.
 *
 * <p>Devices are named by id, not by site: which devices belong to a site is the registry's to
 * say ({@link RegistryQueries}).
 */
public interface TelemetryRollups {

    /**
     * The metric the device reported most in [from, to): chosen from the hourly rollup (from the
     * hour that contains {@code from}), or from the minute rollup when the hourly one has nothing
     * yet; ties go to the smaller metric name. Empty when the device reported nothing.
     */
    Optional<String> mostReportedMetric(String deviceId, Instant from, Instant to);

    /**
     * The minutes in [from, to) with at least one sample of the metric, as runs of consecutive
     * minutes in time order (a device that reported throughout is one run).
     */
    List<MinuteRun> minuteRuns(String deviceId, String metric, Instant from, Instant to);

    /**
     * Samples of the metric in [from, to): whole hours from the hourly rollup, the ragged edges
     * from the minute rollup.
     */
    long sampleCount(String deviceId, String metric, Instant from, Instant to);

    /**
     * The local days (in {@code zone}) within [from, to) on which any of the devices reported
     * telemetry, at the hourly rollup's granularity, in ascending order.
     */
    Set<LocalDate> activeDays(Collection<String> deviceIds, Instant from, Instant to, ZoneId zone);

    /**
     * Per device, the local days (in {@code zone}) within [from, to) on which it reported
     * telemetry, as {@link #activeDays} says for the device alone; devices that reported nothing
     * are left out. This default asks device by device; the ingest store answers in one read.
     */
    default Map<String, Set<LocalDate>> activeDaysByDevice(Collection<String> deviceIds, Instant from, Instant to, ZoneId zone) {
        Map<String, Set<LocalDate>> out = new TreeMap<>();
        for (String id : deviceIds) {
            Set<LocalDate> days = activeDays(List.of(id), from, to, zone);
            if (!days.isEmpty()) {
                out.put(id, days);
            }
        }
        return out;
    }

    /**
     * Consecutive minutes with data.
     *
     * @param startMinute epoch minute of the run's first minute
     * @param minutes     how many consecutive minutes had data
     */
    record MinuteRun(long startMinute, long minutes) {
    }
}

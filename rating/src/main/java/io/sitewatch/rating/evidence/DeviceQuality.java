package io.sitewatch.rating.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Whether a device's data flowed over the time it was expected to report: facts only; the
 * catalogue's data-quality rules judge them.
 *
 * @param serviceMinutes    minutes the device was expected to report (since 2026.1 its expected reporting
 *                          time: its service window, around the clock or in the site's working windows;
 *                          before, the whole in-service window)
 * @param onlineRate        share of those minutes counted online (silences within the device's own period are not offline)
 * @param longestGapMinutes the longest silence in minutes within one stretch of expected time, its edges included
 * @param observedPeriodS   online seconds per sample (the mean report period) over the device's service window, null without samples
 * @param schedule          {@code continuous} or {@code working_hours}; null in snapshots measured before 2026.1
 * @param inServiceFromMs   start of its service window (install date ∩ site start ∩ evaluation window); null before 2026.1
 * @param inServiceToMs     end of its service window (remove date ∩ site end ∩ window); equal to the start when
 *                          the device was not in service in the window
 */
public record DeviceQuality(String deviceId, String kind, int registeredPeriodS, long serviceMinutes,
                            double onlineRate, long longestGapMinutes, Double observedPeriodS, long samples,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String schedule,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long inServiceFromMs,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long inServiceToMs) {

    /** A device measured the way snapshots before 2026.1 were: over the whole in-service window. */
    public DeviceQuality(String deviceId, String kind, int registeredPeriodS, long serviceMinutes,
                         double onlineRate, long longestGapMinutes, Double observedPeriodS, long samples) {
        this(deviceId, kind, registeredPeriodS, serviceMinutes, onlineRate, longestGapMinutes, observedPeriodS, samples,
                null, null, null);
    }

    /** A stretch of minutes [fromMinute, toMinute) (epoch minutes). */
    public record Minutes(long fromMinute, long toMinute) {

        public long length() {
            return Math.max(0, toMinute - fromMinute);
        }
    }

    /** Whether the device had time to report in the window (always, for snapshots before 2026.1). */
    public boolean inService() {
        return schedule == null || serviceMinutes > 0;
    }

    /** Measures a device from its runs over the in-service minutes [fromMinute, toMinute), around the clock. */
    public static DeviceQuality measure(String deviceId, String kind, int periodS, DeviceActivity activity,
                                        long fromMinute, long toMinute) {
        Walk w = walk(activity, List.of(new Minutes(fromMinute, toMinute)), allowance(periodS));
        return new DeviceQuality(deviceId, kind, periodS, w.expected, w.rate(), w.longest, w.period(activity.samples()),
                activity.samples());
    }

    /**
     * Measures a device over its expected reporting time: online rate and gaps only inside
     * {@code expected} (sorted, disjoint stretches, each judged on its own: the night between two
     * working days is no gap), the report period over its whole service window [spanFrom, spanTo),
     * from which {@code activity} was read.
     */
    public static DeviceQuality measureExpected(String deviceId, String kind, int periodS, String schedule,
                                                DeviceActivity activity, List<Minutes> expected, long spanFrom, long spanTo) {
        long allowance = allowance(periodS);
        Walk inside = walk(activity, expected, allowance);
        Walk span = walk(activity, List.of(new Minutes(spanFrom, Math.max(spanFrom, spanTo))), allowance);
        return new DeviceQuality(deviceId, kind, periodS, inside.expected, inside.rate(), inside.longest,
                span.period(activity.samples()), activity.samples(), schedule, spanFrom * 60_000, Math.max(spanFrom, spanTo) * 60_000);
    }

    /** A device reporting every 10 min is silent 9 of 10 minutes by design: those are not offline. */
    private static long allowance(int periodS) {
        return Math.max(0, (periodS + 59) / 60 - 1);
    }

    private record Walk(long expected, long offline, long longest) {

        double rate() {
            return expected == 0 ? 0 : (expected - offline) / (double) expected;
        }

        Double period(long samples) {
            return samples == 0 ? null : (expected - offline) * 60.0 / samples;
        }
    }

    private static Walk walk(DeviceActivity activity, List<Minutes> stretches, long allowance) {
        List<DeviceActivity.Run> runs = activity.runs();
        long expected = 0;
        long offline = 0;
        long longest = 0;
        int first = 0;
        for (Minutes m : stretches) {
            long from = m.fromMinute();
            long to = m.toMinute();
            if (to <= from) {
                continue;
            }
            expected += to - from;
            while (first < runs.size() && runs.get(first).endMinuteExclusive() <= from) {
                first++;
            }
            long cursor = from;
            for (int k = first; k < runs.size() && runs.get(k).startMinute() < to; k++) {
                long start = Math.max(runs.get(k).startMinute(), from);
                long end = Math.min(runs.get(k).endMinuteExclusive(), to);
                if (end <= start) {
                    continue;
                }
                long gap = start - cursor;
                offline += Math.max(0, gap - allowance);
                longest = Math.max(longest, gap);
                cursor = end;
            }
            long tail = to - cursor;
            offline += Math.max(0, tail - allowance);
            longest = Math.max(longest, tail);
        }
        if (activity.samples() == 0) {
            offline = expected;
        }
        return new Walk(expected, offline, longest);
    }
}

package io.sitewatch.rating.evidence;

/**
 * Whether a device's data flowed over the in-service window: facts only; the catalogue's
 * data-quality rules judge them.
 *
 * @param onlineRate       share of in-service minutes counted online (silences within the device's own period are not offline)
 * @param longestGapMinutes the longest silence in minutes, window edges included
 * @param observedPeriodS  online seconds per sample (the mean report period), null without samples
 */
public record DeviceQuality(String deviceId, String kind, int registeredPeriodS, long serviceMinutes,
                            double onlineRate, long longestGapMinutes, Double observedPeriodS, long samples) {

    /** Measures a device from its runs over the in-service minutes [fromMinute, toMinute). */
    public static DeviceQuality measure(String deviceId, String kind, int periodS, DeviceActivity activity,
                                        long fromMinute, long toMinute) {
        long service = Math.max(0, toMinute - fromMinute);
        // A device reporting every 10 min is silent 9 of 10 minutes by design: those are not offline.
        long allowance = Math.max(0, (periodS + 59) / 60 - 1);
        long offline = 0;
        long longest = 0;
        long samples = activity.samples();
        long cursor = fromMinute;
        for (DeviceActivity.Run r : activity.runs()) {
            long start = Math.max(r.startMinute(), fromMinute);
            long end = Math.min(r.endMinuteExclusive(), toMinute);
            if (end <= start) {
                continue;
            }
            long gap = start - cursor;
            offline += Math.max(0, gap - allowance);
            longest = Math.max(longest, gap);
            cursor = end;
        }
        long tail = toMinute - cursor;
        offline += Math.max(0, tail - allowance);
        longest = Math.max(longest, tail);
        if (samples == 0) {
            offline = service;
        }
        double rate = service == 0 ? 0 : (service - offline) / (double) service;
        Double period = samples == 0 ? null : (service - offline) * 60.0 / samples;
        return new DeviceQuality(deviceId, kind, periodS, service, rate, longest, period, samples);
    }
}

package io.sitewatch.rating.evidence;

import java.util.List;

/**
 * A device's minutes with data, as runs of consecutive minutes, and its sample count over the
 * window. Runs keep the rating's input small (a healthy device is one run) yet exact for gaps and
 * online time.
 */
public record DeviceActivity(String metric, List<Run> runs, long samples) {

    public DeviceActivity {
        runs = List.copyOf(runs);
    }

    public static DeviceActivity silent() {
        return new DeviceActivity(null, List.of(), 0);
    }

    /**
     * @param startMinute epoch minute of the run's first minute
     * @param minutes     how many consecutive minutes had data
     */
    public record Run(long startMinute, long minutes) {
        public long endMinuteExclusive() {
            return startMinute + minutes;
        }
    }
}

package io.sitewatch.rating.evidence;

import java.util.List;

/**
 * A device's minutes with data, as runs of consecutive minutes, from the 1-minute rollup. Runs keep
 * the rating's input small (a healthy device is one run) yet exact for gaps and online time.
 */
public record DeviceActivity(String metric, List<Run> runs) {

    public DeviceActivity {
        runs = List.copyOf(runs);
    }

    public static DeviceActivity silent() {
        return new DeviceActivity(null, List.of());
    }

    /**
     * @param startMinute epoch minute of the run's first minute
     * @param minutes     how many consecutive minutes had data
     * @param samples     samples in those minutes
     */
    public record Run(long startMinute, long minutes, long samples) {
        public long endMinuteExclusive() {
            return startMinute + minutes;
        }
    }
}

package io.sitewatch.alarms.state;

import io.sitewatch.alarms.rule.Level;

/**
 * An alarm as stored and as the API shows it. One open alarm per device, rule and metric (the
 * metric distinguishes a device's own alarm codes). {@code startTs}/{@code endTs} are device
 * time of the samples that raised and cleared it (server time for offline); {@code ackTs} is
 * server time.
 */
public record Alarm(String id, String siteId, String region, String deviceId, String kind, String rule, String metric,
                    Level level, AlarmState state, double value, double threshold, long startTs, Long endTs,
                    String ackBy, Long ackTs, String ackComment, String detail) {

    /** The key under which at most one alarm is open. */
    public String key() {
        return key(rule, metric);
    }

    public static String key(String rule, String metric) {
        return metric == null ? rule : rule + "|" + metric;
    }

    public Alarm withLevel(Level l, double v, double th, String d) {
        return new Alarm(id, siteId, region, deviceId, kind, rule, metric, l, AlarmState.ACTIVE, v, th, startTs, endTs,
                ackBy, ackTs, ackComment, d);
    }

    public Alarm withValue(double v) {
        return new Alarm(id, siteId, region, deviceId, kind, rule, metric, level, state, v, threshold, startTs, endTs,
                ackBy, ackTs, ackComment, detail);
    }

    public Alarm acknowledged(String by, long at, String comment) {
        return new Alarm(id, siteId, region, deviceId, kind, rule, metric, level, AlarmState.ACKNOWLEDGED, value,
                threshold, startTs, endTs, by, at, comment, detail);
    }

    public Alarm cleared(long at) {
        return new Alarm(id, siteId, region, deviceId, kind, rule, metric, level, AlarmState.CLEARED, value, threshold,
                startTs, at, ackBy, ackTs, ackComment, detail);
    }
}

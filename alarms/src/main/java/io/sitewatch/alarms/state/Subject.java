package io.sitewatch.alarms.state;

/** What an alarm is about: the device with its site and region, the rule and the metric. */
public record Subject(String siteId, String region, String deviceId, String kind, String rule, String metric) {
}

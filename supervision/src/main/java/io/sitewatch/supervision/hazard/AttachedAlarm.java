package io.sitewatch.supervision.hazard;

/** An alarm that is evidence of a hazard, with when it joined and (server time) when it cleared. */
public record AttachedAlarm(String alarmId, String rule, String deviceId, long attachedAt, Long clearedAt) {
}

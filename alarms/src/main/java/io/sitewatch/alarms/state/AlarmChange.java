package io.sitewatch.alarms.state;

/**
 * One transition with the alarm as it is afterwards. {@code actor} is who did it (a user for an
 * acknowledgement, {@code sitewatch} for evaluation); {@code at} is server time;
 * {@code receivedAt} is when the message that caused it arrived (0 for timers and people), for
 * the evaluation-latency histogram.
 */
public record AlarmChange(Alarm alarm, Transition transition, String actor, String comment, long at, long receivedAt) {
}

package io.sitewatch.alarms.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.Subject;

/**
 * One rule as it stands for one device, worked out once rather than per sample: the rule with the
 * device's level overrides, the key and subject of its alarm, and when a window rule was last
 * judged. Kept by rule id for the device's lifetime, so a rules reload keeps the judging pace.
 */
final class DeviceRule {

    private AlarmRule rule;
    private String alarmKey;
    /** Null until asked for after a change of rules, params or site. */
    private AlarmRule effective;
    private Subject subject;
    /** Device time the rule was last judged, when {@link #judged}. */
    long lastJudged;
    boolean judged;

    DeviceRule(AlarmRule rule) {
        follow(rule);
    }

    /** Takes the rule of this id from a newly loaded rule set. */
    void follow(AlarmRule r) {
        if (r != rule) {
            rule = r;
            alarmKey = Alarm.key(r.id(), r.metric());
            forget();
        }
    }

    /** Drops what depends on the device's params and site (they changed). */
    void forget() {
        effective = null;
        subject = null;
    }

    AlarmRule rule() {
        return rule;
    }

    /** The key under which this rule's alarm is open on the device. */
    String alarmKey() {
        return alarmKey;
    }

    Subject subject(DeviceState d) {
        if (subject == null) {
            subject = d.subject(rule.id(), rule.metric());
        }
        return subject;
    }

    /**
     * The rule with the device's overrides ({@code params.rules.<id>}: levels, a project's own
     * daily-rate rule) applied.
     */
    AlarmRule effective(JsonNode params) {
        if (effective == null) {
            effective = rule.withOverrides(params);
        }
        return effective;
    }
}

package io.sitewatch.alarms.state;

/** A change in an alarm's life, stored in {@code alarm_event} and sent on the live feed. */
public enum Transition {
    RAISED("raised"),
    ESCALATED("escalated"),
    ACKNOWLEDGED("acknowledged"),
    CLEARED("cleared");

    private final String code;

    Transition(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

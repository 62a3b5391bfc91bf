package io.sitewatch.alarms.state;

/** Lifecycle state of an alarm: active → acknowledged → cleared (cleared is final). */
public enum AlarmState {
    ACTIVE("active"),
    ACKNOWLEDGED("acknowledged"),
    CLEARED("cleared");

    private final String code;

    AlarmState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isOpen() {
        return this != CLEARED;
    }

    public static AlarmState fromCode(String code) {
        for (AlarmState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown alarm state " + code);
    }
}

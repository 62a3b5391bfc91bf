package io.sitewatch.alarms.rule;

/** Severity of an alarm; the code is stable (stored and sent), the rank orders escalation. */
public enum Level {
    WARNING("warning", 1),
    ALARM("alarm", 2);

    private final String code;
    private final int rank;

    Level(String code, int rank) {
        this.code = code;
        this.rank = rank;
    }

    public String code() {
        return code;
    }

    public boolean above(Level other) {
        return other == null || rank > other.rank;
    }

    public static Level fromCode(String code) {
        for (Level l : values()) {
            if (l.code.equals(code)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown level " + code);
    }
}

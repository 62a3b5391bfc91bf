package io.sitewatch.ingest.model;

/** The last topic level: what kind of message a device sent. */
public enum Channel {
    TELEMETRY("telemetry"),
    EVENT("event"),
    STATUS("status");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The channel for a topic level, or null when the level is not one of the three. */
    public static Channel fromWire(String level) {
        for (Channel c : values()) {
            if (c.wireName.equals(level)) {
                return c;
            }
        }
        return null;
    }
}

package io.sitewatch.core.model;

/** The last topic level: what kind of message a device sent. */
public enum Channel {
    TELEMETRY("telemetry"),
    EVENT("event"),
    STATUS("status");

    private static final Channel[] ALL = values();

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The channel named by the last topic level, which runs from {@code from} to the end of
     * {@code topic}; null when the level is not one of the three.
     */
    public static Channel fromWire(String topic, int from) {
        for (Channel c : ALL) {
            if (topic.length() - from == c.wireName.length() && topic.startsWith(c.wireName, from)) {
                return c;
            }
        }
        return null;
    }
}

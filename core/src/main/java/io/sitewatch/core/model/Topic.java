package io.sitewatch.core.model;

/** {@code sitewatch/v1/{siteId}/{deviceId}/{channel}}, parsed. */
public record Topic(String siteId, String deviceId, Channel channel) {

    public static final String PREFIX = "sitewatch/v1/";
    /** What the consumer subscribes to. */
    public static final String FILTER = "sitewatch/v1/+/+/+";
    private static final int MAX_ID_LENGTH = 64;

    /** True when {@code id} is a valid site or device id (1–64 of {@code A-Z a-z 0-9 _ -}). */
    public static boolean isValidId(String id) {
        return id != null && idEnd(id, 0) == id.length();
    }

    /**
     * The parsed topic, or null when it does not follow the protocol. Parsed on every message, so a
     * scan rather than split and a regex per id.
     */
    public static Topic parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        int siteEnd = idEnd(topic, PREFIX.length());
        if (siteEnd < 0 || siteEnd == topic.length() || topic.charAt(siteEnd) != '/') {
            return null;
        }
        int deviceEnd = idEnd(topic, siteEnd + 1);
        if (deviceEnd < 0 || deviceEnd == topic.length() || topic.charAt(deviceEnd) != '/') {
            return null;
        }
        Channel channel = Channel.fromWire(topic, deviceEnd + 1);
        return channel == null ? null
                : new Topic(topic.substring(PREFIX.length(), siteEnd), topic.substring(siteEnd + 1, deviceEnd), channel);
    }

    /**
     * Where the id starting at {@code from} ends (the index after its last character), or -1 when
     * no id of 1–64 characters starts there.
     */
    private static int idEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isIdChar(s.charAt(i))) {
            i++;
        }
        int length = i - from;
        return length >= 1 && length <= MAX_ID_LENGTH ? i : -1;
    }

    private static boolean isIdChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    public String wire() {
        return PREFIX + siteId + "/" + deviceId + "/" + channel.wireName();
    }
}

package io.sitewatch.ingest.model;

import java.util.regex.Pattern;

/** {@code sitewatch/v1/{siteId}/{deviceId}/{channel}}, parsed. */
public record Topic(String siteId, String deviceId, Channel channel) {

    public static final String PREFIX = "sitewatch/v1/";
    /** What the consumer subscribes to. */
    public static final String FILTER = "sitewatch/v1/+/+/+";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** True when {@code id} is a valid site or device id (1–64 of {@code A-Z a-z 0-9 _ -}). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The parsed topic, or null when it does not follow the protocol. */
    public static Topic parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        String[] levels = topic.substring(PREFIX.length()).split("/", -1);
        if (levels.length != 3 || !isValidId(levels[0]) || !isValidId(levels[1])) {
            return null;
        }
        Channel channel = Channel.fromWire(levels[2]);
        return channel == null ? null : new Topic(levels[0], levels[1], channel);
    }

    public String wire() {
        return PREFIX + siteId + "/" + deviceId + "/" + channel.wireName();
    }
}

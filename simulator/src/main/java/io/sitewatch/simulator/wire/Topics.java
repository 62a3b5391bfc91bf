package io.sitewatch.simulator.wire;

/** Topic names of wire protocol v1: {@code sitewatch/v1/{siteId}/{deviceId}/{channel}}. */
public final class Topics {
    private Topics() {
    }

    public static String telemetry(String siteId, String deviceId) {
        return prefix(siteId, deviceId) + "telemetry";
    }

    public static String event(String siteId, String deviceId) {
        return prefix(siteId, deviceId) + "event";
    }

    public static String status(String siteId, String deviceId) {
        return prefix(siteId, deviceId) + "status";
    }

    private static String prefix(String siteId, String deviceId) {
        return "sitewatch/v1/" + siteId + "/" + deviceId + "/";
    }
}

package io.sitewatch.simulator.mqtt;

/**
 * How to reach the broker. {@code version} is 5 or 3 (3.1.1); {@code password} may be null;
 * {@code window} caps publishes in flight per connection (it is also kept below the broker's
 * receive maximum, otherwise Paho throws "Too many publishes in progress (32202)").
 */
public record MqttSettings(String url, int version, String password, int window) {
    public static final String DEFAULT_URL = "tcp://127.0.0.1:1883";

    public MqttSettings {
        if (version != 5 && version != 3) {
            throw new IllegalArgumentException("--mqtt-version must be 5 or 3, got " + version);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    public static MqttSettings of(String url, int version) {
        return new MqttSettings(url, version, null, 1000);
    }
}

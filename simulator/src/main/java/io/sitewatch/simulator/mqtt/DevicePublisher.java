package io.sitewatch.simulator.mqtt;

/** One device's (or one load connection's) MQTT session, seen only as "publish these bytes". */
public interface DevicePublisher extends AutoCloseable {
    /** Publishes; may block while the in-flight window is full. Failures are counted, not thrown. */
    void publish(String topic, byte[] payload, int qos, boolean retained);

    /** Waits until every publish so far has completed (acked, or written for QoS 0), up to a limit. */
    default void drain(long timeoutMs) {
    }

    @Override
    void close();
}

package io.sitewatch.simulator.mqtt;

/** Opens device sessions; the Paho implementation connects, tests capture bytes instead. */
public interface PublisherFactory {
    /** Connects with client id = username = {@code clientId} and the given retained last will. */
    DevicePublisher connect(String clientId, String willTopic, byte[] willPayload);

    /** What was published through this factory's sessions so far. */
    PublishCounters counters();
}

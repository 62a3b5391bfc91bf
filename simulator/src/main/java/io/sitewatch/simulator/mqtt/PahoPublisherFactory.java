package io.sitewatch.simulator.mqtt;

/** Connects device sessions with Eclipse Paho, MQTT 5 or 3.1.1 as configured. */
public final class PahoPublisherFactory implements PublisherFactory {
    private final MqttSettings settings;
    private final PublishCounters counters = new PublishCounters();

    public PahoPublisherFactory(MqttSettings settings) {
        this.settings = settings;
    }

    @Override
    public DevicePublisher connect(String clientId, String willTopic, byte[] willPayload) {
        return settings.version() == 5
                ? PahoV5Publisher.connect(settings, clientId, willTopic, willPayload, counters)
                : PahoV3Publisher.connect(settings, clientId, willTopic, willPayload, counters);
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }
}

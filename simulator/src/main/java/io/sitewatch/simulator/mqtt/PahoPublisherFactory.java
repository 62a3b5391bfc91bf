package io.sitewatch.simulator.mqtt;

import javax.net.SocketFactory;

/** Connects device sessions with Eclipse Paho, MQTT 5 or 3.1.1 as configured. */
public final class PahoPublisherFactory implements PublisherFactory {
    private final MqttSettings settings;
    private final PublishCounters counters = new PublishCounters();
    private final SocketFactory sockets;

    public PahoPublisherFactory(MqttSettings settings) {
        this.settings = settings;
        this.sockets = PahoPublisher.socketFactory(settings);
    }

    @Override
    public DevicePublisher connect(String clientId, String willTopic, byte[] willPayload) {
        return settings.version() == 5
                ? PahoV5Publisher.connect(settings, clientId, willTopic, willPayload, counters, sockets)
                : PahoV3Publisher.connect(settings, clientId, willTopic, willPayload, counters, sockets);
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }
}

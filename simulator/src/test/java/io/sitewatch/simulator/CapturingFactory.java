package io.sitewatch.simulator;

import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.mqtt.PublishCounters;
import io.sitewatch.simulator.mqtt.PublisherFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Captures every publish of a run in order, without a broker. */
public final class CapturingFactory implements PublisherFactory {
    public record Published(String clientId, String topic, byte[] payload, int qos, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    public final List<Published> messages = new ArrayList<>();
    public final List<String> wills = new ArrayList<>();
    private final PublishCounters counters = new PublishCounters();

    @Override
    public DevicePublisher connect(String clientId, String willTopic, byte[] willPayload) {
        if (willTopic != null) {
            wills.add(willTopic + " " + new String(willPayload, StandardCharsets.UTF_8));
        }
        return new DevicePublisher() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retained) {
                counters.sent();
                counters.acked();
                messages.add(new Published(clientId, topic, payload.clone(), qos, retained));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }

    public List<Published> on(String topicSuffix) {
        return messages.stream().filter(m -> m.topic().endsWith(topicSuffix)).toList();
    }
}

package io.sitewatch.simulator.mqtt;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code --dry-run}: writes "topic qos retained payload" lines instead of connecting to a broker. */
public final class PrintingPublisherFactory implements PublisherFactory {
    private final PrintStream out;
    private final PublishCounters counters = new PublishCounters();

    public PrintingPublisherFactory(PrintStream out) {
        this.out = out;
    }

    @Override
    public DevicePublisher connect(String clientId, String willTopic, byte[] willPayload) {
        return new DevicePublisher() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retained) {
                counters.sent();
                counters.acked();
                out.println(topic + " q" + qos + (retained ? " r " : " - ")
                        + new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }
}

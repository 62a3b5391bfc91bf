package io.sitewatch.ingest.pipeline;

/**
 * An MQTT message as received. {@code ack} sends the PUBACK (a no-op at QoS 0); the pipeline calls
 * it only after the transaction holding the message has committed.
 */
public record InboundMessage(String topic, byte[] payload, int qos, long receivedAt, Runnable ack) {
}

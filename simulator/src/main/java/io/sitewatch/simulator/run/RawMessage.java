package io.sitewatch.simulator.run;

/**
 * A message published verbatim at simulated {@code ts} over the session of {@code clientId}
 * (a fleet device, or an extra connection when no device has that id): malformed and hostile input.
 */
public record RawMessage(long ts, String clientId, String topic, byte[] payload, int qos, String why) {
}

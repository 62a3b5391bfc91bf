package io.sitewatch.ingest.validate;

import io.sitewatch.ingest.decode.DecodeResult;
import io.sitewatch.ingest.decode.MessageDecoder;
import io.sitewatch.core.model.Channel;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.DeviceLookup;

/**
 * From a raw MQTT message to a record or a rejection: decode, then validate. Plain telemetry, nearly
 * all of the traffic, is read in one streaming pass by {@link TelemetryReader}; everything else, and
 * whatever that pass does not accept, goes through {@link MessageDecoder} and {@link MessageValidator},
 * which alone decide rejections and word them. Pure and thread-safe.
 */
public final class MessageReader {

    /** What became of a message; {@code channel} is null when the topic does not follow the protocol. */
    public record Outcome(Channel channel, ValidationResult result) {
    }

    private final MessageDecoder decoder = new MessageDecoder();
    private final MessageValidator validator;
    private final TelemetryReader telemetry;

    public MessageReader(WireProtocol protocol, DeviceLookup devices) {
        this.validator = new MessageValidator(protocol, devices);
        this.telemetry = new TelemetryReader(decoder, protocol, devices);
    }

    /** @param receivedAt server time of arrival, epoch ms, against which future timestamps are judged */
    public Outcome read(String topicName, byte[] payload, long receivedAt) {
        Topic topic = Topic.parse(topicName);
        Channel channel = topic == null ? null : topic.channel();
        if (channel == Channel.TELEMETRY && payload.length <= WireProtocol.MAX_PAYLOAD_BYTES) {
            IngestRecord.Telemetry plain = telemetry.read(topic, payload, receivedAt);
            if (plain != null) {
                return new Outcome(channel, new ValidationResult.Accepted(plain));
            }
        }
        DecodeResult decoded = decoder.decode(topicName, payload);
        if (decoded instanceof DecodeResult.Malformed bad) {
            return new Outcome(channel, new ValidationResult.Rejected(bad.reason(), bad.detail()));
        }
        return new Outcome(channel, validator.validate((DecodeResult.Decoded) decoded, receivedAt));
    }
}

package io.sitewatch.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sitewatch.core.model.Channel;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import java.io.IOException;

/**
 * First step of the message path: size, topic and JSON syntax. Pure and thread-safe; returns a
 * result instead of throwing so that one bad message never disturbs the next.
 */
public final class MessageDecoder {

    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Jackson's bundled FastDoubleParser: reads a decimal from the parser's buffer, correctly
            // rounded like Double.parseDouble, without a String per value.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final JsonFactory streaming = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    public DecodeResult decode(String topicName, byte[] payload) {
        if (payload.length > WireProtocol.MAX_PAYLOAD_BYTES) {
            return new DecodeResult.Malformed(RejectReason.PAYLOAD_TOO_LARGE,
                    payload.length + " bytes, limit " + WireProtocol.MAX_PAYLOAD_BYTES);
        }
        Topic topic = Topic.parse(topicName);
        if (topic == null) {
            return new DecodeResult.Malformed(RejectReason.BAD_TOPIC,
                    "expected sitewatch/v1/{siteId}/{deviceId}/telemetry|event|status");
        }
        int ff = byteFF(payload);
        if (ff >= 0) {
            return new DecodeResult.Malformed(RejectReason.BAD_JSON, "invalid UTF-8: byte 0xff at offset " + ff);
        }
        JsonNode node;
        try (JsonParser parser = json.createParser(payload)) {
            node = json.readTree(parser);
        } catch (IOException e) {
            return new DecodeResult.Malformed(RejectReason.BAD_JSON, firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode() || !(node.isObject() || node.isArray())) {
            return new DecodeResult.Malformed(RejectReason.BAD_JSON, "payload must be a JSON object or array");
        }
        if (node.isArray() && topic.channel() != Channel.TELEMETRY) {
            return new DecodeResult.Malformed(RejectReason.BAD_SCHEMA, "only telemetry may be an array");
        }
        return new DecodeResult.Decoded(topic, node);
    }

    /**
     * A parser over the payload for a reader that streams instead of building a tree. It has the
     * decoder's number reading but not its duplicate-key check, whose per-object hash sets cost
     * more than the rest of reading a crane message: the reader must reject duplicate names
     * itself, and check for trailing tokens, which the tree decode does through the mapper.
     */
    public JsonParser streamingParser(byte[] payload) throws IOException {
        return streaming.createParser(payload);
    }

    /**
     * Where the payload holds the byte 0xFF, never part of UTF-8, or -1. Jackson pads the last
     * quad of a short field name with 0xFF bytes before it looks the name up among those it has
     * seen, so a name of 0xFF and "l" matched a seen "l" and was read as it, undecoded: whether
     * such a payload was refused depended on the names earlier messages had used. Both readers
     * refuse it up front instead (found by MessageReaderFuzzTest).
     */
    public static int byteFF(byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == (byte) 0xFF) {
                return i;
            }
        }
        return -1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}

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

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}

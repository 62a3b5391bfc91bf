package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.model.Channel;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.ingest.decode.DecodeResult;
import io.sitewatch.ingest.decode.MessageDecoder;
import io.sitewatch.testkit.FuzzRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the message path from an MQTT topic and payload to a record or a dead letter
 * ({@link MessageReader}: topic, size, JSON, registry, wire protocol). An input is the topic, a
 * newline and the payload (no newline: the whole input is a crane's telemetry payload). Every input
 * must be classified without an exception escaping: accepted as a record that keeps the protocol's
 * promises, or rejected with a reason and a detail; and the streaming telemetry pass must make
 * exactly the record the tree path makes, or leave the message to it. Seeds: the hostile
 * scenario's messages and valid ones of every channel.
 */
class MessageReaderFuzzTest {

    /** 2025-11-27T08:00Z, the server clock of every input (the seeds' timestamps are around it). */
    static final long NOW = 1_764_230_400_000L;
    private static final String DEFAULT_TOPIC = "sitewatch/v1/S1/TC1/telemetry";
    private static final WireProtocol PROTOCOL = WireProtocol.v1();
    private static final Map<String, Device> DEVICES = Map.of(
            "TC1", new Device("TC1", "S1", "tower_crane", "1#塔吊", 10, JsonNodeFactory.instance.objectNode().put("rated_t", 8)),
            "HO1", new Device("HO1", "S1", "hoist", "升降机", 10, null),
            "GO1", new Device("GO1", "S1", "gondola", "吊篮", 10, null),
            "REC1", new Device("REC1", "S1", "recorder", "执法记录仪", 60, null),
            "ENV1", new Device("ENV1", "S2", "env", "扬尘", 60, null),
            "PIT1", new Device("PIT1", "S2", "pit", "基坑", 600, null),
            "NEW1", new Device("NEW1", "S1", "kind_from_the_future", "?", 60, null));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FuzzRuns RUNS = new FuzzRuns("MessageReaderFuzzTest.read", 25);

    private final MessageDecoder decoder = new MessageDecoder();
    private final MessageValidator validator = new MessageValidator(PROTOCOL, DEVICES::get);
    private final MessageReader reader = new MessageReader(PROTOCOL, DEVICES::get);
    private final TelemetryReader streaming = new TelemetryReader(decoder, PROTOCOL, DEVICES::get);

    @FuzzTest(maxDuration = "60s")
    void read(byte[] input) {
        RUNS.count();
        int nl = indexOf(input, (byte) '\n');
        String topic = nl < 0 ? DEFAULT_TOPIC : new String(input, 0, nl, StandardCharsets.UTF_8);
        byte[] payload = nl < 0 ? input : Arrays.copyOfRange(input, nl + 1, input.length);

        MessageReader.Outcome outcome = reader.read(topic, payload, NOW);
        assertNotNull(outcome);
        Topic parsed = Topic.parse(topic);
        assertEquals(parsed == null ? null : parsed.channel(), outcome.channel(), "the channel is the topic's");
        if (outcome.result() instanceof ValidationResult.Rejected r) {
            assertNotNull(r.reason(), "a rejection has a reason");
            assertTrue(r.detail() != null && !r.detail().isBlank(), "a rejection says why: " + r);
            if (parsed == null) {
                assertTrue(r.reason() == RejectReason.BAD_TOPIC || r.reason() == RejectReason.PAYLOAD_TOO_LARGE, r.toString());
            }
        } else {
            IngestRecord record = ((ValidationResult.Accepted) outcome.result()).record();
            assertNotNull(parsed, "accepted under a topic that does not parse: " + topic);
            keepsThePromises(parsed, record);
        }

        // The streaming pass may leave a message to the tree path, never judge it otherwise.
        if (parsed != null && parsed.channel() == Channel.TELEMETRY && payload.length <= WireProtocol.MAX_PAYLOAD_BYTES) {
            IngestRecord.Telemetry fast = streaming.read(parsed, payload, NOW);
            if (fast != null) {
                assertEquals(new ValidationResult.Accepted(fast), treePath(topic, payload), "streaming and tree path differ");
            }
        }
    }

    @AfterAll
    static void ran() {
        RUNS.check();
    }

    private ValidationResult treePath(String topic, byte[] payload) {
        DecodeResult d = decoder.decode(topic, payload);
        return d instanceof DecodeResult.Decoded ok ? validator.validate(ok, NOW)
                : new ValidationResult.Rejected(((DecodeResult.Malformed) d).reason(), ((DecodeResult.Malformed) d).detail());
    }

    /** What the wire protocol says an accepted message is. */
    private static void keepsThePromises(Topic topic, IngestRecord record) {
        assertEquals(topic.deviceId(), record.device().deviceId());
        assertEquals(topic.siteId(), record.device().siteId());
        if (record instanceof IngestRecord.Telemetry t) {
            assertEquals(Channel.TELEMETRY, topic.channel());
            assertFalse(t.samples().isEmpty());
            assertTrue(t.samples().size() <= WireProtocol.MAX_SAMPLES_PER_MESSAGE);
            for (Sample s : t.samples()) {
                inTime(s.ts());
                assertTrue(s.seq() == null || s.seq() >= 0 && s.seq() <= WireProtocol.MAX_SEQ, "seq " + s.seq());
                assertFalse(s.values().isEmpty());
                s.values().forEach((metric, v) -> {
                    assertTrue(!metric.isEmpty() && metric.indexOf('\u0000') < 0, "metric name");
                    assertTrue(Double.isFinite(v), metric + "=" + v);
                });
            }
        } else if (record instanceof IngestRecord.Event e) {
            assertEquals(Channel.EVENT, topic.channel());
            inTime(e.ts());
            assertFalse(e.type().isBlank());
            assertFalse(e.type().indexOf('\u0000') >= 0 || hasNul(readJson(e.dataJson())), "NUL reaches the store");
        } else {
            IngestRecord.Status s = (IngestRecord.Status) record;
            assertEquals(Channel.STATUS, topic.channel());
            if (s.ts() != null) {
                inTime(s.ts());
            }
            assertTrue(s.reason() == null || !s.online() && WireProtocol.STATUS_REASONS.contains(s.reason()));
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("an event's data is not JSON: " + json, e);
        }
    }

    private static boolean hasNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().indexOf('\u0000') >= 0 || hasNul(f.getValue())) {
                return true;
            }
        }
        for (JsonNode item : node.isArray() ? node : JsonNodeFactory.instance.arrayNode()) {
            if (hasNul(item)) {
                return true;
            }
        }
        return false;
    }

    private static void inTime(long ts) {
        assertTrue(ts >= WireProtocol.MIN_TS_MS && ts <= NOW + WireProtocol.MAX_FUTURE_SKEW_MS, "ts " + ts);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

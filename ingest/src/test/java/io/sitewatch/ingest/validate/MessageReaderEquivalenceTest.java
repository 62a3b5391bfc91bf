package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.ingest.decode.DecodeResult;
import io.sitewatch.ingest.decode.MessageDecoder;
import io.sitewatch.core.model.Channel;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.KindSpec;
import io.sitewatch.core.protocol.MetricRange;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The reader with its streaming pass must give every message exactly the outcome of the tree path
 * (decode, then validate): the same rejection reason and detail, or an equal record. Random and
 * hand-picked payloads, plain and hostile; plain ones must also really take the streaming pass.
 */
class MessageReaderEquivalenceTest {

    private static final long NOW = 1_764_230_400_000L;
    private static final WireProtocol PROTOCOL = WireProtocol.v1();
    private static final Map<String, Device> DEVICES = Map.of(
            "TC1", new Device("TC1", "S1", "tower_crane", "1#塔吊", 10, JsonNodeFactory.instance.objectNode().put("rated_t", 8)),
            "HO1", new Device("HO1", "S1", "hoist", "升降机", 10, null),
            "ENV1", new Device("ENV1", "S2", "env", "扬尘", 60, null),
            "PIT1", new Device("PIT1", "S2", "pit", "基坑", 600, null),
            "NEW1", new Device("NEW1", "S1", "kind_from_the_future", "?", 60, null));
    private static final List<String> DEVICE_IDS = List.of("TC1", "TC1", "TC1", "HO1", "ENV1", "PIT1", "NEW1");

    private final MessageDecoder decoder = new MessageDecoder();
    private final MessageValidator validator = new MessageValidator(PROTOCOL, DEVICES::get);
    private final MessageReader reader = new MessageReader(PROTOCOL, DEVICES::get);
    private final TelemetryReader streaming = new TelemetryReader(decoder, PROTOCOL, DEVICES::get);

    private final Map<RejectReason, Integer> rejections = new EnumMap<>(RejectReason.class);
    private int accepted;
    private int streamed;

    /** The path as it was before the reader: decode, then validate; the channel as the pipeline derived it. */
    private MessageReader.Outcome treePath(String topic, byte[] payload, long receivedAt) {
        DecodeResult d = decoder.decode(topic, payload);
        if (d instanceof DecodeResult.Malformed bad) {
            Topic t = Topic.parse(topic);
            return new MessageReader.Outcome(t == null ? null : t.channel(), new ValidationResult.Rejected(bad.reason(), bad.detail()));
        }
        DecodeResult.Decoded ok = (DecodeResult.Decoded) d;
        return new MessageReader.Outcome(ok.topic().channel(), validator.validate(ok, receivedAt));
    }

    /** Asserts that the reader agrees with the tree path; returns the streaming pass's record, or null if it passed. */
    private IngestRecord.Telemetry check(String topic, byte[] payload, long receivedAt) {
        MessageReader.Outcome expected = treePath(topic, payload, receivedAt);
        String context = topic + " " + printable(payload);
        assertEquals(expected, reader.read(topic, payload, receivedAt), context);
        IngestRecord.Telemetry fast = null;
        Topic t = Topic.parse(topic);
        if (t != null && t.channel() == Channel.TELEMETRY && payload.length <= WireProtocol.MAX_PAYLOAD_BYTES) {
            fast = streaming.read(t, payload, receivedAt);
        }
        if (fast != null) {
            streamed++;
            // Never accept what the tree path rejects, and make the very same record.
            assertEquals(expected.result(), new ValidationResult.Accepted(fast), context);
        }
        if (expected.result() instanceof ValidationResult.Rejected r) {
            rejections.merge(r.reason(), 1, Integer::sum);
        } else {
            accepted++;
        }
        return fast;
    }

    private IngestRecord.Telemetry check(String topic, String payload) {
        return check(topic, payload.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static String printable(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String telemetry(String device) {
        Device d = DEVICES.get(device);
        return "sitewatch/v1/" + (d == null ? "S1" : d.siteId()) + "/" + device + "/telemetry";
    }

    // ---------------------------------------------------------------------------------------------
    // Hand-picked

    private static final String TC1 = "sitewatch/v1/S1/TC1/telemetry";

    private void rejected(RejectReason reason, String topic, String payload) {
        rejected(reason, topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private void rejected(RejectReason reason, String topic, byte[] payload) {
        check(topic, payload, NOW);
        ValidationResult r = reader.read(topic, payload, NOW).result();
        String context = printable(payload);
        assertEquals(reason, assertInstanceOf(ValidationResult.Rejected.class, r, context).reason(), context);
    }

    private void streamed(String topic, String payload) {
        assertNotNull(check(topic, payload), "expected the streaming pass to accept " + payload);
    }

    @Test
    void handPickedRejectionsKeepTheirReasonAndDetail() {
        String ok = "{\"ts\":" + NOW + ",\"values\":{\"load_t\":1}}";
        rejected(RejectReason.PAYLOAD_TOO_LARGE, TC1, ok + " ".repeat(WireProtocol.MAX_PAYLOAD_BYTES));
        rejected(RejectReason.BAD_TOPIC, "sitewatch/v1/S1/TC1/telemetry/x", ok);
        rejected(RejectReason.BAD_TOPIC, "sitewatch/v2/S1/TC1/telemetry", ok);
        rejected(RejectReason.UNKNOWN_DEVICE, "sitewatch/v1/S1/GHOST/telemetry", ok);
        rejected(RejectReason.WRONG_SITE, "sitewatch/v1/S2/TC1/telemetry", ok);
        for (String bad : List.of("", " ", "{", "{\"ts\":", "42", "\"s\"", "null", "true", ok + " {}", ok + "]", ok + ",",
                ok + "x", ok + " 1", "{\"ts\":" + NOW + ",\"values\":{\"load_t\":NaN}}",
                "{\"ts\":" + NOW + ",\"values\":{\"load_t\":Infinity}}", "{\"ts\":" + NOW + ",\"values\":{\"load_t\":-Infinity}}",
                "{\"ts\":" + NOW + ",\"values\":{\"load_t\":01}}", "{\"ts\":" + NOW + ",\"values\":{\"load_t\":+1}}",
                "{\"ts\":" + NOW + ",\"values\":{\"load_t\":.5}}", "{\"ts\":" + NOW + ",\"values\":{\"load_t\":1.}}",
                "{\"ts\":" + NOW + ",\"values\":{'load_t':1}}", "{\"ts\":" + NOW + ",/*c*/\"values\":{\"load_t\":1}}",
                "{\"ts\":" + NOW + ",\"ts\":" + NOW + ",\"values\":{\"load_t\":1}}",
                "{\"ts\":" + NOW + ",\"values\":{\"load_t\":1,\"load_t\":2}}",
                "{\"ts\":" + NOW + ",\"meta\":{\"a\":1,\"a\":2},\"values\":{\"load_t\":1}}",
                "{\"ts\":" + NOW + ",\"values\":{\"a\u0000\":1}}",
                "{\"ts\":" + NOW + ",\"junk\":" + "[".repeat(1001) + "]".repeat(1001) + ",\"values\":{\"load_t\":1}}",
                "{\"ts\":" + NOW + ",\"values\":{\"load_t\":1" + "0".repeat(1001) + "}}")) {
            rejected(RejectReason.BAD_JSON, TC1, bad);
        }
        // Bytes that are not UTF-8 (or a raw control character) in an ignored field, a nested one and a metric name.
        for (String template : List.of("{\"ts\":1,\"note\":\"X\",\"values\":{\"load_t\":1}}",
                "{\"ts\":1,\"meta\":{\"a\":[\"X\"]},\"values\":{\"load_t\":1}}", "{\"ts\":1,\"values\":{\"X\":1}}",
                "{\"ts\":1,\"nX\":1,\"values\":{\"load_t\":1}}", "{\"ts\":1,\"values\":{\"load_t\":1,\"X\":true}}")) {
            for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0x80}, new byte[] {0x01}, new byte[] {'\\', 'x'})) {
                ByteArrayOutputStream payload = new ByteArrayOutputStream();
                int x = template.indexOf('X');
                payload.writeBytes(template.substring(0, x).getBytes(StandardCharsets.UTF_8));
                payload.writeBytes(bad);
                payload.writeBytes(template.substring(x + 1).getBytes(StandardCharsets.UTF_8));
                rejected(RejectReason.BAD_JSON, TC1, payload.toByteArray());
            }
        }
        rejected(RejectReason.MISSING_TS, TC1, "{\"values\":{\"load_t\":1}}");
        rejected(RejectReason.MISSING_TS, TC1, "{\"ts\":null,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.MISSING_TS, TC1, "{\"ts\":\"" + NOW + "\",\"values\":{\"load_t\":1}}");
        rejected(RejectReason.MISSING_TS, TC1, "{\"ts\":1.7642304E12,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.MISSING_TS, TC1, "{\"ts\":" + NOW + ".0,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.MISSING_TS, TC1, "{\"ts\":99999999999999999999,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.FUTURE_TS, TC1, "{\"ts\":" + (NOW + 300_001) + ",\"values\":{\"load_t\":1}}");
        rejected(RejectReason.FUTURE_TS, TC1, "{\"ts\":9223372036854775807,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.FUTURE_TS, TC1, "{\"ts\":" + NOW * 1000 + ",\"values\":{\"load_t\":1}}");
        rejected(RejectReason.PAST_TS, TC1, "{\"ts\":" + NOW / 1000 + ",\"values\":{\"load_t\":1}}");
        rejected(RejectReason.PAST_TS, TC1, "{\"ts\":946684799999,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.PAST_TS, TC1, "{\"ts\":0,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.PAST_TS, TC1, "{\"ts\":-0,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.PAST_TS, TC1, "{\"ts\":-9223372036854775808,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.PAST_TS, TC1, "[" + ok + ",{\"ts\":1,\"values\":{\"load_t\":1}}]");
        rejected(RejectReason.OUT_OF_RANGE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":100.0000001}}");
        rejected(RejectReason.OUT_OF_RANGE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":-1e-9}}");
        rejected(RejectReason.OUT_OF_RANGE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"height_m\":-50.5}}");
        rejected(RejectReason.OUT_OF_RANGE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":123456789012345678901234567890}}");
        rejected(RejectReason.OUT_OF_RANGE, "sitewatch/v1/S1/HO1/telemetry", "{\"ts\":" + NOW + ",\"values\":{\"door_open\":2}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":\"heavy\"}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":null}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":[1]}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":{\"v\":1}}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"load_t\":1e400}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"new_metric\":-1e400}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"new_metric\":\"x\"}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"\":1}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"a\\u0000b\":1}}");
        rejected(RejectReason.BAD_VALUE, TC1, "{\"ts\":" + NOW + ",\"values\":{\"n\":1" + "0".repeat(400) + "}}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + "}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"values\":{}}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"values\":[{\"load_t\":1}]}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"values\":null}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"seq\":-1,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"seq\":4294967296,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"seq\":1.0,\"values\":{\"load_t\":1}}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "{\"ts\":" + NOW + ",\"seq\":\"1\",\"values\":{\"load_t\":1}}");
        rejected(RejectReason.BAD_SCHEMA, TC1, "[]");
        rejected(RejectReason.BAD_SCHEMA, TC1, "[1]");
        rejected(RejectReason.BAD_SCHEMA, TC1, "[" + ok + ",null]");
        rejected(RejectReason.BAD_SCHEMA, TC1, "[" + ok + ",[" + ok + "]]");
        String tiny = "{\"ts\":1,\"values\":{\"a\":1}}";
        rejected(RejectReason.BAD_SCHEMA, TC1, "[" + String.join(",", Collections.nCopies(1001, tiny)) + "]");
        rejected(RejectReason.OUT_OF_RANGE, TC1, "[" + ok + ",{\"ts\":" + NOW + ",\"values\":{\"wind_ms\":81}}]");
        rejected(RejectReason.BAD_SCHEMA, "sitewatch/v1/S1/TC1/event", "[" + ok + "]");
        rejected(RejectReason.BAD_SCHEMA, "sitewatch/v1/S1/TC1/status", ok);
        rejected(RejectReason.BAD_EVENT, "sitewatch/v1/S1/TC1/event", ok);
    }

    @Test
    void handPickedAcceptancesAreEqualAndMostlyStreamed() {
        streamed(TC1, "{\"ts\":1764230400123,\"seq\":42,\"values\":{\"moment_pct\":61.2,\"load_pct\":48.0,\"load_t\":2.35,"
                + "\"wind_ms\":5.1,\"tilt_deg\":0.12,\"clearance_m\":14.6,\"slew_deg\":183.4}}");
        streamed(TC1, "{\"ts\":" + (NOW + 300_000) + ",\"values\":{\"load_t\":1}}");
        streamed(TC1, "{\"ts\":946684800000,\"values\":{\"load_t\":1}}");
        streamed(TC1, "{\"ts\":" + NOW + ",\"seq\":null,\"values\":{\"load_t\":-0,\"load_pct\":-0.0,\"moment_pct\":-0e0,\"wind_ms\":0E-5}}");
        streamed(TC1, "{\"ts\":" + NOW + ",\"seq\":4294967295,\"values\":{\"load_t\":1e-400,\"height_m\":-50,\"slew_deg\":3.6E2}}");
        streamed(TC1, "{\"values\":{\"tilt_deg\":true,\"load_t\":false},\"seq\":0,\"ts\":" + NOW + "}");
        streamed(TC1, "{\"ts\":" + NOW + ",\"values\":{\"new_metric\":9223372036854775807,\"other\":-9223372036854775808,"
                + "\"温度_c\":1e308,\"\\u00e9t\\u00e9\":4.9e-324,\"q\\\"x\":-1.7976931348623157E308,\"lone\\ud800\":1}}");
        streamed(TC1, " \n{ \"ts\" : " + NOW + " , \"values\" : { \"load_t\" : 0.1000000000000000055511151231257827021181583404541015625 } } \n");
        streamed(TC1, "{\"ts\":" + NOW + ",\"fw\":\"2.1.0\",\"rssi\":-71,\"bat\":3.7,\"ok\":true,\"note\":null,\"s\":\"a\\\"b\\\\c\\n\\u00e9\","
                + "\"big\":123456789012345678901234567890,\"values\":{\"load_t\":1}}");
        streamed(TC1, "[{\"ts\":" + (NOW - 20_000) + ",\"values\":{\"wind_ms\":3}},{\"ts\":" + (NOW - 10_000) + ",\"seq\":5,\"values\":{\"wind_ms\":4}}]");
        String tiny = "{\"ts\":" + NOW + ",\"values\":{\"a\":1}}";
        streamed(TC1, "[" + String.join(",", Collections.nCopies(1000, tiny)) + "]");
        streamed("sitewatch/v1/S1/NEW1/telemetry", "{\"ts\":" + NOW + ",\"values\":{\"load_t\":1000}}");
        streamed("sitewatch/v1/S2/PIT1/telemetry", "{\"ts\":" + NOW + ",\"values\":{\"disp_mm\":-999.5,\"water_level_m\":-100}}");
        // Valid, but unusual enough for the tree path; the outcome must still be equal.
        check(TC1, "{\"ts\":" + NOW + ",\"meta\":{\"a\":[1,{\"b\":null}]},\"values\":{\"load_t\":1}}");
        check(TC1, "{\"ts\":" + NOW + ",\"values\":{\"n\":123456789012345678901234567890}}");
        check(TC1, "\uFEFF{\"ts\":" + NOW + ",\"values\":{\"load_t\":1}}");
        check(TC1, ("{\"ts\":" + NOW + ",\"values\":{\"load_t\":1}}").getBytes(StandardCharsets.UTF_16BE), NOW);
        check("sitewatch/v1/S1/TC1/status", "{\"online\":true,\"ts\":" + NOW + "}");
        check("sitewatch/v1/S1/TC1/event", "{\"ts\":" + NOW + ",\"type\":\"device_alarm\",\"data\":{\"code\":\"E1\",\"level\":\"alarm\",\"active\":true,\"text\":\"x\"}}");
    }

    // ---------------------------------------------------------------------------------------------
    // Random

    @Test
    void randomPlainTelemetryIsStreamedIntoEqualRecords() {
        Generator g = new Generator(new Random(11));
        for (int i = 0; i < 40_000; i++) {
            String device = g.pick(DEVICE_IDS);
            long receivedAt = NOW + g.rnd.nextInt(1000);
            String payload = g.payload(device, receivedAt);
            IngestRecord.Telemetry fast = check(telemetry(device), payload.getBytes(StandardCharsets.UTF_8), receivedAt);
            assertNotNull(fast, "plain telemetry took the tree path: " + payload);
        }
        assertEquals(40_000, accepted);
        assertEquals(40_000, streamed);
    }

    @Test
    void randomHostileTelemetryGetsTheTreePathsOutcome() {
        Generator g = new Generator(new Random(23));
        int cases = 60_000;
        for (int i = 0; i < cases; i++) {
            String device = g.pick(DEVICE_IDS);
            long receivedAt = NOW + g.rnd.nextInt(1000);
            String topic = g.rnd.nextInt(12) == 0 ? g.otherTopic(device) : telemetry(device);
            check(topic, g.hostile(device, receivedAt), receivedAt);
        }
        // The comparison means something only if both outcomes, and every telemetry reason, occur often.
        int rejected = rejections.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(accepted > cases / 10 && rejected > cases / 3, accepted + " accepted, rejections " + rejections);
        for (RejectReason r : List.of(RejectReason.BAD_TOPIC, RejectReason.UNKNOWN_DEVICE, RejectReason.WRONG_SITE,
                RejectReason.BAD_JSON, RejectReason.MISSING_TS, RejectReason.FUTURE_TS, RejectReason.PAST_TS, RejectReason.OUT_OF_RANGE,
                RejectReason.BAD_VALUE, RejectReason.BAD_SCHEMA, RejectReason.PAYLOAD_TOO_LARGE)) {
            assertTrue(rejections.getOrDefault(r, 0) > 20, r + " too rare: " + rejections);
        }
        assertTrue(streamed > cases / 20, streamed + " streamed");
    }

    /** Payloads for one device: plain telemetry, and the same spoilt in every way the protocol and JSON allow. */
    private static final class Generator {
        final Random rnd;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        <T> T pick(List<T> items) {
            return items.get(rnd.nextInt(items.size()));
        }

        String pick(String... items) {
            return items[rnd.nextInt(items.length)];
        }

        private KindSpec kind(String device) {
            return PROTOCOL.kind(DEVICES.get(device).kind());
        }

        // ----- plain

        String payload(String device, long receivedAt) {
            if (rnd.nextInt(8) > 0) {
                return render(sample(device, receivedAt));
            }
            List<String> samples = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
                samples.add(render(sample(device, receivedAt)));
            }
            return "[" + String.join(ws() + "," + ws(), samples) + "]";
        }

        /** One sample's fields, name and value text, in random order. */
        List<String[]> sample(String device, long receivedAt) {
            List<String[]> fields = new ArrayList<>();
            long ts = rnd.nextInt(10) == 0 ? receivedAt + WireProtocol.MAX_FUTURE_SKEW_MS - rnd.nextInt(3)
                    : receivedAt - rnd.nextInt(86_400_000) + rnd.nextInt(300_001);
            fields.add(new String[] {"ts", Long.toString(ts)});
            switch (rnd.nextInt(5)) {
                case 0 -> { }
                case 1 -> fields.add(new String[] {"seq", "null"});
                case 2 -> fields.add(new String[] {"seq", pick("0", "4294967295", "-0")});
                default -> fields.add(new String[] {"seq", Long.toString(rnd.nextLong() & WireProtocol.MAX_SEQ)});
            }
            fields.add(new String[] {"values", values(kind(device))});
            if (rnd.nextInt(6) == 0) {
                fields.add(new String[] {pick("fw", "rssi", "bat", "ok", "note", "名字", "s\\u00e9"),
                        pick("\"2.1.0\"", "-71", "3.7", "true", "false", "null", "\"塔吊\"", "\"a\\\"b\\\\c\\n\\u00e9\"", "1e3",
                                "123456789012345678901234567890", "\"\"")});
            }
            Collections.shuffle(fields, rnd);
            return fields;
        }

        String render(List<String[]> fields) {
            StringBuilder b = new StringBuilder().append(ws()).append('{');
            for (int i = 0; i < fields.size(); i++) {
                b.append(i == 0 ? "" : ",").append(ws()).append('"').append(fields.get(i)[0]).append('"').append(ws())
                        .append(':').append(ws()).append(fields.get(i)[1]).append(ws());
            }
            return b.append('}').append(ws()).toString();
        }

        private String ws() {
            return rnd.nextInt(6) > 0 ? "" : pick(" ", "\n", "\t", "  ", "\r\n");
        }

        /** 1–7 listed metrics in range, sometimes with unlisted ones, in varied number notation. */
        String values(KindSpec kind) {
            List<String> names = new ArrayList<>(kind == null ? List.of("load_t", "x_metric", "wind_ms") : kind.metrics().keySet());
            Collections.shuffle(names, rnd);
            List<String> entries = new ArrayList<>();
            Set<String> used = new HashSet<>();
            int n = 1 + rnd.nextInt(Math.min(7, names.size()));
            for (String name : names.subList(0, n)) {
                MetricRange range = kind == null ? null : kind.range(name);
                entries.add("\"" + name + "\":" + (range == null ? anyNumber() : inRange(range)));
                used.add(name);
            }
            if (rnd.nextInt(4) == 0) {
                String name = pick("new_fw_metric", "温度_c", "x", "a b", "\\u00e9t\\u00e9", "CamelCase", "load_T", "q\\\"q");
                if (used.add(name)) {
                    entries.add(rnd.nextInt(entries.size() + 1), "\"" + name + "\":" + anyNumber());
                }
            }
            return "{" + String.join("," + ws(), entries) + "}";
        }

        String inRange(MetricRange r) {
            double v = r.min() + rnd.nextDouble() * (r.max() - r.min());
            int digits = 1 + rnd.nextInt(6);
            return switch (rnd.nextInt(11)) {
                case 0 -> Long.toString((long) Math.floor(v));
                case 1 -> BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).toPlainString();
                case 2 -> String.format(Locale.ROOT, "%." + digits + "e", v);
                case 3 -> String.format(Locale.ROOT, "%." + digits + "E", v).replace("E+", "E");
                case 4 -> Double.toString(v);
                case 5 -> pick(Long.toString((long) r.min()), Long.toString((long) r.max()), r.max() + "",
                        r.min() == 0 ? pick("-0", "-0.0", "0e0", "-0E-0") : r.min() + "");
                case 6 -> r.contains(1) ? pick("true", "false") : Long.toString((long) r.max());
                case 7 -> new BigDecimal(v).toPlainString();
                case 8 -> (long) (v * 100) + pick("e-2", "E-2", "e-02");
                case 9 -> BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).toPlainString() + "0".repeat(rnd.nextInt(30));
                default -> BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).toPlainString();
            };
        }

        /** Any finite number or flag, as an unlisted metric may carry. */
        String anyNumber() {
            return switch (rnd.nextInt(8)) {
                case 0 -> Long.toString(rnd.nextLong());
                case 1 -> Integer.toString(rnd.nextInt());
                case 2 -> Double.toString(Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (rnd.nextBoolean() ? 1 : -1));
                case 3 -> pick("true", "false", "0", "-0", "-0.0", "1e308", "4.9e-324", "2.2250738585072014E-308",
                        "9007199254740993", "0.30000000000000004", "1e-400", "-1E-400");
                case 4 -> String.format(Locale.ROOT, "%.3e", rnd.nextGaussian() * 1e6);
                default -> BigDecimal.valueOf(rnd.nextGaussian() * 100).setScale(rnd.nextInt(4), RoundingMode.HALF_UP).toPlainString();
            };
        }

        // ----- hostile

        private static final String[] BAD_NUMBERS = {"\"1\"", "null", "[1]", "{\"v\":1}", "1e400", "-1e400", "NaN", "Infinity",
                "-Infinity", "01", "+1", ".5", "1.", "1e", "-", "0x1F", "1_000", "123456789012345678901234567890",
                "-123456789012345678901234567890", "1e-400", "true", "\"\"", "[]", "{}", "1.5.5", "--1", "1e+", "0.0e-0"};

        String otherTopic(String device) {
            Device d = DEVICES.get(device);
            return switch (rnd.nextInt(6)) {
                case 0 -> "sitewatch/v1/" + d.siteId() + "/GHOST" + rnd.nextInt(3) + "/telemetry";
                case 1 -> "sitewatch/v1/" + (d.siteId().equals("S1") ? "S2" : "S1") + "/" + device + "/telemetry";
                case 2 -> "sitewatch/v1/" + d.siteId() + "/" + device + pick("/event", "/status");
                case 3 -> pick("sitewatch/v2/S1/TC1/telemetry", "sitewatch/v1/S1/TC1", "sitewatch/v1/S1/TC 1/telemetry",
                        "sitewatch/v1/S1/TC1/telemetry/x", "");
                default -> "sitewatch/v1/" + d.siteId() + "/" + device + "/telemetry";
            };
        }

        byte[] hostile(String device, long receivedAt) {
            int n = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : 0;
            List<List<String[]>> samples = new ArrayList<>();
            for (int i = 0; i < Math.max(1, n); i++) {
                samples.add(sample(device, receivedAt));
            }
            List<String[]> victim = pick(samples);
            if (rnd.nextInt(8) > 0) {
                spoil(victim, device, receivedAt);
            }
            List<String> rendered = new ArrayList<>();
            for (List<String[]> s : samples) {
                rendered.add(render(s));
            }
            if (n > 0 && rnd.nextInt(10) == 0) {
                rendered.add(rnd.nextInt(rendered.size() + 1), pick("1", "null", "[]", "\"s\"", "true", "[{}]"));
            }
            String text = n == 0 ? rendered.get(0) : "[" + String.join(",", rendered) + "]";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return rnd.nextInt(4) == 0 ? mangle(bytes) : bytes;
        }

        /** Spoils one sample structurally: a field removed, retyped, out of range, duplicated, or junk added. */
        void spoil(List<String[]> fields, String device, long receivedAt) {
            String[] values = fields.stream().filter(f -> f[0].equals("values")).findFirst().orElseThrow();
            switch (rnd.nextInt(12)) {
                case 0 -> fields.removeIf(f -> f[0].equals(pick("ts", "values", "seq")));
                case 1 -> set(fields, "ts", pick("\"" + receivedAt + "\"", "null", "1.7642304E12", receivedAt + ".0", "-1", "0",
                        "99999999999999999999", "true", "{}", "[]", "-0", "9223372036854775807", "-9223372036854775809",
                        Long.toString(receivedAt / 1000), Long.toString(receivedAt * 1000), Long.toString(WireProtocol.MIN_TS_MS - 1),
                        Long.toString(receivedAt + WireProtocol.MAX_FUTURE_SKEW_MS + 1 + rnd.nextInt(1_000_000)),
                        Long.toString(receivedAt + WireProtocol.MAX_FUTURE_SKEW_MS)));
                case 2 -> set(fields, "seq", pick("-1", "4294967296", "4294967295", "1.0", "\"7\"", "true", "{}", "[]",
                        "18446744073709551616", "1e3", "0", "-0", "9223372036854775807", "null"));
                case 3 -> set(fields, "values", pick("{}", "[]", "null", "1", "\"x\"", "[{\"load_t\":1}]", "{\"load_t\":1,}"));
                case 4, 5 -> values[1] = replaceAValue(values[1], pick(BAD_NUMBERS));
                case 6 -> values[1] = replaceAValue(values[1], outOfRange(kind(device)));
                case 7 -> values[1] = values[1].replaceFirst("\\{\"[^\"]*\"", Matcher.quoteReplacement("{\"" + pick("", "\\u0000", "a\\u0000b", "\u0000", "\\ud800",
                        "\\udc00x", "温度", "\\\"q\\\"", "x".repeat(300), "\\uZZZZ", "\t", "\\x") + "\""));
                case 8 -> {
                    String[] f = pick(fields);
                    fields.add(rnd.nextInt(fields.size() + 1), f.clone());
                }
                case 9 -> values[1] = values[1].replaceFirst("^\\{(\"[^\"]*\":[^,}]*)", "{$1,$1");
                case 10 -> fields.add(rnd.nextInt(fields.size() + 1), new String[] {pick("meta", "ts_", "Values", "seq "),
                        pick("{\"a\":[1,{\"b\":null}]}", "[]", "{}", "[" + "[".repeat(1000) + "]".repeat(1000) + "]",
                                "{\"a\":1,\"a\":2}", "\"" + "é".repeat(2000) + "\"", "[1,2", "{\"x\":NaN}", "1e400")});
                default -> set(fields, "values", values(kind(device)).replace("}", ",\"extra\":" + pick(BAD_NUMBERS) + "}"));
            }
        }

        private static void set(List<String[]> fields, String name, String value) {
            fields.removeIf(f -> f[0].equals(name));
            fields.add(new String[] {name, value});
        }

        /** Replaces the value of a random entry of a flat values object. */
        private String replaceAValue(String values, String replacement) {
            String[] entries = values.substring(1, values.length() - 1).split(",");
            int i = rnd.nextInt(entries.length);
            entries[i] = entries[i].substring(0, entries[i].indexOf(':') + 1) + replacement;
            return "{" + String.join(",", entries) + "}";
        }

        private String outOfRange(KindSpec kind) {
            MetricRange r = kind == null ? new MetricRange(0, 100) : pick(new ArrayList<>(kind.metrics().values()));
            return pick(Double.toString(Math.nextUp(r.max())), Double.toString(Math.nextDown(r.min())), (r.max() + 0.1) + "",
                    (long) (r.min() - 1) + "", BigDecimal.valueOf(r.max()).add(new BigDecimal("1e-12")).toPlainString(),
                    (long) r.max() * 10 + "e-1", "1e20", "-1e20");
        }

        /** Byte-level damage: cut, insert, delete, trailing junk, BOM, UTF-16, oversize. */
        byte[] mangle(byte[] b) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = rnd.nextInt(b.length + 1);
            switch (rnd.nextInt(9)) {
                case 0 -> out.write(b, 0, at);
                case 1 -> {
                    out.write(b, 0, at);
                    out.write(pick(List.of((int) '{', (int) '}', (int) '[', (int) ']', (int) ',', (int) ':', (int) '"', (int) '\\',
                            (int) ' ', (int) 'x', (int) '0', (int) '-', (int) '.', (int) 'e', 0x00, 0xFF, 0xC3, 0x80, (int) '\n')));
                    out.write(b, at, b.length - at);
                }
                case 2 -> {
                    out.write(b, 0, at);
                    out.write(b, Math.min(b.length, at + 1), Math.max(0, b.length - at - 1));
                }
                case 3, 4 -> {
                    out.writeBytes(b);
                    out.writeBytes(pick(" {}", "]", "}", ",", " x", "null", " 1", "//c", "/*c*/", "\n", "  ", "\u0000", "[]")
                            .getBytes(StandardCharsets.UTF_8));
                }
                case 5 -> {
                    out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                    out.writeBytes(b);
                }
                case 6 -> out.writeBytes(new String(b, StandardCharsets.UTF_8).getBytes(rnd.nextBoolean()
                        ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE));
                case 7 -> {
                    out.writeBytes(b);
                    out.writeBytes(" ".repeat(WireProtocol.MAX_PAYLOAD_BYTES - b.length + rnd.nextInt(2)).getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    out.write(b, 0, at);
                    out.write(0xC3);
                    out.write(0x28);
                    out.write(b, at, b.length - at);
                }
            }
            return out.toByteArray();
        }
    }
}

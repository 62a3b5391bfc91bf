package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.ingest.decode.DecodeResult;
import io.sitewatch.ingest.decode.MessageDecoder;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {

    private static final long NOW = 1_764_230_400_000L;
    private static final Map<String, Device> DEVICES = Map.of(
            "TC1", new Device("TC1", "S1", "tower_crane", "1#塔吊", 10, JsonNodeFactory.instance.objectNode()),
            "REC1", new Device("REC1", "S1", "recorder", "记录仪", 60, null));

    private final MessageDecoder decoder = new MessageDecoder();
    private final MessageValidator validator = new MessageValidator(WireProtocol.v1(), DEVICES::get);

    private Object run(String topic, String payload) {
        DecodeResult d = decoder.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
        if (d instanceof DecodeResult.Malformed m) {
            return m.reason();
        }
        ValidationResult r = validator.validate((DecodeResult.Decoded) d, NOW);
        return r instanceof ValidationResult.Rejected rej ? rej.reason() : ((ValidationResult.Accepted) r).record();
    }

    private static String sample(long ts, String values) {
        return "{\"ts\":" + ts + ",\"seq\":7,\"values\":{" + values + "}}";
    }

    @Test
    void acceptsAProtocolSampleWithFlagsAndUnknownMetrics() {
        Object r = run("sitewatch/v1/S1/TC1/telemetry", sample(NOW, "\"load_t\":2.4,\"moment_pct\":78.5,\"new_fw_metric\":true"));
        IngestRecord.Telemetry t = assertInstanceOf(IngestRecord.Telemetry.class, r);
        assertEquals(1, t.samples().size());
        assertEquals(78.5, t.samples().get(0).values().get("moment_pct"));
        assertEquals(1.0, t.samples().get(0).values().get("new_fw_metric"));
        assertEquals(1, t.unknownMetricValues());
        assertEquals(7L, t.samples().get(0).seq());
    }

    @Test
    void acceptsAStoreAndForwardArray() {
        Object r = run("sitewatch/v1/S1/TC1/telemetry",
                "[" + sample(NOW - 20_000, "\"wind_ms\":3") + "," + sample(NOW - 10_000, "\"wind_ms\":4") + "]");
        assertEquals(2, assertInstanceOf(IngestRecord.Telemetry.class, r).samples().size());
    }

    @Test
    void rejectsEachInvalidCaseWithItsReason() {
        String ok = sample(NOW, "\"load_t\":1");
        assertEquals(RejectReason.BAD_TOPIC, run("sitewatch/v1/S1/TC1/other", ok));
        assertEquals(RejectReason.BAD_TOPIC, run("sitewatch/v1/S1/TC 1/telemetry", ok));
        assertEquals(RejectReason.BAD_TOPIC, run("sitewatch/v2/S1/TC1/telemetry", ok));
        assertEquals(RejectReason.UNKNOWN_DEVICE, run("sitewatch/v1/S1/NOPE/telemetry", ok));
        assertEquals(RejectReason.WRONG_SITE, run("sitewatch/v1/S2/TC1/telemetry", ok));
        assertEquals(RejectReason.BAD_JSON, run("sitewatch/v1/S1/TC1/telemetry", "{\"ts\":"));
        assertEquals(RejectReason.BAD_JSON, run("sitewatch/v1/S1/TC1/telemetry", "42"));
        assertEquals(RejectReason.MISSING_TS, run("sitewatch/v1/S1/TC1/telemetry", "{\"values\":{\"load_t\":1}}"));
        assertEquals(RejectReason.MISSING_TS, run("sitewatch/v1/S1/TC1/telemetry", "{\"ts\":\"noon\",\"values\":{\"load_t\":1}}"));
        assertEquals(RejectReason.FUTURE_TS, run("sitewatch/v1/S1/TC1/telemetry", sample(NOW + 301_000, "\"load_t\":1")));
        assertEquals(RejectReason.OUT_OF_RANGE, run("sitewatch/v1/S1/TC1/telemetry", sample(NOW, "\"moment_pct\":300.5")));
        assertEquals(RejectReason.BAD_VALUE, run("sitewatch/v1/S1/TC1/telemetry", sample(NOW, "\"load_t\":\"heavy\"")));
        assertEquals(RejectReason.BAD_SCHEMA, run("sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + NOW + ",\"values\":{}}"));
        assertEquals(RejectReason.BAD_SCHEMA, run("sitewatch/v1/S1/TC1/telemetry", "[]"));
        assertEquals(RejectReason.BAD_SCHEMA, run("sitewatch/v1/S1/TC1/telemetry",
                "{\"ts\":" + NOW + ",\"seq\":4294967296,\"values\":{\"load_t\":1}}"));
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, run("sitewatch/v1/S1/TC1/telemetry", " ".repeat(65_537)));
    }

    @Test
    void oneBadValueInvalidatesTheWholeArray() {
        assertEquals(RejectReason.OUT_OF_RANGE, run("sitewatch/v1/S1/TC1/telemetry",
                "[" + sample(NOW, "\"wind_ms\":3") + "," + sample(NOW, "\"wind_ms\":81") + "]"));
    }

    @Test
    void exactlyFiveMinutesAheadIsStillAccepted() {
        assertInstanceOf(IngestRecord.Telemetry.class, run("sitewatch/v1/S1/TC1/telemetry", sample(NOW + 300_000, "\"load_t\":1")));
    }

    @Test
    void checksEventsAgainstTheirKindAndData() {
        Object login = run("sitewatch/v1/S1/TC1/event",
                "{\"ts\":" + NOW + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"闽A042024000123\"}}");
        assertEquals("operator_login", assertInstanceOf(IngestRecord.Event.class, login).type());
        assertEquals(RejectReason.BAD_EVENT, run("sitewatch/v1/S1/TC1/event",
                "{\"ts\":" + NOW + ",\"type\":\"operator_login\",\"data\":{}}"));
        assertEquals(RejectReason.BAD_EVENT, run("sitewatch/v1/S1/TC1/event",
                "{\"ts\":" + NOW + ",\"type\":\"clock_in\",\"data\":{\"officer_id\":\"a\",\"role\":\"supervisor\",\"lat\":26,\"lon\":119}}"));
        assertEquals(RejectReason.BAD_EVENT, run("sitewatch/v1/S1/REC1/event",
                "{\"ts\":" + NOW + ",\"type\":\"safety_log\",\"data\":{\"officer_id\":\"a\",\"log_date\":\"2025-13-01\",\"sha256\":\"ab\"}}"));
        Object future = run("sitewatch/v1/S1/TC1/event", "{\"ts\":" + NOW + ",\"type\":\"firmware_note\",\"data\":{\"x\":1}}");
        IngestRecord.Event e = assertInstanceOf(IngestRecord.Event.class, future);
        assertEquals(false, e.knownType());
    }

    private String detail(String topic, String payload) {
        DecodeResult.Decoded d = (DecodeResult.Decoded) decoder.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(ValidationResult.Rejected.class, validator.validate(d, NOW)).detail();
    }

    @Test
    void aTimestampInSecondsIsRejectedAsSuchOnEveryChannel() {
        long seconds = NOW / 1000;
        assertEquals(RejectReason.PAST_TS, run("sitewatch/v1/S1/TC1/telemetry", sample(seconds, "\"load_t\":1")));
        assertEquals(RejectReason.PAST_TS, run("sitewatch/v1/S1/TC1/event",
                "{\"ts\":" + seconds + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"闽A042024000123\"}}"));
        assertEquals(RejectReason.PAST_TS, run("sitewatch/v1/S1/TC1/status", "{\"online\":true,\"ts\":" + seconds + "}"));
        assertEquals("ts 1764230400 looks like seconds, not milliseconds (as seconds: 2025-11-27T08:00:00Z); send epoch milliseconds",
                detail("sitewatch/v1/S1/TC1/telemetry", sample(seconds, "\"load_t\":1")));
        assertEquals("sample 1: ts 1764230399 looks like seconds, not milliseconds (as seconds: 2025-11-27T07:59:59Z);"
                        + " send epoch milliseconds",
                detail("sitewatch/v1/S1/TC1/telemetry", "[" + sample(NOW, "\"load_t\":1") + "," + sample(seconds - 1, "\"load_t\":1") + "]"));
        assertEquals("ts 1764230400 looks like seconds, not milliseconds (as seconds: 2025-11-27T08:00:00Z); send epoch milliseconds",
                detail("sitewatch/v1/S1/TC1/status", "{\"online\":false,\"ts\":" + seconds + ",\"reason\":\"power_off\"}"));
    }

    @Test
    void aTimestampBefore2000IsRejectedBeforeItReachesStorage() {
        for (long ts : new long[] {0, -1, 1, 946_684_799_999L, -400_000_000_000_000L, Long.MIN_VALUE}) {
            assertEquals(RejectReason.PAST_TS, run("sitewatch/v1/S1/TC1/telemetry", sample(ts, "\"load_t\":1")), "ts " + ts);
            assertEquals(RejectReason.PAST_TS, run("sitewatch/v1/S1/TC1/event",
                    "{\"ts\":" + ts + ",\"type\":\"firmware_note\"}"), "ts " + ts);
        }
        assertEquals("ts -400000000000000 is before 2000-01-01T00:00:00Z, the earliest time stored (is the device clock set?)",
                detail("sitewatch/v1/S1/TC1/telemetry", sample(-400_000_000_000_000L, "\"load_t\":1")));
        // The first millisecond of 2000 is still a valid time.
        assertInstanceOf(IngestRecord.Telemetry.class, run("sitewatch/v1/S1/TC1/telemetry", sample(946_684_800_000L, "\"load_t\":1")));
        assertInstanceOf(IngestRecord.Status.class, run("sitewatch/v1/S1/TC1/status", "{\"online\":true,\"ts\":946684800000}"));
    }

    @Test
    void aTimestampInMicrosecondsIsFutureWithAHint() {
        String payload = sample(NOW * 1000, "\"load_t\":1");
        assertEquals(RejectReason.FUTURE_TS, run("sitewatch/v1/S1/TC1/telemetry", payload));
        assertTrue(detail("sitewatch/v1/S1/TC1/telemetry", payload).endsWith("; it looks like microseconds, not milliseconds"));
        assertFalse(detail("sitewatch/v1/S1/TC1/telemetry", sample(NOW + 301_000, "\"load_t\":1")).contains("microseconds"));
    }

    @Test
    void acceptsALastWillWithoutTimestamp() {
        IngestRecord.Status s = assertInstanceOf(IngestRecord.Status.class, run("sitewatch/v1/S1/TC1/status", "{\"online\":false}"));
        assertNull(s.ts());
        assertEquals(RejectReason.BAD_SCHEMA, run("sitewatch/v1/S1/TC1/status", "{\"online\":\"yes\"}"));
        assertEquals(RejectReason.BAD_SCHEMA, run("sitewatch/v1/S1/TC1/status", "[{\"online\":true}]"));
    }
}

package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.ingest.decode.DecodeResult;
import io.sitewatch.ingest.decode.MessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wire protocol 1.1 (shared/spec/wire-protocol.md): the {@code reason} of a planned power-off,
 * and hazard ids in {@code hazard_report} and {@code hazard_rectified}. Every 1.0 message stays
 * valid; a bad 1.1 field becomes a dead letter whose detail names the field.
 */
class ProtocolOneOneTest {

    private static final long NOW = 1_764_230_400_000L;
    private static final Map<String, Device> DEVICES = Map.of(
            "TC1", new Device("TC1", "S1", "tower_crane", "1#塔吊", 10, JsonNodeFactory.instance.objectNode()),
            "TC9", new Device("TC9", "S2", "tower_crane", "other site", 10, JsonNodeFactory.instance.objectNode()),
            "REC1", new Device("REC1", "S1", "recorder", "记录仪", 60, null));

    private final MessageDecoder decoder = new MessageDecoder();
    private final MessageValidator validator = new MessageValidator(WireProtocol.v1(), DEVICES::get);

    private ValidationResult run(String topic, String payload) {
        DecodeResult d = decoder.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
        return validator.validate((DecodeResult.Decoded) d, NOW);
    }

    private IngestRecord accepted(String topic, String payload) {
        ValidationResult r = run(topic, payload);
        return assertInstanceOf(ValidationResult.Accepted.class, r, () -> r.toString()).record();
    }

    private ValidationResult.Rejected rejected(String topic, String payload) {
        ValidationResult r = run(topic, payload);
        return assertInstanceOf(ValidationResult.Rejected.class, r, () -> r.toString());
    }

    // ---------------------------------------------------------------- status reason

    @ParameterizedTest(name = "{0}")
    @CsvSource({"power_off", "maintenance", "dismantled"})
    void aPlannedPowerOffCarriesItsReason(String reason) {
        IngestRecord.Status s = (IngestRecord.Status) accepted("sitewatch/v1/S1/TC1/status",
                "{\"online\":false,\"ts\":" + NOW + ",\"reason\":\"" + reason + "\"}");
        assertEquals(reason, s.reason());
        assertEquals(NOW, s.ts());
        assertTrue(s.plannedOff());
    }

    @Test
    void aLastWillAndAnOnlineStatusHaveNoReason() {
        IngestRecord.Status will = (IngestRecord.Status) accepted("sitewatch/v1/S1/TC1/status", "{\"online\":false}");
        assertNull(will.reason());
        assertFalse(will.plannedOff(), "a last will means the device vanished");
        IngestRecord.Status on = (IngestRecord.Status) accepted("sitewatch/v1/S1/TC1/status", "{\"online\":true,\"ts\":" + NOW + "}");
        assertNull(on.reason());
        IngestRecord.Status nullReason = (IngestRecord.Status) accepted("sitewatch/v1/S1/TC1/status",
                "{\"online\":false,\"reason\":null}");
        assertNull(nullReason.reason(), "null is no reason");
    }

    @Test
    void anyOtherReasonIsADeadLetterNamingTheField() {
        ValidationResult.Rejected r = rejected("sitewatch/v1/S1/TC1/status", "{\"online\":false,\"ts\":" + NOW + ",\"reason\":\"lunch\"}");
        assertEquals(RejectReason.BAD_SCHEMA, r.reason());
        assertEquals("reason must be one of [dismantled, maintenance, power_off], got \"lunch\"", r.detail());
        assertEquals(RejectReason.BAD_SCHEMA, rejected("sitewatch/v1/S1/TC1/status", "{\"online\":false,\"reason\":7}").reason());
        assertEquals(RejectReason.BAD_SCHEMA, rejected("sitewatch/v1/S1/TC1/status", "{\"online\":false,\"reason\":\"POWER_OFF\"}").reason());
        ValidationResult.Rejected on = rejected("sitewatch/v1/S1/TC1/status", "{\"online\":true,\"reason\":\"power_off\"}");
        assertEquals(RejectReason.BAD_SCHEMA, on.reason());
        assertTrue(on.detail().startsWith("reason goes only with online false"), on.detail());
    }

    // ---------------------------------------------------------------- hazard ids

    private static String report(String extra) {
        return "{\"ts\":" + NOW + ",\"type\":\"hazard_report\",\"data\":{\"officer_id\":\"O1\",\"category\":\"起重机械\","
                + "\"level\":\"major\",\"text\":\"塔吊垂直度超限\",\"photo_sha256\":\"ab12\"" + extra + "}}";
    }

    @Test
    void aOneZeroHazardReportWithoutIdsIsStillValid() {
        IngestRecord.Event e = (IngestRecord.Event) accepted("sitewatch/v1/S1/REC1/event", report(""));
        assertEquals("hazard_report", e.type());
        assertTrue(e.knownType());
    }

    @Test
    void aHazardReportKeepsItsIdClauseDeviceAndLocation() throws Exception {
        IngestRecord.Event e = (IngestRecord.Event) accepted("sitewatch/v1/S1/REC1/event", report(
                ",\"hazard_id\":\"H-2025_0001\",\"clause\":\"2024-8-7\",\"device_id\":\"TC1\",\"location\":\"3#楼北侧\""));
        var data = new ObjectMapper().readTree(e.dataJson());
        assertEquals("H-2025_0001", data.get("hazard_id").asText());
        assertEquals("2024-8-7", data.get("clause").asText());
        assertEquals("TC1", data.get("device_id").asText());
        assertEquals("3#楼北侧", data.get("location").asText());
        // Articles without items, and the sub-items of 第五条(四).
        accepted("sitewatch/v1/S1/REC1/event", report(",\"clause\":\"2024-16\""));
        accepted("sitewatch/v1/S1/REC1/event", report(",\"clause\":\"2024-5-4-1\""));
        accepted("sitewatch/v1/S1/REC1/event", report(",\"clause\":\"2022-8-6\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ,"hazard_id":""                                  | data.hazard_id must be an id of 1–64 characters A-Z a-z 0-9 _ -
            ,"hazard_id":"H 1"                               | data.hazard_id must be an id of 1–64 characters A-Z a-z 0-9 _ -
            ,"hazard_id":"隐患1"                              | data.hazard_id must be an id of 1–64 characters A-Z a-z 0-9 _ -
            ,"hazard_id":12                                  | data.hazard_id must be an id of 1–64 characters A-Z a-z 0-9 _ -
            ,"hazard_id":"HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH" | data.hazard_id must be an id of 1–64 characters A-Z a-z 0-9 _ -
            ,"clause":"第八条"                                | data.clause must name a clause as edition-article[-item[-subitem]], e.g. 2024-8-1
            ,"clause":"2024-0-1"                             | data.clause must name a clause as edition-article[-item[-subitem]], e.g. 2024-8-1
            ,"clause":"2024-8-1-2-3"                         | data.clause must name a clause as edition-article[-item[-subitem]], e.g. 2024-8-1
            ,"device_id":"TC 1"                              | data.device_id must be an id of 1–64 characters A-Z a-z 0-9 _ -
            ,"device_id":"NOPE"                              | data.device_id NOPE is not a registered device of site S1
            ,"device_id":"TC9"                               | data.device_id TC9 is not a registered device of site S1
            ,"location":""                                   | data.location must be string
            """)
    void aBadOptionalFieldIsADeadLetterNamingIt(String extra, String detail) {
        ValidationResult.Rejected r = rejected("sitewatch/v1/S1/REC1/event", report(extra));
        assertEquals(RejectReason.BAD_EVENT, r.reason());
        assertEquals(detail, r.detail());
    }

    @Test
    void aRectificationNeedsTheHazardId() {
        String base = "{\"ts\":" + NOW + ",\"type\":\"hazard_rectified\",\"data\":{\"officer_id\":\"O1\",\"text\":\"已整改\","
                + "\"photo_sha256\":\"cd34\"%s}}";
        IngestRecord.Event e = (IngestRecord.Event) accepted("sitewatch/v1/S1/REC1/event", base.formatted(",\"hazard_id\":\"H-2025_0001\""));
        assertTrue(e.dataJson().contains("\"hazard_id\":\"H-2025_0001\""), e.dataJson());
        ValidationResult.Rejected r = rejected("sitewatch/v1/S1/REC1/event", base.formatted(""));
        assertEquals(RejectReason.BAD_EVENT, r.reason());
        assertEquals("data.hazard_id is required", r.detail());
        // A 1.0 recorder may have numbered its hazards: still valid.
        accepted("sitewatch/v1/S1/REC1/event", base.formatted(",\"hazard_id\":17"));
    }
}

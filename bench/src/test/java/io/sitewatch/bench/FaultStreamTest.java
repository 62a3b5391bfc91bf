package io.sitewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The fault loop's messages: keys that map back to one message, a background that raises nothing. */
class FaultStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void timestampsRiseStrictlyAndMapBackToTheirMessage() {
        FaultStream s = new FaultStream(FaultStream.Kind.TELEMETRY, "S1", "TC1", 0);
        long now = 1_764_230_400_000L;
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, s.next(now + i / 10));
        }
        for (int i = 1; i < 1000; i++) {
            assertTrue(s.ts(i) > s.ts(i - 1));
            assertEquals(i, s.seqOf(s.ts(i)));
        }
        assertEquals(-1, s.seqOf(now - 1));
        assertFalse(s.foundStored(now - 1), "a row no message carried is not counted as stored");
        assertTrue(s.foundStored(s.ts(7)));
        s.acked(7);
        s.acked(8);
        assertEquals(1, s.ackedNotStored().cardinality());
    }

    @Test
    void backgroundTelemetryStaysBelowEveryWarningLevel() throws Exception {
        FaultStream s = new FaultStream(FaultStream.Kind.TELEMETRY, "S1", "TC1", 7919);
        for (int i = 0; i < 20_000; i++) {
            JsonNode v = JSON.readTree(s.payload(s.next(1_764_230_400_000L))).path("values");
            assertTrue(v.path("load_t").asDouble() <= 0.2, "no-operator rule: operating above 0.2 t");
            assertTrue(v.path("load_pct").asDouble() < 90);
            assertTrue(v.path("moment_pct").asDouble() < 90);
            assertTrue(v.path("wind_ms").asDouble() < 8.0);
            assertEquals(7, v.size());
        }
    }

    @Test
    void aProbeSendsOverloadSequencesOfFour() throws Exception {
        FaultStream p = new FaultStream(FaultStream.Kind.PROBE, "S1", "PROBE1", 0);
        double[] expected = {105, 105, 50, 50, 105, 105, 50, 50};
        for (double e : expected) {
            assertEquals(e, JSON.readTree(p.payload(p.next(1_764_230_400_000L))).path("values").path("moment_pct").asDouble());
        }
        for (int i = 0; i < 7; i++) {
            p.acked(i);
        }
        assertEquals(1, p.completeSequences());
    }

    @Test
    void eventsAndStatusesFollowTheWireProtocol() throws Exception {
        FaultStream e = new FaultStream(FaultStream.Kind.EVENT, "S1", "RC1", 3);
        JsonNode event = JSON.readTree(e.payload(e.next(1_764_230_400_000L)));
        assertEquals("clock_in", event.path("type").asText());
        assertEquals("safety_officer", event.path("data").path("role").asText());
        assertEquals("sitewatch/v1/S1/RC1/event", e.topic);
        FaultStream st = new FaultStream(FaultStream.Kind.STATUS, "S1", "TC1", 0);
        assertTrue(JSON.readTree(st.payload(st.next(1_764_230_400_000L))).path("online").asBoolean());
        assertTrue(st.retained());
    }

    @Test
    void durationsReadAsTheOptionSays() {
        assertEquals(600_000, FaultLoop.parseDuration("10m"));
        assertEquals(120_000, FaultLoop.parseDuration("120s"));
        assertEquals(600_000, FaultLoop.parseDuration("600"));
        assertEquals(3_600_000, FaultLoop.parseDuration("1h"));
    }
}

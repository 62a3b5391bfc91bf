package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link MessageReaderFuzzTest} found, each with the outcome it must have now (docs/reliability.md). */
class MessageReaderFuzzFindingsTest {

    private final MessageReader reader = new MessageReader(WireProtocol.v1(), Map.of("TC1",
            new Device("TC1", "S1", "tower_crane", "1#塔吊", 10, JsonNodeFactory.instance.objectNode()))::get);

    @Test
    void aNegativeTsWhoseThousandfoldWrapsAroundIsTooEarlyNotAnException() {
        // -922337203554787682 × 1000 wraps around to a time in 2025: it was taken for seconds and
        // Instant.ofEpochSecond threw out of the reader.
        for (String ts : new String[] {"-922337203554787682", "-36893486447419103"}) {
            ValidationResult r = reader.read("sitewatch/v1/S1/TC1/telemetry",
                    ("{\"ts\":" + ts + ",\"values\":{\"load_t\":1}}").getBytes(StandardCharsets.UTF_8),
                    MessageReaderFuzzTest.NOW).result();
            ValidationResult.Rejected rejected = assertInstanceOf(ValidationResult.Rejected.class, r, ts);
            assertEquals(RejectReason.PAST_TS, rejected.reason());
            assertTrue(rejected.detail().contains("is before 2000-01-01"), rejected.detail());
        }
    }

    @Test
    void aByteFFInAFieldNameIsMalformedWhateverNamesCameBefore() {
        // Jackson matched the name 0xFF "l" to a seen "l" (its lookup pads short names with 0xFF):
        // after a message with "l", the streaming pass accepted the malformed one as "l".
        byte[] seen = ("{\"ts\":" + MessageReaderFuzzTest.NOW + ",\"values\":{\"l\":0.2}}").getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(ValidationResult.Accepted.class, reader.read("sitewatch/v1/S1/TC1/telemetry", seen, MessageReaderFuzzTest.NOW).result());
        byte[] ff = seen.clone();
        int at = new String(seen, StandardCharsets.UTF_8).indexOf("\"l\"") + 1;
        byte[] malformed = new byte[ff.length + 1];
        System.arraycopy(ff, 0, malformed, 0, at);
        malformed[at] = (byte) 0xFF;
        System.arraycopy(ff, at, malformed, at + 1, ff.length - at);
        ValidationResult r = reader.read("sitewatch/v1/S1/TC1/telemetry", malformed, MessageReaderFuzzTest.NOW).result();
        ValidationResult.Rejected rejected = assertInstanceOf(ValidationResult.Rejected.class, r);
        assertEquals(RejectReason.BAD_JSON, rejected.reason());
        assertEquals("invalid UTF-8: byte 0xff at offset " + at, rejected.detail());
    }
}

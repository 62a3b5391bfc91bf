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
}

package io.sitewatch.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@link FleetFileFuzzTest} found, each refused now naming the entry (docs/reliability.md). */
class FleetFileFuzzFindingsTest {

    private static InputStream fleet(String device) {
        return new ByteArrayInputStream(("sites:\n  - {siteId: S1, region: '350102', devices: [" + device + "]}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDeviceWithoutKindIsNamedNotANullPointer() throws IOException {
        assertNull(FleetFile.read(fleet("{deviceId: D1, periodS: 10}")).devices().get(0).kind());
        assertEquals("t.yaml site S1 device D1: missing kind",
                assertThrows(FleetFileException.class, () -> FleetFile.readChecked(fleet("{deviceId: D1, periodS: 10}"), "t.yaml")).getMessage());
    }

    @Test
    void aPeriodThatIsNotAWholeIntIsRefusedNotWrappedOrCut() throws IOException {
        for (String period : new String[] {"4294967306", "1.5", "1e99", "ten"}) {
            String device = "{deviceId: D1, kind: pit, periodS: " + period + "}";
            assertEquals(0, FleetFile.read(fleet(device)).devices().get(0).periodS(), period);
            assertEquals("t.yaml site S1 device D1: periodS must be a positive number of seconds",
                    assertThrows(FleetFileException.class, () -> FleetFile.readChecked(fleet(device), "t.yaml")).getMessage(), period);
        }
        assertEquals(600, FleetFile.read(fleet("{deviceId: D1, kind: pit, periodS: '600'}")).devices().get(0).periodS());
    }
}

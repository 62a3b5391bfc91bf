package io.sitewatch.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Site;
import io.sitewatch.testkit.FuzzRuns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the fleet-file reader with YAML of any shape. The checked reader (the simulator's) either
 * gives a fleet that keeps the format's promises or refuses with a {@link FleetFileException}
 * naming the file; the plain reader (the service's import, whose registry checks each entry) gives
 * a fleet, or fails with an IOException (unreadable YAML) or a FleetFileException. No other
 * exception may escape either. Seeds: the demo fleet, small fleets and broken ones.
 */
class FleetFileFuzzTest {

    private static final String ORIGIN = "fuzz.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KINDS = WireProtocol.v1().kindNames();
    private static final FuzzRuns RUNS = new FuzzRuns("FleetFileFuzzTest.read", 10);

    @FuzzTest(maxDuration = "60s")
    void read(byte[] yaml) {
        RUNS.count();
        try {
            assertNotNull(FleetFile.read(new ByteArrayInputStream(yaml)));
        } catch (IOException | FleetFileException refused) {
            assertNotNull(refused.getMessage());
        }
        FleetFile.Fleet fleet;
        try {
            fleet = FleetFile.readChecked(new ByteArrayInputStream(yaml), ORIGIN);
        } catch (FleetFileException refused) {
            assertTrue(refused.getMessage().contains(ORIGIN), "a refusal names the file: " + refused.getMessage());
            return;
        }
        JsonNode root = tree(yaml);
        Set<String> ids = new HashSet<>();
        int s = 0;
        for (FleetFile.SiteEntry entry : fleet.entries()) {
            Site site = entry.site();
            assertTrue(Topic.isValidId(site.siteId()), "siteId " + site.siteId());
            assertTrue(site.region().matches("\\d{6}"), "region " + site.region());
            int d = 0;
            for (FleetFile.DeviceEntry de : entry.devices()) {
                Device device = de.device();
                assertTrue(Topic.isValidId(device.deviceId()) && ids.add(device.deviceId()), "deviceId " + device.deviceId());
                assertTrue(KINDS.contains(device.kind()), "kind " + device.kind());
                assertTrue(device.periodS() > 0, "periodS " + device.periodS());
                JsonNode written = root.path("sites").path(s).path("devices").path(d).path("periodS");
                if (written.isNumber()) {
                    assertTrue(written.isIntegralNumber() && written.canConvertToInt(), "periodS " + written + " read as " + device.periodS());
                    assertEquals(written.intValue(), device.periodS(), "periodS as written");
                }
                if (device.service().installDate() != null) {
                    LocalDate.parse(device.service().installDate());
                }
                d++;
            }
            s++;
        }
    }

    @AfterAll
    static void ran() {
        RUNS.check();
    }

    private static JsonNode tree(byte[] yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return root == null ? YAML.createObjectNode() : root;
        } catch (IOException e) {
            throw new AssertionError("the checked reader accepted YAML that does not parse", e);
        }
    }
}

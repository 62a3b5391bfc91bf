package io.sitewatch.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Site;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of the fleet format, as the service reads it and as the simulator does (checked). */
class FleetFileTest {

    private static final String WITH_UNKNOWN_KEYS = """
            version: 7
            sites:
              - siteId: XM-HL-009
                name: 厦门湖里测试
                region: 350206
                futureField: {a: 1}
                enterprise: {code: "X", name: Y, rating: AAA}
                kind: municipal
                costCny: 120000000
                params: {rules: {env.pm10_hourly: {alarm: 180}}}
                sim: {lat: 24.5}
                devices:
                  - deviceId: XM-HL-009-PIT01
                    kind: pit
                    periodS: 300
                    colour: red
                    params: {alarm: {disp_mm: 25, disp_mm_per_day: 3}}
                    sim: {initialDispMm: 4}
                  - deviceId: XM-HL-009-TC01
                    kind: tower_crane
                    periodS: 10
            operators:
              - certNo: "闽B0001"
                name: 甲
                kind: hoist_driver
                validFrom: 2024-01-01
                validTo: 2025-01-01
                badge: gold
            """;

    @Test
    void unknownKeysAreToleratedAndFreeFormMapsKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, WITH_UNKNOWN_KEYS);
        for (FleetFile.Fleet fleet : List.of(FleetFile.read(file), FleetFile.readChecked(file))) {
            Site site = fleet.sites().get(0);
            assertEquals("350206", site.region());
            assertEquals("Asia/Shanghai", site.timezone());
            assertEquals("X", site.enterprise().code());
            assertEquals(new BigDecimal("120000000"), site.costCny());
            assertEquals(180, site.params().at("/rules/env.pm10_hourly/alarm").asInt());
            assertEquals(24.5, fleet.entries().get(0).sim().path("lat").asDouble());
            Device pit = fleet.devices().get(0);
            assertEquals("XM-HL-009", pit.siteId());
            assertEquals(25.0, pit.params().at("/alarm/disp_mm").asDouble());
            assertEquals(4.0, fleet.entries().get(0).devices().get(0).sim().path("initialDispMm").asDouble());
            Device crane = fleet.devices().get(1);
            assertTrue(crane.params().isObject() && crane.params().isEmpty(), "no params: an empty map");
            assertTrue(fleet.entries().get(0).devices().get(1).sim().isMissingNode(), "no sim block");
            assertEquals("2025-01-01", fleet.operators().get(0).validTo());
        }
    }

    /** The service reads entries as the file has them and leaves the checks to its registry. */
    @Test
    void readTakesEntriesAsTheyAreAndLeavesCheckingToTheRegistry() throws IOException {
        FleetFile.Fleet fleet = FleetFile.read(stream("""
                sites:
                  - siteId: S1
                    region: "3501"
                    devices:
                      - {deviceId: "bad id", kind: bulldozer}
                """));
        assertEquals("3501", fleet.sites().get(0).region());
        assertNull(fleet.sites().get(0).name());
        assertEquals("bad id", fleet.devices().get(0).deviceId());
        assertEquals(0, fleet.devices().get(0).periodS());
        assertEquals(List.of(), FleetFile.read(stream("")).sites(), "an empty file is an empty fleet");
    }

    @Test
    void badEntriesAreRefusedWithTheirLocation() {
        var e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - siteId: S1
                    region: "3501"
                    devices: []
                """));
        assertTrue(e.getMessage().contains("S1") && e.getMessage().contains("region"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - siteId: S1
                    region: "350102"
                    devices:
                      - {deviceId: "bad id", kind: pit, periodS: 60}
                """));
        assertTrue(e.getMessage().contains("deviceId"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - siteId: S1
                    region: "350102"
                    devices:
                      - {deviceId: D1, kind: bulldozer, periodS: 60}
                """));
        assertTrue(e.getMessage().contains("bulldozer"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                sites:
                  - {siteId: S1, region: "350102", devices: [{deviceId: D1, kind: pit, periodS: 60}]}
                  - {siteId: S2, region: "350102", devices: [{deviceId: D1, kind: pit, periodS: 60}]}
                """));
        assertTrue(e.getMessage().contains("D1") && e.getMessage().contains("twice"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("""
                operators:
                  - {certNo: C1, name: 甲, kind: hoist_driver, validFrom: 2024-01-01, validTo: 2025-13-01}
                """));
        assertTrue(e.getMessage().contains("C1") && e.getMessage().contains("validTo"), e.getMessage());

        e = assertThrows(FleetFileException.class, () -> checked("- just a list"));
        assertTrue(e.getMessage().contains("expected a map"), e.getMessage());
    }

    private static FleetFile.Fleet checked(String yaml) {
        return FleetFile.readChecked(stream(yaml), "test.yaml");
    }

    private static ByteArrayInputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
}

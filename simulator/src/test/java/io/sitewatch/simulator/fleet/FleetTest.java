package io.sitewatch.simulator.fleet;

import io.sitewatch.core.fleet.FleetFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's view of a fleet file (the format itself is core's FleetFileTest). */
class FleetTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Test
    void demoFleetCoversFourFujianDistrictsWithEveryDeviceKind() {
        Fleet fleet = Fleet.demo();
        Set<String> regions = fleet.sites().stream().map(SiteSpec::region).collect(Collectors.toSet());
        assertTrue(regions.containsAll(Set.of("350102", "350203", "350503")), regions.toString());
        assertTrue(regions.size() >= 4 && regions.stream().allMatch(r -> r.startsWith("35")), regions.toString());
        for (SiteSpec site : fleet.sites()) {
            for (String kind : List.of("tower_crane", "hoist", "gondola", "env", "formwork", "recorder")) {
                assertTrue(site.firstOfKind(kind).isPresent(), site.siteId() + " lacks " + kind);
            }
            int pits = site.devicesOfKind("pit").size();
            assertTrue(pits >= 2 && pits <= 3, site.siteId() + " has " + pits + " pit points");
            assertEquals(ZoneIdHolder.SHANGHAI, site.timezone());
            site.devices().forEach(d -> assertEquals(site.siteId(), d.siteId()));
        }
    }

    @Test
    void demoOperatorsIncludeValidExpiredAndWrongKindCertificates() {
        Fleet fleet = Fleet.demo();
        assertTrue(fleet.operators().stream().anyMatch(o -> o.validOn(TODAY) && o.kind().equals("tower_crane_driver")));
        assertTrue(fleet.operators().stream().anyMatch(o -> !o.validOn(TODAY) && o.kind().equals("tower_crane_driver")));
        assertTrue(fleet.operators().stream().anyMatch(o -> o.validOn(TODAY) && o.kind().equals("hoist_driver")));
        // Every certificate a demo device logs in with is registered, valid and of the right kind.
        for (SiteSpec site : fleet.sites()) {
            for (DeviceSpec d : site.devices()) {
                String cert = d.sim().text("operator", null);
                if (cert == null) {
                    continue;
                }
                OperatorSpec op = fleet.operator(cert).orElseThrow(() -> new AssertionError("unregistered " + cert));
                assertTrue(op.validOn(TODAY), cert + " expired");
                String expected = switch (d.kind()) {
                    case "tower_crane" -> "tower_crane_driver";
                    case "hoist" -> "hoist_driver";
                    default -> "gondola_operator";
                };
                assertEquals(expected, op.kind(), cert);
            }
        }
    }

    @Test
    void unknownKeysAreToleratedAndFreeFormMapsKeptWithTheSimulatorsDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.yaml");
        // What the simulator adds to the reader (core's FleetFileTest has the format): its defaults
        // for what a file leaves out, and the free-form maps as FreeForm views.
        Files.writeString(file, """
                version: 7
                sites:
                  - {siteId: XM-HL-009, region: 350206, futureField: {a: 1}, enterprise: {code: X, rating: AAA},
                     sim: {officers: [{id: SO-9}, plain]},
                     devices: [{deviceId: XM-HL-009-PIT01, kind: pit, periodS: 300, colour: red,
                                params: {alarm: {disp_mm: 25, disp_mm_per_day: "3"}}, sim: {initialDispMm: 4}}]}
                operators:
                  - {certNo: "闽B0001", name: 甲, kind: hoist_driver, validFrom: 2024-01-01, validTo: 2025-01-01, badge: gold}
                """);
        Fleet fleet = Fleet.read(file);
        SiteSpec site = fleet.site("XM-HL-009");
        assertEquals("350206", site.region());
        assertEquals("Asia/Shanghai", site.timezone().getId());
        DeviceSpec pit = site.devices().get(0);
        assertEquals(25.0, pit.params().number("alarm.disp_mm", 0));
        assertEquals(4.0, pit.sim().number("initialDispMm", 0));
        assertEquals(LocalDate.of(2025, 1, 1), fleet.operators().get(0).validTo());
        assertEquals("XM-HL-009-PIT01", pit.name(), "a device without a name is called by its id");
        assertEquals("XM-HL-009", pit.siteId());
        assertEquals(0, site.costCny(), "no cost given");
        assertEquals("X", site.enterprise().code());
        assertEquals("", site.enterprise().name(), "no enterprise name given");
        assertEquals("XM-HL-009", site.name(), "a site without a name is called by its id");
        assertEquals("building", site.kind(), "no site kind given");
        assertEquals(3.0, pit.params().number("alarm.disp_mm_per_day", 0), "a number written as text");
        assertEquals(-1.0, pit.params().number("alarm.missing", -1));
        assertEquals("fallback", pit.sim().text("initialDispMm.deeper", "fallback"));
        assertEquals(1, site.sim().list("officers").size(), "only the maps of a list");
        assertEquals("SO-9", site.sim().list("officers").get(0).text("id", null));
        assertEquals(List.of(), site.sim().list("anything"));
    }

    @Test
    void theSimulatorRefusesABadEntryNamingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                sites:
                  - siteId: S1
                    region: "3501"
                    devices: []
                """);
        var e = assertThrows(FleetFileException.class, () -> Fleet.read(file));
        assertTrue(e.getMessage().contains("S1") && e.getMessage().contains("region"), e.getMessage());
    }

    private static final class ZoneIdHolder {
        static final java.time.ZoneId SHANGHAI = java.time.ZoneId.of("Asia/Shanghai");
    }
}

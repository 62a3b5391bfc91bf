package io.sitewatch.core.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The schematic district map the console ships is exactly what {@link DistrictMapGenerator} makes
 * from {@code regions/fujian.yaml}, and it is a map of every district: one cell each, holding its
 * seat, the cells together covering the province's outline.
 */
class DistrictMapTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path COMMITTED = ROOT.resolve(DistrictMapGenerator.COMMITTED);
    private final Regions fujian = Regions.bundled();

    @Test
    void theCommittedMapIsWhatTheGeneratorMakes() throws Exception {
        String generated = DistrictMapGenerator.geoJson(fujian);
        if (Boolean.getBoolean("sitewatch.regenerateMap")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(COMMITTED), COMMITTED + " is missing");
        assertEquals(generated, Files.readString(COMMITTED, StandardCharsets.UTF_8),
                "the committed map differs from regions/fujian.yaml's: regenerate it with "
                        + "mvn -o -q -pl core test -Dtest=DistrictMapTest -Dsitewatch.regenerateMap=true");
        assertEquals(generated, DistrictMapGenerator.geoJson(fujian), "the generator is deterministic");
    }

    @Test
    void everyDistrictHasExactlyOneCellHoldingItsSeat() throws Exception {
        JsonNode map = new ObjectMapper().readTree(COMMITTED.toFile());
        assertEquals("示意图，界线不作为权属依据", map.get("schematic").get("zh").asText());
        Map<String, Integer> cells = new TreeMap<>();
        for (JsonNode f : map.get("features")) {
            JsonNode p = f.get("properties");
            if (!"district".equals(p.get("level").asText())) {
                continue;
            }
            String code = p.get("code").asText();
            cells.merge(code, 1, Integer::sum);
            Regions.Region d = fujian.get(code);
            assertTrue(d != null && "district".equals(d.level()), code + " is a district of fujian.yaml");
            assertEquals(d.zh(), p.get("zh").asText());
            assertEquals(d.en(), p.get("en").asText());
            assertEquals(d.parent(), p.get("city").asText());
            assertEquals("Polygon", f.get("geometry").get("type").asText());
            List<double[]> ring = ring(f.get("geometry").get("coordinates").get(0));
            assertTrue(ring.size() >= 4, code + " has a cell");
            assertTrue(DistrictMapGenerator.signedArea(ring) > 0, code + ": the ring runs counter-clockwise (RFC 7946)");
            assertTrue(inside(d.lon(), d.lat(), ring), code + " " + d.zh() + ": the seat lies in its own cell");
        }
        List<String> districts = fujian.all().stream().filter(r -> "district".equals(r.level())).map(Regions.Region::code).toList();
        assertEquals(84, districts.size());
        assertEquals(districts.stream().sorted().toList(), List.copyOf(cells.keySet()), "a cell for every district");
        assertEquals(Map.of(1, 84L), cells.values().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting())),
                "exactly one cell each");
    }

    @Test
    void theCellsCoverTheOutlineWithoutOverlapping() {
        List<double[]> outline = new ArrayList<>();
        for (Regions.LatLon v : fujian.outline()) {
            outline.add(new double[] {v.lon(), v.lat()});
        }
        double whole = Math.abs(DistrictMapGenerator.signedArea(outline));
        double sum = 0;
        for (DistrictMapGenerator.Cell c : DistrictMapGenerator.cells(fujian)) {
            sum += DistrictMapGenerator.signedArea(c.ring());
        }
        // Rounding to 0.001° moves each cell's area a little; overlaps or gaps would move it a lot.
        assertEquals(whole, sum, whole * 0.002, "the cells' areas add up to the outline's");
    }

    @Test
    void everySeatLiesInsideTheOutline() {
        List<double[]> outline = new ArrayList<>();
        for (Regions.LatLon v : fujian.outline()) {
            outline.add(new double[] {v.lon(), v.lat()});
        }
        assertTrue(outline.size() >= 40 && outline.size() <= 80, "a coarse outline: " + outline.size() + " vertices");
        for (Regions.Region r : fujian.all()) {
            if ("district".equals(r.level())) {
                assertTrue(r.lat() != null && r.lon() != null, r.code() + " has its seat");
                assertTrue(inside(r.lon(), r.lat(), outline), r.code() + " " + r.zh() + " lies inside the outline");
            }
        }
    }

    private static List<double[]> ring(JsonNode coords) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : coords) {
            out.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        }
        return out;
    }

    /** Even-odd rule. */
    static boolean inside(double x, double y, List<double[]> ring) {
        boolean in = false;
        int n = ring.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double[] a = ring.get(i);
            double[] b = ring.get(j);
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
                in = !in;
            }
        }
        return in;
    }
}

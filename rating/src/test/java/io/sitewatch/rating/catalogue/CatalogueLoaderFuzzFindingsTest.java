package io.sitewatch.rating.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link CatalogueLoaderFuzzTest} found, each refused now with its problems (docs/reliability.md). */
class CatalogueLoaderFuzzFindingsTest {

    private static final String MINI = """
            label: mini
            dataQuality: {minOnlineRate: 0.9, maxGapMinutes: 30}
            gates: []
            items:
              - {id: a, module: m, name: A, maxPoints: 60, evidence: system, deviceKind: env, how: h}
              - {id: b, module: m, name: B, maxPoints: 40, evidence: manual, how: h}
            bonus: {cap: 5, items: []}
            stars:
              - {star: 1, minScore: 60, requires: [a]}
              - {star: 2, minScore: 75}
            """;

    private static List<String> problems(String yaml) {
        return assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(yaml)).problems();
    }

    @Test
    void theCatalogueItselfIsValid() throws InvalidCatalogueException {
        assertEquals("mini", CatalogueLoader.parse(MINI).label());
    }

    @Test
    void aNullDocumentIsAnEmptyCatalogue() {
        for (String yaml : new String[] {"~", "null"}) {
            assertEquals(List.of("the catalogue is empty: it needs label, dataQuality, gates, items, bonus and stars"), problems(yaml), yaml);
        }
    }

    @Test
    void aSystemItemWithoutDeviceKindIsRefused() {
        assertTrue(problems(MINI.replace(", deviceKind: env", "")).stream()
                .anyMatch(p -> p.startsWith("item a: system items need deviceKind")));
    }

    @Test
    void anItemWithoutIdThatAStarRequiresIsRefused() {
        List<String> p = problems(MINI.replace("{id: a, module", "{module"));
        assertTrue(p.contains("item id 'null' is missing or not unique"), p.toString());
        assertTrue(p.contains("star 1 requires unknown item a"), p.toString());
    }

    @Test
    void numbersThatAreNotNumbersAreRefused() {
        // Jackson reads the text NaN and Infinity into a double; NaN passed every "<" check.
        List<String> p = problems(MINI.replace("minOnlineRate: 0.9", "minOnlineRate: NaN").replace("minScore: 75", "minScore: NaN")
                .replace("cap: 5", "cap: Infinity").replace("maxPoints: 40", "maxPoints: Infinity"));
        assertTrue(p.contains("dataQuality.minOnlineRate must be in (0, 1]"), p.toString());
        assertTrue(p.contains("star 2: minScore must be above the level below"), p.toString());
        assertTrue(p.contains("bonus.cap must not be negative"), p.toString());
        assertTrue(p.contains("item b: maxPoints must be positive"), p.toString());
    }
}

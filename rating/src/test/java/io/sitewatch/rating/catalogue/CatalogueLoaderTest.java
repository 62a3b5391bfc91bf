package io.sitewatch.rating.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CatalogueLoaderTest {

    @Test
    void theBundledCatalogueIsValidAndHasA100PointBase() throws Exception {
        Catalogue c = CatalogueLoader.parse(CatalogueLoader.bundledYaml());
        assertEquals(100, c.baseMaxPoints(), 1e-9);
        assertEquals(110, c.maxScore(), 1e-9);
        assertEquals(3, c.stars().size());
        assertEquals(0.90, c.dataQuality().minOnlineRate());
        assertEquals(15, c.dataQuality().maxPeriodSeconds().get("hoist"));
        assertTrue(c.allItems().stream().allMatch(i -> i.how() != null && !i.how().isBlank()));
    }

    @Test
    void refusesInconsistentCataloguesListingEveryProblem() {
        String yaml = CatalogueLoader.bundledYaml()
                .replace("requires: [alarm_handling, hazard_rectification]", "requires: [no_such_item]")
                .replace("maxPoints: 6, evidence: system, deviceKind: recorder", "maxPoints: -1, evidence: system, deviceKind: drone")
                .replace("{star: 2, minScore: 75", "{star: 2, minScore: 55");
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(yaml));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("unknown item no_such_item"), all);
        assertTrue(all.contains("maxPoints must be positive"), all);
        assertTrue(all.contains("deviceKind"), all);
        assertTrue(all.contains("minScore must be above"), all);
    }

    @Test
    void refusesUnknownFieldsAndEvidenceKinds() {
        assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(
                CatalogueLoader.bundledYaml().replace("evidence: alarm_ack", "evidence: alarm_ackk")));
        assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(
                CatalogueLoader.bundledYaml().replace("label: ", "lable: ")));
    }
}

package io.sitewatch.rating.catalogue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sitewatch.testkit.FuzzRuns;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the rating catalogue loader, which reads what an authority uploads
 * ({@code PUT /api/v1/rating-catalogue}): every text is either a catalogue the scorer can use or
 * refused with an {@link InvalidCatalogueException} listing what is wrong (the route answers it as a
 * 400). Any other exception would answer 500 and keep the authority from knowing why. An accepted
 * catalogue holds only numbers a score can be computed with. Seeds: both shipped catalogues and
 * broken ones.
 */
class CatalogueLoaderFuzzTest {

    private static final FuzzRuns RUNS = new FuzzRuns("CatalogueLoaderFuzzTest.parse", 10);

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        RUNS.count();
        String yaml = new String(input, StandardCharsets.UTF_8);
        Catalogue c;
        try {
            c = CatalogueLoader.parse(yaml);
        } catch (InvalidCatalogueException refused) {
            assertFalse(refused.problems().isEmpty(), "a refusal lists its problems");
            refused.problems().forEach(p -> assertTrue(p != null && !p.isBlank(), "a problem says what: " + refused.problems()));
            return;
        }
        assertNotNull(c.label());
        assertNotNull(c.dataQuality());
        assertTrue(c.dataQuality().minOnlineRate() > 0 && c.dataQuality().minOnlineRate() <= 1);
        assertTrue(Double.isFinite(c.maxScore()) && c.maxScore() > 0, "max score " + c.maxScore());
        assertTrue(Double.isFinite(c.bonus().cap()) && c.bonus().cap() >= 0, "bonus cap " + c.bonus().cap());
        for (Item i : c.allItems()) {
            assertTrue(Double.isFinite(i.maxPoints()) && i.maxPoints() > 0, i.id() + " maxPoints " + i.maxPoints());
            assertTrue(c.item(i.id()).isPresent(), i.id());
        }
        double last = -1;
        for (StarLevel s : c.stars()) {
            assertTrue(Double.isFinite(s.minScore()) && s.minScore() > last, "star " + s.star() + " minScore " + s.minScore());
            last = s.minScore();
        }
        for (Gate g : c.gates()) {
            assertTrue(g.min() == null || Double.isFinite(g.min()), "gate " + g.id() + " min " + g.min());
        }
    }

    @AfterAll
    static void ran() {
        RUNS.check();
    }
}

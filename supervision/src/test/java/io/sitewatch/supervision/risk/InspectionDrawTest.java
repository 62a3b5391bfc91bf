package io.sitewatch.supervision.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The draw is reproducible from its seed, never repeats a project, and favours risk without excluding the safe. */
class InspectionDrawTest {

    static List<RiskItem> items() {
        List<RiskItem> out = new ArrayList<>();
        out.add(new RiskItem("project", "HIGH", "高", "350102", new BigDecimal("80.00"), 1, 1, List.of()));
        for (int i = 0; i < 9; i++) {
            out.add(new RiskItem("project", "LOW-" + i, "低", "350102", BigDecimal.ZERO.setScale(2), 2, 1, List.of()));
        }
        return out;
    }

    @Test
    void theSameSeedDrawsTheSameProjectsWhateverTheOrder() {
        List<RiskItem> a = items();
        List<RiskItem> b = new ArrayList<>(a);
        Collections.shuffle(b, new Random(3));
        for (long seed = 0; seed < 50; seed++) {
            List<RiskItem> picks = InspectionDraw.draw(a, 3, seed);
            assertEquals(picks, InspectionDraw.draw(b, 3, seed));
            assertEquals(3, picks.stream().map(RiskItem::id).distinct().count());
        }
        assertEquals(10, InspectionDraw.draw(a, 99, 1).size());
    }

    @Test
    void riskRaisesTheChanceButEveryProjectCanBeDrawn() {
        Map<String, Integer> drawn = new HashMap<>();
        for (long seed = 0; seed < 2000; seed++) {
            InspectionDraw.draw(items(), 1, seed).forEach(i -> drawn.merge(i.id(), 1, Integer::sum));
        }
        // weight 81 against 9 × 1: the risky project about 90 % of single draws.
        assertTrue(drawn.get("HIGH") > 1600, drawn.toString());
        assertTrue(drawn.keySet().stream().filter(k -> k.startsWith("LOW")).count() >= 5, drawn.toString());
    }
}

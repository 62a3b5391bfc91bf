package io.sitewatch.rating.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.Catalogue;
import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.evidence.DeviceQuality;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.evidence.SiteFacts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The previous default catalogue (2025.1) against constructed evidence: gates, mandatory systems,
 * thresholds, bonus cap. Ratings approved with it are recomputed with these rules, so they stay
 * pinned here; {@link FairScorerTest} has the bundled 2026.1.
 */
class ScorerTest {

    static Catalogue previous() throws Exception {
        return CatalogueLoader.parse(CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS));
    }

    static final long FROM = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final long TO = FROM + 7 * 86_400_000L;
    static final SiteFacts GOOD_SITE = new SiteFacts("S", "n", "350102", "Asia/Shanghai", new BigDecimal("150000000"),
            "2025-06-01", "2027-06-01");
    static final List<String> ALL_KINDS = List.of("tower_crane", "hoist", "gondola", "env", "pit", "formwork", "recorder");

    static Evidence evidence(SiteFacts site, Set<String> kinds, double rate, Map<String, Double> manual) {
        List<DeviceQuality> devices = new ArrayList<>();
        for (String k : kinds) {
            devices.add(new DeviceQuality(k + "-1", k, 10, 10080, 1.0, 0, 10.0, 60480));
        }
        Map<String, RateFact> rates = new HashMap<>();
        long n = Math.round(rate * 100);
        for (String id : List.of("recorder_compliance", "hazard_rectification", "alarm_handling", "operator_certificates")) {
            rates.put(id, new RateFact(n, 100, false, n + " of 100"));
        }
        Map<String, ManualEntry> entries = new HashMap<>();
        entries.put("no_accident", new ManualEntry(1, "ok", null, "rater", 0));
        entries.put("no_wage_arrears", new ManualEntry(1, "ok", null, "rater", 0));
        manual.forEach((k, v) -> entries.put(k, new ManualEntry(v, "seen", null, "rater", 0)));
        return new Evidence("S", FROM, TO, TO, site, FROM, TO, devices, rates, entries);
    }

    static Set<String> without(String kind) {
        Set<String> s = new java.util.HashSet<>(ALL_KINDS);
        s.remove(kind);
        return s;
    }

    static Stream<Arguments> cases() {
        SiteFacts cheap = new SiteFacts("S", "n", "350102", "Asia/Shanghai", new BigDecimal("99999999"), "2025-06-01", "2027-06-01");
        SiteFacts short_ = new SiteFacts("S", "n", "350102", "Asia/Shanghai", new BigDecimal("150000000"), "2025-06-01", "2026-05-30");
        SiteFacts finished = new SiteFacts("S", "n", "350102", "Asia/Shanghai", new BigDecimal("150000000"), "2024-01-01", "2025-12-31");
        Map<String, Double> none = Map.of();
        return Stream.of(
                // name, site, kinds, rate, manual, stars, score
                Arguments.of("everything delivers", GOOD_SITE, Set.copyOf(ALL_KINDS), 1.0, none, 3, 90.0),
                Arguments.of("manual and capped bonus", GOOD_SITE, Set.copyOf(ALL_KINDS), 1.0,
                        Map.of("bim", 6.0, "safety_training", 4.0, "prefabrication", 5.0, "ai_video", 5.0, "green_construction", 5.0), 3, 110.0),
                Arguments.of("no hoist caps at one star", GOOD_SITE, without("hoist"), 1.0, none, 1, 82.0),
                Arguments.of("no dust station: no star at all", GOOD_SITE, without("env"), 1.0, none, 0, 80.0),
                Arguments.of("half rates: score too low for two", GOOD_SITE, Set.copyOf(ALL_KINDS), 0.5, none, 1, 72.38),
                Arguments.of("cost below 1亿", cheap, Set.copyOf(ALL_KINDS), 1.0, none, 0, 90.0),
                Arguments.of("shorter than a year", short_, Set.copyOf(ALL_KINDS), 1.0, none, 0, 90.0),
                Arguments.of("finished before the window", finished, Set.copyOf(ALL_KINDS), 1.0, none, 0, 90.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scores(String name, SiteFacts site, Set<String> kinds, double rate, Map<String, Double> manual, int stars, double score)
            throws Exception {
        Catalogue c = previous();
        RatingResult r = Scorer.score(c, 1, evidence(site, kinds, rate, manual));
        assertEquals(stars, r.stars(), r.starReason());
        assertEquals(score, r.score(), 0.01, r.starReason());
        assertEquals(110, r.maxScore());
    }

    @ParameterizedTest(name = "undeclared {0} gives no star")
    @MethodSource("declarations")
    void declarationsAreGates(String gate) throws Exception {
        Catalogue c = previous();
        Evidence ev = evidence(GOOD_SITE, Set.copyOf(ALL_KINDS), 1.0, Map.of());
        Map<String, ManualEntry> m = new HashMap<>(ev.manual());
        m.remove(gate);
        RatingResult r = Scorer.score(c, 1, ev.withManual(m));
        assertEquals(0, r.stars());
        RatingResult.GateResult g = r.gates().stream().filter(x -> x.id().equals(gate)).findFirst().orElseThrow();
        assertFalse(g.met());
        assertTrue(r.starReason().contains("gate " + gate + " not met"), r.starReason());
    }

    static Stream<String> declarations() {
        return Stream.of("no_accident", "no_wage_arrears");
    }

    @org.junit.jupiter.api.Test
    void anEmptyShareStillCountsAsMetUnder2025_1() throws Exception {
        Evidence ev = evidence(GOOD_SITE, Set.copyOf(ALL_KINDS), 1.0, Map.of());
        Map<String, RateFact> rates = new HashMap<>(ev.rates());
        rates.put("alarm_handling", new RateFact(0, 0, true, "no alarms were raised in the window"));
        rates.put("recorder_compliance", new RateFact(0, 0, false, "no working days"));
        RatingResult r = Scorer.score(previous(), 1, new Evidence("S", FROM, TO, TO, GOOD_SITE, FROM, TO, ev.devices(), rates, ev.manual()));
        RatingResult.ItemResult alarms = r.items().stream().filter(i -> i.id().equals("alarm_handling")).findFirst().orElseThrow();
        assertEquals(10, alarms.points());
        assertEquals(null, alarms.status());
        assertEquals(0, r.items().stream().filter(i -> i.id().equals("recorder_compliance")).findFirst().orElseThrow().points());
        assertEquals(null, r.scaling());
        assertEquals(80, r.score(), 0.001);
    }
}

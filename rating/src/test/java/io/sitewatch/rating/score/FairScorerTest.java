package io.sitewatch.rating.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundled catalogue 2026.1 against constructed evidence: items that do not apply leave the
 * maximum and the star requirements (base points scaled to 100), shares with nothing to measure
 * earn what their noEvidence rule says, devices not in service neither pass nor fail.
 */
class FairScorerTest {

    static final long FROM = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final long TO = FROM + 30 * 86_400_000L;
    static final List<String> ALL_KINDS = List.of("tower_crane", "hoist", "gondola", "env", "pit", "formwork", "recorder");
    static final List<String> SHARES = List.of("recorder_compliance", "hazard_rectification", "alarm_handling", "operator_certificates");

    static Catalogue bundled() throws Exception {
        return CatalogueLoader.parse(CatalogueLoader.bundledYaml());
    }

    /** Constructed evidence: a site of some kind, devices measured the 2026.1 way, full shares unless changed. */
    static final class Ev {
        String kind = "building";
        final List<DeviceQuality> devices = new ArrayList<>();
        final Map<String, RateFact> rates = new HashMap<>();
        final Map<String, ManualEntry> manual = new HashMap<>();

        Ev() {
            SHARES.forEach(id -> rates.put(id, new RateFact(30, 30, false, "30 of 30")));
            manual.put("no_accident", new ManualEntry(1, "ok", null, "rater", 0));
            manual.put("no_wage_arrears", new ManualEntry(1, "ok", null, "rater", 0));
        }

        Ev kind(String k) {
            kind = k;
            return this;
        }

        Ev delivering(String... kinds) {
            for (String k : kinds) {
                devices.add(device(k + "-" + devices.size(), k, 1.0, 43_200));
            }
            return this;
        }

        Ev failing(String k) {
            devices.add(device(k + "-" + devices.size(), k, 0.5, 43_200));
            return this;
        }

        /** Registered, but installed after the window or removed before it. */
        Ev away(String k) {
            devices.add(device(k + "-away", k, 0, 0));
            return this;
        }

        Ev nothingToCount(String item, boolean emptyMeansMet) {
            rates.put(item, new RateFact(0, 0, emptyMeansMet, "nothing counted for " + item));
            return this;
        }

        Ev manual(String id, double value) {
            manual.put(id, new ManualEntry(value, "seen", null, "rater", 0));
            return this;
        }

        Evidence build() {
            SiteFacts site = new SiteFacts("S", "n", "350102", "Asia/Shanghai", new BigDecimal("150000000"), "2025-06-01", "2027-06-01",
                    kind, null);
            return new Evidence("S", FROM, TO, TO, site, FROM, TO, devices, rates, manual);
        }

        static DeviceQuality device(String id, String kind, double online, long expected) {
            String schedule = List.of("tower_crane", "hoist", "gondola", "recorder").contains(kind) ? "working_hours" : "continuous";
            return new DeviceQuality(id, kind, 10, expected, online, online == 1.0 ? 0 : 600, expected == 0 ? null : 10.0,
                    expected * 6, schedule, FROM, expected == 0 ? FROM : TO);
        }
    }

    static Ev building() {
        return new Ev().delivering(ALL_KINDS.toArray(String[]::new));
    }

    static Ev road() {
        return new Ev().kind("municipal").delivering("env", "pit", "recorder");
    }

    static Stream<Arguments> cases() {
        return Stream.<Arguments>of(
                // name, evidence, stars, score
                Arguments.of("building: everything delivers, every share full", building(), 3, 90.0),
                Arguments.of("building without a hoist: the hoist applies all the same", new Ev().delivering("tower_crane", "gondola", "env", "pit",
                        "formwork", "recorder"), 1, 82.0),
                Arguments.of("building whose only hoist left before the window", new Ev().delivering("tower_crane", "gondola", "env", "pit",
                        "formwork", "recorder").away("hoist"), 1, 82.0),
                Arguments.of("road, no crane, hoist, gondola or formwork, everything else met", road().manual("bim", 6).manual("safety_training", 4),
                        3, 100.0),
                Arguments.of("road without the manual items: 54 of 64 applicable", road(), 2, 84.38),
                Arguments.of("road with a hoist in service: hoist and certificates apply", road().delivering("hoist").manual("bim", 6)
                        .manual("safety_training", 4), 3, 100.0),
                Arguments.of("road whose hoist fails: the mandatory hoist is not met", road().failing("hoist").manual("bim", 6)
                        .manual("safety_training", 4), 1, 90.0),
                Arguments.of("road whose pit points left before the window: pit monitoring does not apply", new Ev().kind("municipal").delivering("env", "recorder").away("pit")
                        .manual("bim", 6).manual("safety_training", 4), 3, 100.0),
                Arguments.of("quiet building: no alarm earns half", building().nothingToCount("alarm_handling", true), 3, 85.0),
                Arguments.of("no hazard due earns half", building().nothingToCount("hazard_rectification", true), 3, 85.0),
                Arguments.of("machines in service but no login earns nothing", building().nothingToCount("operator_certificates", true), 2, 82.0),
                Arguments.of("no working day: recorder compliance does not apply", building().nothingToCount("recorder_compliance", false),
                        3, 88.89));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scores(String name, Ev ev, int stars, double score) throws Exception {
        RatingResult r = Scorer.score(bundled(), 2, ev.build());
        assertEquals(stars, r.stars(), r.starReason());
        assertEquals(score, r.score(), 0.005, r.starReason());
        assertEquals(110, r.maxScore());
    }

    static RatingResult.ItemResult item(RatingResult r, String id) {
        return r.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRoadProjectLeavesOutWhatItDoesNotHaveAndSaysSo() throws Exception {
        RatingResult r = Scorer.score(bundled(), 2, road().manual("bim", 6).manual("safety_training", 4).build());
        RatingResult.ItemResult hoist = item(r, "hoist_monitor");
        assertEquals(RatingResult.NOT_APPLICABLE, hoist.status());
        assertEquals(0, hoist.points());
        assertEquals(8, hoist.maxPoints());
        assertFalse(hoist.met());
        assertEquals("not applicable: it applies to building projects, or a hoist in service in the window; this is a municipal project"
                + " with no hoist in service in the window", hoist.evidence());
        assertEquals("not applicable: it applies to a tower_crane or hoist or gondola in service in the window; this is a municipal project"
                + " with no tower_crane or hoist or gondola in service in the window", item(r, "operator_certificates").evidence());
        assertEquals(List.of("tower_crane_monitor", "hoist_monitor", "gondola_monitor", "formwork_monitor", "operator_certificates"),
                r.scaling().notApplicable());
        assertEquals(64, r.scaling().applicableMaxPoints());
        assertEquals(64, r.scaling().earnedPoints());
        assertEquals(100, r.scaling().baseMaxPoints());
        assertEquals(100.0 / 64, r.scaling().factor(), 1e-12);
        assertEquals(100, r.baseScore());
        assertEquals("3 star(s): score 100 ≥ 85, its gates and mandatory systems met (not applicable: tower_crane_monitor, hoist_monitor)",
                r.starReason());
        assertNull(item(r, "pit_monitor").status(), "a pit point in service: pit monitoring applies");
    }

    @Test
    void theSameRoadUnder2025_1IsCappedByTheCraneAndHoistItHasNot() throws Exception {
        Evidence road = road().manual("bim", 6).manual("safety_training", 4).build();
        RatingResult old = Scorer.score(ScorerTest.previous(), 1, road);
        assertEquals(1, old.stars(), old.starReason());
        assertTrue(old.starReason().contains("mandatory tower_crane_monitor not met, mandatory hoist_monitor not met"), old.starReason());
        assertNull(old.scaling());
        assertEquals(3, Scorer.score(bundled(), 2, road).stars());
    }

    @Test
    void aQuietSiteShowsNoEvidenceWithTheCataloguesReason() throws Exception {
        RatingResult r = Scorer.score(bundled(), 2, building().nothingToCount("alarm_handling", true).build());
        RatingResult.ItemResult alarms = item(r, "alarm_handling");
        assertEquals(RatingResult.NO_EVIDENCE, alarms.status());
        assertEquals(5, alarms.points());
        assertTrue(alarms.met(), "half points count for the ★3 requirement");
        assertEquals("nothing counted for alarm_handling — no evidence: no alarm was raised in the window: nothing shows how alarms are"
                + " handled, so half the points (50 % of the points by the catalogue's rule)", alarms.evidence());
        assertEquals(List.of(), r.scaling().notApplicable());
        assertEquals(1.0, r.scaling().factor());
    }

    @Test
    void noWorkingDayLeavesRecorderComplianceOutWithItsReason() throws Exception {
        RatingResult r = Scorer.score(bundled(), 2, building().nothingToCount("recorder_compliance", false).build());
        RatingResult.ItemResult rec = item(r, "recorder_compliance");
        assertEquals(RatingResult.NOT_APPLICABLE, rec.status());
        assertTrue(rec.evidence().endsWith("— not applicable: the site had no working day in the window (holidays, days off, marked stops):"
                + " there was no duty to check"), rec.evidence());
        assertEquals(90, r.scaling().applicableMaxPoints());
        assertEquals(80, r.scaling().earnedPoints());
    }

    @Test
    void aDeviceNotInServiceNeitherPassesNorFailsItsSystem() throws Exception {
        RatingResult r = Scorer.score(bundled(), 2, building().away("hoist").build());
        RatingResult.ItemResult hoist = item(r, "hoist_monitor");
        assertEquals(8, hoist.points(), hoist.evidence());
        assertTrue(hoist.evidence().endsWith("; not in service in the window: hoist-away"), hoist.evidence());
        RatingResult.DeviceVerdict away = r.dataQuality().devices().stream().filter(d -> d.deviceId().equals("hoist-away")).findFirst().orElseThrow();
        assertFalse(away.inService());
        assertEquals("not in service in the window", away.why());
        assertEquals(0L, away.expectedMinutes());
        RatingResult.DeviceVerdict crane = r.dataQuality().devices().get(0);
        assertEquals("online 100.0 %, longest gap 0 min, period 10.0 s (over 720 h expected, in the site's working hours)", crane.why());
        assertEquals("working_hours", crane.schedule());
    }

    @Test
    void aMandatoryItemThatAppliesStillBlocks() throws Exception {
        RatingResult r = Scorer.score(bundled(), 2, road().failing("hoist").manual("bim", 6).manual("safety_training", 4).build());
        assertEquals("1 star(s); not 2: mandatory hoist_monitor not met", r.starReason());
    }
}

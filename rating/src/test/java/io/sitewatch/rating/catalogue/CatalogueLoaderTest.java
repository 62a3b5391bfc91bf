package io.sitewatch.rating.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogueLoaderTest {

    static final String BUNDLED = CatalogueLoader.bundledYaml();

    @Test
    void theBundledCatalogueIsValidAndHasA100PointBase() throws Exception {
        Catalogue c = CatalogueLoader.parse(BUNDLED);
        assertEquals("sitewatch-default-2026.1", c.label());
        assertEquals(100, c.baseMaxPoints(), 1e-9);
        assertEquals(110, c.maxScore(), 1e-9);
        assertEquals(3, c.stars().size());
        assertEquals(0.90, c.dataQuality().minOnlineRate());
        assertEquals(15, c.dataQuality().maxPeriodSeconds().get("hoist"));
        assertTrue(c.allItems().stream().allMatch(i -> i.how() != null && !i.how().isBlank()));
    }

    @Test
    void theBundledCatalogueSaysWhatAppliesAndWhatNothingToMeasureEarns() throws Exception {
        Catalogue c = CatalogueLoader.parse(BUNDLED);
        assertEquals(Catalogue.SCALE, c.notApplicable());
        assertEquals(new Applies(List.of("building"), List.of("hoist")), c.item("hoist_monitor").orElseThrow().applies());
        assertEquals(new Applies(List.of(), List.of("tower_crane", "hoist", "gondola")),
                c.item("operator_certificates").orElseThrow().applies());
        assertNull(c.item("dust_noise_monitor").orElseThrow().applies(), "dust and noise apply to every project");
        assertEquals(0.5, c.item("alarm_handling").orElseThrow().noEvidence().share());
        assertTrue(c.item("recorder_compliance").orElseThrow().noEvidence().leavesMaximum());
        assertEquals(120, c.item("recorder_compliance").orElseThrow().params().get("logWindowMinutes"), "the campaign's rule, ±2 h");
        // no share item is left to the old "empty counts as met"
        assertTrue(c.allItems().stream().filter(Item::share).allMatch(i -> i.noEvidence() != null));
    }

    /** Reports and consoles say every name in Chinese and English: the bundled catalogue gives both for every id. */
    @Test
    void theBundledCatalogueNamesEveryItemGateModuleAndStarLevelInBothLanguages() throws Exception {
        Catalogue c = CatalogueLoader.parse(BUNDLED);
        List<String> missing = new ArrayList<>();
        c.allItems().forEach(i -> {
            if (blank(i.name()) || blank(i.nameEn())) {
                missing.add("item " + i.id());
            }
            if (i.noEvidence() != null && (blank(i.noEvidence().reason()) || blank(i.noEvidence().reasonZh()))) {
                missing.add("noEvidence.reason of " + i.id());
            }
        });
        c.gates().forEach(g -> {
            if (blank(g.name()) || blank(g.nameEn())) {
                missing.add("gate " + g.id());
            }
        });
        c.stars().forEach(s -> {
            if (blank(s.name()) || blank(s.nameEn())) {
                missing.add("star " + s.star());
            }
        });
        c.allItems().stream().map(Item::module).distinct().forEach(m -> {
            if (c.modules().stream().noneMatch(x -> x.id().equals(m) && !blank(x.name()) && !blank(x.nameEn()))) {
                missing.add("module " + m);
            }
        });
        assertEquals(List.of(), missing);
        assertEquals("Alarm handling", CatalogueNames.item(c.item("alarm_handling").orElseThrow()).en());
        assertEquals("三星级", CatalogueNames.star(c, 3).zh());
    }

    /** A catalogue written before names were given in both languages still reads in both: the bundled names by id. */
    @Test
    void anOlderCatalogueFallsBackToTheBundledNamesByIdThenToItsIds() throws Exception {
        Catalogue old = CatalogueLoader.parse(CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS));
        assertTrue(old.modules().isEmpty());
        for (Item i : old.allItems()) {
            assertEquals(i.name(), CatalogueNames.item(i).zh(), i.id());
            assertFalse(blank(CatalogueNames.item(i).en()), i.id());
            assertFalse(blank(CatalogueNames.module(old, i.module()).en()), i.module());
        }
        assertEquals("Tower crane safety monitoring", CatalogueNames.item(old.item("tower_crane_monitor").orElseThrow()).en());
        assertEquals("Machinery", CatalogueNames.module(old, "机械").en());
        for (Gate g : old.gates()) {
            assertFalse(blank(CatalogueNames.gate(g).zh()) || blank(CatalogueNames.gate(g).en()), g.id());
        }
        assertEquals("无一般及以上质量安全事故", CatalogueNames.gate(old.gates().stream().filter(g -> g.id().equals("no_accident"))
                .findFirst().orElseThrow()).zh());
        assertEquals("Two stars", CatalogueNames.star(old, 2).en());
        // an id the bundled catalogue does not know: its id, in English with spaces
        Item own = new Item("night_lighting", "夜间", "夜间照明", 2, EvidenceKind.MANUAL, null, null, "by hand");
        assertEquals("夜间照明", CatalogueNames.item(own).zh());
        assertEquals("Night lighting", CatalogueNames.item(own).en());
        assertEquals("夜间", CatalogueNames.module(old, "夜间").en());
    }

    @Test
    void modulesOnceNamedCoverEveryItem() {
        String yaml = BUNDLED.replace("  - {id: 环境, name: 环境, nameEn: Environment}\n", "")
                .replace("{id: 机械, name: 机械, nameEn: Machinery}", "{id: 机械, name: 机械}");
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(yaml));
        assertEquals(List.of("module 机械: nameEn is required (its English name)",
                "modules: no entry for module '环境' of the items (give its names)"), e.problems());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Test
    void thePreviousDefaultStillLoadsUnchanged() throws Exception {
        Catalogue c = CatalogueLoader.parse(CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS));
        assertEquals("sitewatch-default-2025.1", c.label());
        assertNull(c.notApplicable());
        assertFalse(c.hasNotApplicableItems());
        assertTrue(c.allItems().stream().allMatch(i -> i.applies() == null && i.noEvidence() == null));
        assertFalse(c.item("recorder_compliance").orElseThrow().params().containsKey("logWindowMinutes"), "2025.1 keeps its recorder rule");
        assertEquals(100, c.baseMaxPoints(), 1e-9);
    }

    @Test
    void refusesInconsistentCataloguesListingEveryProblem() {
        String yaml = BUNDLED
                .replace("requires: [alarm_handling, hazard_rectification]", "requires: [no_such_item]")
                .replace("maxPoints: 6, evidence: system, deviceKind: recorder", "maxPoints: -1, evidence: system, deviceKind: drone")
                .replace("{star: 2, name: 二星级, nameEn: Two stars, minScore: 75", "{star: 2, name: 二星级, nameEn: Two stars, minScore: 55");
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(yaml));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("unknown item no_such_item"), all);
        assertTrue(all.contains("maxPoints must be positive"), all);
        assertTrue(all.contains("deviceKind"), all);
        assertTrue(all.contains("minScore must be above"), all);
    }

    @Test
    void refusesUnknownFieldsAndEvidenceKinds() {
        assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(BUNDLED.replace("evidence: alarm_ack", "evidence: alarm_ackk")));
        assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(BUNDLED.replace("label: ", "lable: ")));
    }

    static Stream<Arguments> badFairnessRules() {
        return Stream.of(
                Arguments.of("unknown field in applies", "applies: {siteKinds: [building], devices: [hoist]}",
                        "applies: {siteKind: [building], devices: [hoist]}", "not readable"),
                Arguments.of("unknown field in noEvidence", "noEvidence: {share: 0.5, reason: \"no alarm",
                        "noEvidence: {points: 0.5, reason: \"no alarm", "not readable"),
                Arguments.of("unknown project kind", "applies: {siteKinds: [building], devices: [hoist]}",
                        "applies: {siteKinds: [road], devices: [hoist]}", "unknown project kind 'road'"),
                Arguments.of("unknown device kind", "applies: {siteKinds: [building], devices: [hoist]}",
                        "applies: {siteKinds: [building], devices: [lift]}", "unknown device kind 'lift'"),
                Arguments.of("empty applies", "applies: {siteKinds: [building], devices: [hoist]}",
                        "applies: {}", "applies needs siteKinds or devices"),
                Arguments.of("applies on a bonus item", "{id: ai_video, module: 视频/AI, name: AI视频识别, nameEn: \"AI video recognition\", maxPoints: 5, evidence: manual,",
                        "{id: ai_video, module: 视频/AI, name: AI视频识别, nameEn: \"AI video recognition\", maxPoints: 5, evidence: manual, applies: {siteKinds: [building]},",
                        "applies is for base items"),
                Arguments.of("noEvidence on a system item", "deviceKind: env,",
                        "deviceKind: env, noEvidence: {share: 0.5, reason: x},", "noEvidence is for share items"),
                Arguments.of("share and notApplicable both", "noEvidence: {share: 0.5, reason: \"no alarm",
                        "noEvidence: {share: 0.5, notApplicable: true, reason: \"no alarm", "either share (0..1 of the points) or notApplicable"),
                Arguments.of("neither share nor notApplicable", "noEvidence: {share: 0.5, reason: \"no alarm",
                        "noEvidence: {reason: \"no alarm", "either share (0..1 of the points) or notApplicable"),
                Arguments.of("share above 1", "noEvidence: {share: 0.5, reason: \"no alarm",
                        "noEvidence: {share: 1.5, reason: \"no alarm", "noEvidence.share must be within 0..1"),
                Arguments.of("notApplicable false", "noEvidence: {notApplicable: true, reason: \"the site had",
                        "noEvidence: {notApplicable: false, reason: \"the site had", "noEvidence.notApplicable can only be true"),
                Arguments.of("no reason", "noEvidence: {share: 0.5, reason: \"no alarm was raised in the window: nothing shows how alarms are handled, so half the points\", reasonZh: \"评价期内未产生报警：无法证明报警得到处置，故得一半分值\"}",
                        "noEvidence: {share: 0.5}", "noEvidence.reason is required"),
                Arguments.of("scaling rule missing", "\nnotApplicable: scale\n", "\n", "notApplicable is required when items can be not applicable"),
                Arguments.of("unknown scaling rule", "\nnotApplicable: scale\n", "\nnotApplicable: normalise\n", "notApplicable must be 'scale'"));
    }

    static Stream<Arguments> badLogWindows() {
        return Stream.of(
                Arguments.of("logWindowMinutes: 0", "must be a whole number of minutes from 1 to 720"),
                Arguments.of("logWindowMinutes: 721", "must be a whole number of minutes from 1 to 720"),
                Arguments.of("logWindowMinutes: -5", "must be a whole number of minutes from 1 to 720"),
                Arguments.of("logWindowMinutes: 90.5", "must be a whole number of minutes from 1 to 720"),
                Arguments.of("logWindowMinutes: two hours", "must be a whole number of minutes from 1 to 720"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLogWindows")
    void refusesABadLogWindow(String window, String problem) {
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class,
                () -> CatalogueLoader.parse(BUNDLED.replace("logWindowMinutes: 120", window)));
        assertEquals(List.of("item recorder_compliance: logWindowMinutes " + problem
                + " (the log counts from clock-in − that to clock-in + that), got '" + window.substring("logWindowMinutes: ".length()) + "'"),
                e.problems());
    }

    @Test
    void acceptsAnyWholeWindowFromOneMinuteToHalfADayOnRecorderItemsOnly() throws Exception {
        assertEquals(1, CatalogueLoader.parse(BUNDLED.replace("logWindowMinutes: 120", "logWindowMinutes: 1"))
                .item("recorder_compliance").orElseThrow().params().get("logWindowMinutes"));
        assertEquals(720, CatalogueLoader.parse(BUNDLED.replace("logWindowMinutes: 120", "logWindowMinutes: 720"))
                .item("recorder_compliance").orElseThrow().params().get("logWindowMinutes"));
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class, () -> CatalogueLoader.parse(
                BUNDLED.replace("params: {target: 0.95, withinDays: 7}", "params: {target: 0.95, withinDays: 7, logWindowMinutes: 60}")));
        assertEquals(List.of("item hazard_rectification: logWindowMinutes is for recorder items (the safety log uploaded around the clock-in)"),
                e.problems());
        // the 2025.1 catalogue may take the campaign's rule too (an authority's edit)
        assertEquals(60, CatalogueLoader.parse(CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS)
                .replace("evidence: recorder, params: {target: 0.9}", "evidence: recorder, params: {target: 0.9, logWindowMinutes: 60}"))
                .item("recorder_compliance").orElseThrow().params().get("logWindowMinutes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFairnessRules")
    void refusesBadApplicabilityAndNoEvidenceRules(String name, String from, String to, String problem) {
        assertTrue(BUNDLED.contains(from), "the bundled catalogue has " + from);
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class,
                () -> CatalogueLoader.parse(BUNDLED.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))));
        assertTrue(String.join("\n", e.problems()).contains(problem), e.problems().toString());
    }
}

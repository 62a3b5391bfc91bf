package io.sitewatch.rating.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.evidence.AlarmHandling;
import io.sitewatch.rating.evidence.DeviceQuality;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.evidence.SiteFacts;
import io.sitewatch.rating.text.Msg;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scorer's sentences as messages: the verdict's id and parameters for each way a star is
 * reached or stopped, gates, items and devices said in Chinese and English, names from the
 * catalogue; and none of it for evidence taken before texts were messages (reproduced as approved).
 */
class ScorerTextsTest {

    static final long FROM = FairScorerTest.FROM;
    static final long TO = FairScorerTest.TO;
    private static final Pattern LATIN_RUN = Pattern.compile("[A-Za-z]{4,}");

    static Evidence evidence(BigDecimal cost, Map<String, ManualEntry> manual, boolean localized) {
        SiteFacts site = new SiteFacts("S", "鼓楼工地", "350102", "Asia/Shanghai", cost, "2025-06-01", "2027-06-01", "building", null);
        List<DeviceQuality> devices = List.of(
                new DeviceQuality("TC-1", "tower_crane", 10, 1000, 1.0, 0, 10.0, 6000, "working_hours", FROM, TO),
                new DeviceQuality("ENV-1", "env", 60, 1000, 0.5, 400, 60.0, 500, "continuous", FROM, TO));
        Map<String, RateFact> rates = Map.of("alarm_handling", AlarmHandling.measure(List.of(), 30));
        return new Evidence("S", FROM, TO, TO, site, FROM, TO, devices, rates, manual, localized);
    }

    @Test
    void aGateNotDeclaredStopsTheFirstStarAndSaysSoInBothLanguages() throws Exception {
        RatingResult r = Scorer.score(CatalogueLoader.parse(CatalogueLoader.bundledYaml()), 1,
                evidence(new BigDecimal("150000000"), Map.of("no_wage_arrears", new ManualEntry(1, "人社核查：无欠薪", null, "rater1", 0)), true));
        assertEquals(0, r.stars());
        Msg why = r.starReasonText();
        assertEquals("star.none", why.id());
        @SuppressWarnings("unchecked")
        List<Msg> blockers = (List<Msg>) why.args().get("why");
        assertEquals(List.of("star.gate_not_met", "star.mandatory_not_met", "star.mandatory_not_met", "star.score_below"),
                blockers.stream().map(Msg::id).toList());
        assertTrue(why.zh().startsWith("未评星：前置条件“无一般及以上质量安全事故”不满足、必备项“扬尘噪声在线监测”不满足"), why.zh());
        assertTrue(why.en().startsWith("no star: gate \"No quality or safety accident of grade general or above\" not met, mandatory"
                + " \"Online dust and noise monitoring\" not met"), why.en());
        assertEquals("无星级", r.starText().zh());
        // the English of the API's field is as before: ids
        assertTrue(r.starReason().startsWith("no star: gate no_accident not met, mandatory dust_noise_monitor not met"), r.starReason());

        RatingResult.GateResult accident = r.gates().stream().filter(g -> g.id().equals("no_accident")).findFirst().orElseThrow();
        assertEquals("gate.declaration.missing", accident.whyText().id());
        assertEquals("评价人员尚未确认", accident.whyText().zh());
        RatingResult.GateResult wages = r.gates().stream().filter(g -> g.id().equals("no_wage_arrears")).findFirst().orElseThrow();
        assertEquals("rater1 确认满足：人社核查：无欠薪", wages.whyText().zh());
        RatingResult.GateResult cost = r.gates().stream().filter(g -> g.id().equals("cost")).findFirst().orElseThrow();
        assertEquals("工程造价 1.5 亿元（需 ≥ 1 亿元）", cost.whyText().zh());
        assertEquals("工程造价不低于1亿元", cost.nameText().zh());

        RatingResult.ItemResult dust = item(r, "dust_noise_monitor");
        assertEquals("system.devices", dust.evidenceText().id());
        assertEquals("1 台扬尘噪声监测站中 0 台数据合格：ENV-1 不合格（在线率 50% < 90%；最长中断 400 分钟 > 30 分钟；应上报时长 16.7 小时，全天候计）",
                dust.evidenceText().zh());
        assertEquals("环境", dust.moduleText().zh());
        assertEquals("Environment", dust.moduleText().en());
        RatingResult.ItemResult alarms = item(r, "alarm_handling");
        assertEquals("share.no_evidence", alarms.evidenceText().id());
        assertEquals("评价期内未产生报警——无证据：评价期内未产生报警：无法证明报警得到处置，故得一半分值（按评分标准得 50% 的分值）",
                alarms.evidenceText().zh());
        RatingResult.DeviceVerdict env = r.dataQuality().devices().stream().filter(d -> d.deviceId().equals("ENV-1")).findFirst().orElseThrow();
        assertEquals("dq.expected", env.whyText().id());
        // no English sentence in any Chinese text, identifiers aside
        for (RatingResult.ItemResult i : r.items()) {
            String zh = i.evidenceText().zh();
            for (String v : io.sitewatch.rating.text.Messages.get().render(i.evidenceText(), io.sitewatch.rating.text.Lang.ZH).verbatim()) {
                zh = zh.replace(v, "");
            }
            assertTrue(!LATIN_RUN.matcher(zh).find(), i.id() + ": " + i.evidenceText().zh());
            assertNotNull(i.nameText(), i.id());
        }
    }

    @Test
    void aStarReachedWithRequirementsThatDoNotApplyNamesThem() throws Exception {
        SiteFacts road = new SiteFacts("R", "道路", "350102", "Asia/Shanghai", new BigDecimal("150000000"), "2025-06-01", "2027-06-01",
                "municipal", null);
        Map<String, ManualEntry> manual = new HashMap<>();
        for (String k : List.of("no_accident", "no_wage_arrears")) {
            manual.put(k, new ManualEntry(1, "无", null, "rater", 0));
        }
        for (String k : List.of("safety_training", "bim")) {
            manual.put(k, new ManualEntry(10, "已核查", null, "rater", 0));
        }
        List<DeviceQuality> devices = List.of(new DeviceQuality("ENV", "env", 60, 1000, 1.0, 0, 60.0, 1000, "continuous", FROM, TO),
                new DeviceQuality("REC", "recorder", 60, 1000, 1.0, 0, 60.0, 1000, "working_hours", FROM, TO));
        Map<String, RateFact> rates = Map.of("alarm_handling", new RateFact(9, 10, true, "9 of 10",
                        Msg.of("alarms.counted", "ok", 9, "total", 10, "limit", 30, "late", 1, "never", 0)),
                "hazard_rectification", new RateFact(10, 10, true, "10 of 10",
                        Msg.of("hazards.counted", "closed", 10, "due", 10, "deadline", Msg.of("hazards.within", "days", 7))),
                "recorder_compliance", new RateFact(0, 0, false, "none", Msg.of("recorder.none", "calendar", "-", "off", 3)));
        RatingResult r = Scorer.score(CatalogueLoader.parse(CatalogueLoader.bundledYaml()), 1,
                new Evidence("R", FROM, TO, TO, road, FROM, TO, devices, rates, manual, true));
        assertEquals(3, r.stars(), r.starReason());
        assertEquals("star.reached.na", r.starReasonText().id());
        assertTrue(r.starReasonText().zh().startsWith("3 星：得分 100 ≥ 85，该星级的前置条件和必备系统均满足（不适用：塔吊安全监控、施工升降机安全监控）"),
                r.starReasonText().zh());
        assertEquals("三星级", r.starText().zh());
        assertEquals("Three stars", r.starText().en());
        assertEquals("share.scored", item(r, "alarm_handling").evidenceText().id());
        assertEquals("10 条报警中 9 条在 30 分钟内确认（1 条超时确认，0 条未确认）（达标率 90%，达到 90% 得满分）",
                item(r, "alarm_handling").evidenceText().zh());
        assertEquals("share.not_applicable", item(r, "recorder_compliance").evidenceText().id());
    }

    @Test
    void aStarStoppedByTheNextLevelsCutOff() throws Exception {
        Map<String, ManualEntry> manual = new HashMap<>();
        for (String k : List.of("no_accident", "no_wage_arrears")) {
            manual.put(k, new ManualEntry(1, "无", null, "rater", 0));
        }
        Evidence ev = ScorerTest.evidence(ScorerTest.GOOD_SITE, new java.util.HashSet<>(ScorerTest.ALL_KINDS), 0.5, Map.of());
        Evidence localized = new Evidence(ev.siteId(), ev.fromMs(), ev.toMs(), ev.computedAtMs(), ev.site(), ev.serviceFromMs(),
                ev.serviceToMs(), ev.devices(), ev.rates(), ev.manual(), true);
        RatingResult r = Scorer.score(ScorerTest.previous(), 1, localized);
        assertEquals(1, r.stars(), r.starReason());
        assertEquals("star.blocked", r.starReasonText().id());
        assertEquals(1L, r.starReasonText().args().get("stars"));
        assertEquals(2L, r.starReasonText().args().get("next"));
        assertTrue(r.starReasonText().zh().startsWith("1 星；未达 2 星：得分 "), r.starReasonText().zh());
        // a catalogue without names (2025.1) falls back to the bundled names by id
        assertEquals("Tower crane safety monitoring", item(r, "tower_crane_monitor").nameText().en());
        assertEquals("一星级", r.starText().zh());
        // its shares carry no message (constructed as old snapshots were): no text, the English stays
        assertNull(item(r, "alarm_handling").evidenceText());
    }

    @Test
    void evidenceTakenBeforeTextsWereMessagesGivesNoTexts() throws Exception {
        RatingResult r = Scorer.score(CatalogueLoader.parse(CatalogueLoader.bundledYaml()), 1,
                evidence(new BigDecimal("150000000"), Map.of(), false));
        assertNull(r.starReasonText());
        assertNull(r.starText());
        r.gates().forEach(g -> assertNull(g.whyText(), g.id()));
        r.items().forEach(i -> assertNull(i.evidenceText(), i.id()));
        r.dataQuality().devices().forEach(d -> assertNull(d.whyText(), d.deviceId()));
    }

    static RatingResult.ItemResult item(RatingResult r, String id) {
        return r.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }
}

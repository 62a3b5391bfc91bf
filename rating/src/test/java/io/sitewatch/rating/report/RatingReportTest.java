package io.sitewatch.rating.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.evidence.AlarmHandling;
import io.sitewatch.rating.evidence.DeviceQuality;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.evidence.SiteFacts;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.score.Scorer;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.text.Lang;
import io.sitewatch.rating.text.Msg;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Reports: a result approved before 2026.1 renders exactly as the code of its time rendered it
 * (fixtures in {@code legacy-2025.1/}); a 2026.1 result shows items that do not apply, the scaling
 * and the no-evidence rule.
 */
class RatingReportTest {

    static String fixture(String name) throws Exception {
        try (InputStream in = RatingReportTest.class.getResourceAsStream("/legacy-2025.1/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static RatingResult legacy() throws Exception {
        return RatingStore.JSON.readValue(fixture("result.json"), RatingResult.class);
    }

    @Test
    void aLegacyResultSerialisesByteForByteAsItWasStored() throws Exception {
        assertEquals(fixture("result.json"), RatingStore.JSON.writeValueAsString(legacy()));
    }

    /** The machine-readable exports stay byte for byte; the printable report is the 评价报告 of today (below). */
    @ParameterizedTest
    @EnumSource(value = RatingReport.Format.class, names = {"TEXT", "JSON", "CSV"})
    void aLegacyResultRendersAsItDidBefore2026_1(RatingReport.Format f) throws Exception {
        assertEquals(fixture("report." + f.name().toLowerCase(Locale.ROOT)), RatingReport.render(legacy(), f));
    }

    /**
     * A rating made before its texts were messages has no Chinese to give: its 评价报告 says so and
     * shows every sentence as recorded, with the same stars, score, gates, items and devices.
     */
    @Test
    void theReportOfALegacyResultShowsItsSentencesAsRecorded() throws Exception {
        RatingResult r = legacy();
        assertEquals(null, r.starReasonText());
        String html = RatingReport.render(r, RatingReport.Format.HTML);
        assertTrue(html.contains("<p class=\"note legacy\">本评价生成于评价文字双语化之前"), html);
        assertTrue(html.contains(esc(r.starReason())), html);
        for (RatingResult.ItemResult i : r.items()) {
            assertTrue(html.contains("<tr data-item=\"" + i.id() + "\"><td>" + esc(i.name()) + "</td>"), i.id());
            assertTrue(html.contains(esc(i.evidence())), i.id());
        }
        for (RatingResult.GateResult g : r.gates()) {
            assertTrue(html.contains(esc(g.why())), g.id());
        }
        r.dataQuality().devices().forEach(d -> assertTrue(html.contains(esc(d.why())), d.deviceId()));
        // the old page, kept as the record of what was shown then, had the same sentences
        String old = fixture("report.html");
        r.items().forEach(i -> assertTrue(old.contains(esc(i.evidence())), i.id()));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A municipal road with a dust station, pit points and a recorder, no alarm, bim entered: 2026.1. */
    static RatingResult road() throws Exception {
        long from = 1_767_225_600_000L;
        long to = from + 30 * 86_400_000L;
        List<DeviceQuality> devices = List.of(
                new DeviceQuality("ENV", "env", 60, 43_200, 1.0, 0, 60.0, 43_200, "continuous", from, to),
                new DeviceQuality("PIT", "pit", 600, 43_200, 1.0, 9, 600.0, 4_320, "continuous", from, to),
                new DeviceQuality("REC", "recorder", 60, 21_600, 0.995, 12, 60.0, 21_500, "working_hours", from, to),
                new DeviceQuality("HO-OLD", "hoist", 10, 0, 0, 0, null, 0, "working_hours", from, from));
        Msg calendar = Msg.of("recorder.calendar", "from", "07:00", "to", "19:00", "days", List.of(1, 2, 3, 4, 5, 6));
        Map<String, RateFact> rates = Map.of(
                "recorder_compliance", new RateFact(30, 30, false, "30 of 30 working days", Msg.of("recorder.counted", "ok", 30, "total", 30,
                        "calendar", calendar, "off", 0, "tails", List.of())),
                "hazard_rectification", new RateFact(4, 4, true, "4 of 4 reported hazards rectified within 7 days",
                        Msg.of("hazards.counted", "closed", 4, "due", 4, "deadline", Msg.of("hazards.within", "days", 7))),
                "alarm_handling", AlarmHandling.measure(List.of(), 30),
                "operator_certificates", new RateFact(0, 0, true, "no operator logins in the window", Msg.of("logins.none")));
        Map<String, ManualEntry> manual = Map.of(
                "no_accident", new ManualEntry(1, "质安站记录核查：无事故", null, "rater", 0),
                "no_wage_arrears", new ManualEntry(1, "人社部门核查：无欠薪", null, "rater", 0),
                "bim", new ManualEntry(6, "BIM 模型与交付成果已核查", null, "rater", 0));
        SiteFacts site = new SiteFacts("ROAD", "road", "350102", "Asia/Shanghai", new BigDecimal("120000000"), "2025-06-01", "2027-06-01",
                "municipal", null);
        return Scorer.score(CatalogueLoader.parse(CatalogueLoader.bundledYaml()), 2,
                new Evidence("ROAD", from, to, to, site, from, to, devices, rates, manual, true));
    }

    @Test
    void textShowsNotApplicableItemsTheScalingAndNoEvidence() throws Exception {
        RatingResult r = road();
        // 10 + 8 + 6 + 10 + 10 + 5 (no alarm) + 6 = 55 of 64: 85.94
        assertEquals(85.94, r.score());
        String text = RatingReport.render(r, RatingReport.Format.TEXT);
        assertTrue(text.contains("Base: 55 of 64 applicable points × 100/64 = 85.94 (not applicable: tower_crane_monitor, hoist_monitor,"
                + " gondola_monitor, formwork_monitor, operator_certificates)\n"), text);
        assertTrue(text.contains("    hoist_monitor             n/a / 8    auto   not applicable: it applies to building projects, or a hoist"
                + " in service in the window; this is a municipal project with no hoist in service in the window\n"), text);
        assertTrue(text.contains("    alarm_handling              5 / 10   auto   no alarms were raised in the window — no evidence: no alarm"), text);
        assertTrue(text.contains("  n/a  HO-OLD         hoist        not in service in the window\n"), text);
        assertTrue(text.contains("  ok   REC            recorder     online 99.5 %, longest gap 12 min, period 60.0 s (over 360 h expected,"
                + " in the site's working hours)\n"), text);
    }

    @Test
    void theReportShowsThemInChineseOrInEnglish() throws Exception {
        RatingResult r = road();
        String html = RatingReport.render(r, RatingReport.Format.HTML);
        assertTrue(html.contains("<p class=\"scaling\">不适用的评分项：塔吊安全监控、施工升降机安全监控、高处作业吊篮监控、高支模监测、"
                + "特种作业人员持证上岗。适用项满分 64 分，实得 55 分，按 100/64 折算为基础分 85.94 分。</p>"), html);
        assertTrue(html.contains("<tr data-item=\"hoist_monitor\"><td>施工升降机安全监控</td><td class=\"num\"><span class=\"na\">不适用</span> / 8</td>"
                + "<td>系统测算</td><td class=\"evidence\">不适用：本项适用于房屋建筑项目，或评价期内有施工升降机在用的项目；本工地为市政项目，"
                + "评价期内没有在用的施工升降机</td></tr>"), html);
        assertTrue(html.contains("<tr data-item=\"alarm_handling\"><td>报警处置</td><td class=\"num\"><span class=\"yes\">5</span> / 10"
                + "<br/><span class=\"na\">无证据</span></td><td>系统测算</td><td class=\"evidence\">评价期内未产生报警——无证据："
                + "评价期内未产生报警：无法证明报警得到处置，故得一半分值（按评分标准得 50% 的分值）</td></tr>"), html);
        assertTrue(html.contains("<tr data-device=\"HO-OLD\"><td><span class=\"code\">HO-OLD</span></td><td>施工升降机</td>"), html);
        assertTrue(html.contains("<span class=\"na\">不在用</span><br/>评价期内不在用"), html);
        assertTrue(html.contains("在线率 99.5%，最长中断 12 分钟，上报周期 60.0 秒；应上报时长 360 小时，按工地工作时间计"), html);
        assertTrue(html.contains("<span class=\"code\">rater</span> 确认满足：<span class=\"code quote\">质安站记录核查：无事故</span>"), html);
        assertTrue(html.contains("2 星；未达 3 星：得分 85.94 &lt; 85") || html.contains("3 星：得分 85.94 ≥ 85"), html);
        LatinRunsInText.assertNone(html);

        String en = new String(RatingReport.export(r, RatingReport.Format.HTML, null, Lang.EN), StandardCharsets.UTF_8);
        assertTrue(en.contains("<html lang=\"en\">"), en);
        assertTrue(en.contains("<tr data-item=\"alarm_handling\"><td>Alarm handling</td>"), en);
        assertTrue(en.contains("no alarms were raised in the window — no evidence: no alarm was raised in the window: nothing shows how"
                + " alarms are handled, so half the points (50 % of the points by the catalogue's rule)"), en);
        assertTrue(en.contains("online 99.5 %, longest gap 12 min, period 60.0 s (over 360 h expected, in the site's working hours)"), en);
    }

    @Test
    void csvMarksThemToo() throws Exception {
        String csv = RatingReport.render(road(), RatingReport.Format.CSV);
        assertTrue(csv.contains("\nscaling,base,,55,64,,× 100/64 = 85.94; not applicable: tower_crane_monitor hoist_monitor gondola_monitor"
                + " formwork_monitor operator_certificates\n"), csv);
        assertTrue(csv.contains("\nitem,hoist_monitor,机械,n/a,8,false,"), csv);
        assertTrue(csv.contains("\ndevice,HO-OLD,hoist,,,n/a,not in service in the window\n"), csv);
    }

    /** Saved or downloaded, a CSV opens in Excel on a Chinese Windows without garbling: UTF-8 with its mark. */
    @Test
    void anExportedCsvIsUtf8WithAByteOrderMarkAndTheOtherFormatsAreAsRendered() throws Exception {
        RatingResult r = road();
        byte[] csv = RatingReport.export(r, RatingReport.Format.CSV);
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(csv[0], csv[1], csv[2]));
        assertEquals(RatingReport.render(r, RatingReport.Format.CSV), new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8));
        for (RatingReport.Format f : List.of(RatingReport.Format.JSON, RatingReport.Format.HTML, RatingReport.Format.TEXT)) {
            assertEquals(RatingReport.render(r, f), new String(RatingReport.export(r, f), StandardCharsets.UTF_8), f.name());
        }
    }

    @Test
    void jsonCarriesStatusScalingAndExpectedTime() throws Exception {
        String json = RatingReport.render(road(), RatingReport.Format.JSON);
        assertTrue(json.contains("\"status\" : \"not_applicable\""), json);
        assertTrue(json.contains("\"status\" : \"no_evidence\""), json);
        assertTrue(json.contains("\"applicableMaxPoints\" : 64.0"), json);
        assertTrue(json.contains("\"expectedMinutes\" : 21600"), json);
        assertFalse(RatingReport.render(legacy(), RatingReport.Format.JSON).contains("\"status\""));
    }

    @Test
    void aReportToSubmitNamesTheProjectItsRegionItsCostAndItsLocalDates() throws Exception {
        RatingResult r = road();
        RatingReport.Heading h = new RatingReport.Heading("鼓楼区洪山路市政道路工程", "福州城建集团有限公司", "350102",
                new BigDecimal("180000000.00"), "Asia/Shanghai");
        String html = new String(RatingReport.export(r, RatingReport.Format.HTML, h), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h1 class=\"report\">智慧工地星级评价报告</h1>"), html);
        assertTrue(html.contains("<tr><th>项目名称</th><td><b>鼓楼区洪山路市政道路工程</b></td></tr>"), html);
        assertTrue(html.contains("<tr><th>工地编号</th><td><span class=\"code\">ROAD</span></td></tr>"), html);
        assertTrue(html.contains("<tr><th>建设单位</th><td>福州城建集团有限公司</td></tr>"), html);
        assertTrue(html.contains("<tr><th>所属区划</th><td>福建省 福州市 鼓楼区 <span class=\"sub\"><span class=\"code\">350102</span></span></td></tr>"), html);
        assertTrue(html.contains("<tr><th>工程造价</th><td>1.8 亿元</td></tr>"), html);
        assertFalse(html.contains("180000000"), "no raw amount: " + html);
        // The window [2026-01-01T00:00Z, 2026-01-31T00:00Z) is 08:00 to 08:00 in the site's time: its dates, both included.
        assertTrue(html.contains("2026-01-01 至 2026-01-31（时区 <span class=\"code\">Asia/Shanghai</span>）"), html);
        assertTrue(html.contains("<span class=\"code\">sitewatch-default-2026.1</span>（第 2 版）"), html);
        assertTrue(html.contains("@page { size: A4;"), "print CSS: " + html);
        LatinRunsInText.assertNone(html);
        String en = new String(RatingReport.export(r, RatingReport.Format.HTML, h, Lang.EN), StandardCharsets.UTF_8);
        assertTrue(en.contains("<tr><th>Region</th><td>Gulou, Fuzhou, Fujian"), en);
        assertTrue(en.contains("<tr><th>Construction cost</th><td>CNY 180,000,000</td></tr>"), en);
        String text = new String(RatingReport.export(r, RatingReport.Format.TEXT, h), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("智慧工地星级评价报告"), text);
        byte[] csv = RatingReport.export(r, RatingReport.Format.CSV, h);
        assertTrue(new String(csv, StandardCharsets.UTF_8).startsWith(RatingReport.UTF8_BOM + "project,项目名称"), "BOM, then the heading");
        assertEquals("9,500 万元", RatingReport.cost(new BigDecimal("95000000")));
        assertEquals(RatingReport.render(r, RatingReport.Format.JSON),
                new String(RatingReport.export(r, RatingReport.Format.JSON, h), StandardCharsets.UTF_8), "JSON is the result itself");
    }
}

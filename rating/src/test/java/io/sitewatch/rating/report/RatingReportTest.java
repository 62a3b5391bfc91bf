package io.sitewatch.rating.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.evidence.DeviceQuality;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.evidence.SiteFacts;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.score.Scorer;
import io.sitewatch.rating.store.RatingStore;
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

    @ParameterizedTest
    @EnumSource(RatingReport.Format.class)
    void aLegacyResultRendersAsItDidBefore2026_1(RatingReport.Format f) throws Exception {
        assertEquals(fixture("report." + f.name().toLowerCase(Locale.ROOT)), RatingReport.render(legacy(), f));
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
        Map<String, RateFact> rates = Map.of(
                "recorder_compliance", new RateFact(30, 30, false, "30 of 30 working days"),
                "hazard_rectification", new RateFact(4, 4, true, "4 of 4 reported hazards rectified within 7 days"),
                "alarm_handling", new RateFact(0, 0, true, "no alarms were raised in the window"),
                "operator_certificates", new RateFact(0, 0, true, "no operator logins in the window"));
        Map<String, ManualEntry> manual = Map.of(
                "no_accident", new ManualEntry(1, "ok", null, "rater", 0),
                "no_wage_arrears", new ManualEntry(1, "ok", null, "rater", 0),
                "bim", new ManualEntry(6, "BIM checked", null, "rater", 0));
        SiteFacts site = new SiteFacts("ROAD", "road", "350102", "Asia/Shanghai", new BigDecimal("120000000"), "2025-06-01", "2027-06-01",
                "municipal", null);
        return Scorer.score(CatalogueLoader.parse(CatalogueLoader.bundledYaml()), 2,
                new Evidence("ROAD", from, to, to, site, from, to, devices, rates, manual));
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
    void htmlShowsThemInChineseAndEnglish() throws Exception {
        String html = RatingReport.render(road(), RatingReport.Format.HTML);
        assertTrue(html.contains("<p class=\"scaling\">适用项满分 64 分（不适用：tower_crane_monitor, hoist_monitor, gondola_monitor,"
                + " formwork_monitor, operator_certificates），基础得分 55 × 100/64 = 85.94 · Applicable maximum 64"), html);
        assertTrue(html.contains("<td>hoist_monitor</td><td><span style=\"color:#777\">不适用 · n/a</span></td><td>8</td>"), html);
        assertTrue(html.contains("<td>alarm_handling</td><td>5 <span style=\"color:#777\">无证据 · no evidence</span></td>"), html);
        assertTrue(html.contains("<td>HO-OLD</td><td>hoist</td><td style=\"color:#777\">不在用 · not in service</td>"), html);
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
        assertTrue(html.contains("鼓楼区洪山路市政道路工程（ROAD）"), html);
        assertTrue(html.contains("福州城建集团有限公司"), html);
        assertTrue(html.contains("福建省 福州市 鼓楼区（350102）"), html);
        assertTrue(html.contains("1.8 亿元"), html);
        assertFalse(html.contains("180000000"), "no raw amount: " + html);
        // The window [2026-01-01T00:00Z, 2026-01-31T00:00Z) is 08:00 to 08:00 in the site's time: its dates, both included.
        assertTrue(html.contains("2026-01-01 至 2026-01-31（Asia/Shanghai）"), html);
        String text = new String(RatingReport.export(r, RatingReport.Format.TEXT, h), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("智慧工地星级评价报告"), text);
        byte[] csv = RatingReport.export(r, RatingReport.Format.CSV, h);
        assertTrue(new String(csv, StandardCharsets.UTF_8).startsWith(RatingReport.UTF8_BOM + "project,项目名称"), "BOM, then the heading");
        assertEquals("9,500 万元", RatingReport.cost(new BigDecimal("95000000")));
        assertEquals(RatingReport.render(r, RatingReport.Format.JSON),
                new String(RatingReport.export(r, RatingReport.Format.JSON, h), StandardCharsets.UTF_8), "JSON is the result itself");
    }
}

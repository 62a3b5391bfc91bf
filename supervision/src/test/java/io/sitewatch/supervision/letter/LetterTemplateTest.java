package io.sitewatch.supervision.letter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped template rendered from a risk item: the facts in both languages, only the factors that scored, no placeholder left. */
class LetterTemplateTest {

    static final long FROM = LocalDate.of(2026, 11, 1).atStartOfDay(LetterTemplate.ZONE).toInstant().toEpochMilli();
    static final long TO = LocalDate.of(2026, 12, 1).atStartOfDay(LetterTemplate.ZONE).toInstant().toEpochMilli();

    static RiskSnapshot item() {
        return new RiskSnapshot("2026.1", FROM, TO, new BigDecimal("62.50"), "red", 1, 20, List.of(
                new RiskSnapshot.Factor("alarms", "报警频次", "Alarm frequency", 0.84, 25, new BigDecimal("25.00"), List.of("A-1", "A-2")),
                new RiskSnapshot.Factor("ack_minutes", "确认时长", "Time to acknowledge", 12.5, 10, new BigDecimal("0.52"), List.of("A-1")),
                new RiskSnapshot.Factor("major_hazards", "重大事故隐患", "Major hazards", 2.0, 30, new BigDecimal("20.00"), List.of("HZ-000001")),
                new RiskSnapshot.Factor("offline", "必装监测离线", "Mandatory monitoring offline", 0.0, 15, new BigDecimal("0.00"), List.of()),
                new RiskSnapshot.Factor("attendance", "关键岗位人员到岗", "Key people present", 0.34, 20, new BigDecimal("16.98"), List.of())));
    }

    @Test
    void theShippedTemplateSaysTheRiskItemInChineseAndEnglish() {
        LetterTemplate t = LetterTemplate.bundled();
        assertEquals("2026.1", t.version());
        assertEquals(15, t.deadlineDays());
        LetterTemplate.Rendered r = t.render(Letter.PROJECT, "预警测试项目7", item(), 10);
        assertEquals("安全生产风险警示函", r.title());
        assertTrue(r.body().startsWith("预警测试项目7：\n"), r.body());
        for (String s : List.of("2026-11-01至2026-11-30", "你项目安全风险评分为 62.50 分（重大风险）", "20 个项目中居第 1 位", "2026.1 版",
                "（一）报警频次：指标值 0.84，计 25.00 分（满分 25 分）；依据：A-1、A-2。",
                "（二）重大事故隐患：指标值 2，计 20.00 分（满分 30 分）；依据：HZ-000001。",
                "（三）关键岗位人员到岗：指标值 0.34，计 16.98 分（满分 20 分）；依据：无。",
                "（四）确认时长", "自收到本函之日起 10 日内")) {
            assertTrue(r.body().contains(s), s + " in\n" + r.body());
        }
        // a factor that did not score is not a reason in the letter
        assertFalse(r.body().contains("必装监测离线"), r.body());
        assertFalse(r.body().matches("(?s).*\\{[a-zA-Z]+}.*"), "a placeholder left in\n" + r.body());

        assertEquals("Warning letter on work-safety risk", r.titleEn());
        for (String s : List.of("To 预警测试项目7:", "scored your project 62.50 points (major risk) from 2026-11-01 to 2026-11-30",
                "ranking it 1 of the 20 projects", "(1) Alarm frequency: value 0.84, 25.00 of 25 points; evidence: A-1, A-2.",
                "Within 10 days of receiving")) {
            assertTrue(r.bodyEn().contains(s), s + " in\n" + r.bodyEn());
        }
        assertFalse(r.bodyEn().matches("(?s).*\\{[a-zA-Z]+}.*"), r.bodyEn());
    }

    @Test
    void anEnterpriseIsAddressedAsOneAndAnItemWithoutScoreSaysSo() {
        RiskSnapshot none = new RiskSnapshot("2026.1", FROM, TO, new BigDecimal("0.00"), "blue", 5, 5, List.of(
                new RiskSnapshot.Factor("alarms", "报警频次", "Alarm frequency", 0, 25, new BigDecimal("0.00"), List.of())));
        LetterTemplate.Rendered r = LetterTemplate.bundled().render(Letter.ENTERPRISE, "测试建设1公司", none, 15);
        assertTrue(r.body().contains("你单位安全风险评分为 0.00 分（低风险）"), r.body());
        assertTrue(r.body().contains("各风险因素均未计分。"), r.body());
        assertTrue(r.bodyEn().contains("No risk factor scored."), r.bodyEn());
    }

    @Test
    void aTemplateNamingAnUnknownPlaceholderOrMissingAPartIsRefused() {
        String good = """
                version: "9999.1"
                deadlineDays: 7
                zh: {title: 标题, targetKind: {project: 项目, enterprise: 单位}, numbers: ["1."], factor: "{n}{name}", noFactor: 无, noEvidence: 无, body: "{target}{factors}"}
                en: {title: Title, targetKind: {project: project, enterprise: enterprise}, numbers: ["1."], factor: "{n}{name}", noFactor: none, noEvidence: none, body: "{target}{factors}"}
                """;
        assertEquals(7, LetterTemplate.parse(good).deadlineDays());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> LetterTemplate.parse(good.replace("body: \"{target}{factors}\"}\nen", "body: \"{targte}{factors}\"}\nen")));
        assertTrue(typo.getMessage().contains("{targte}"), typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LetterTemplate.parse(good.replace("deadlineDays: 7", "deadlineDays: 0")));
        assertThrows(IllegalArgumentException.class, () -> LetterTemplate.parse(good.replace("title: Title, ", "")));
        assertThrows(IllegalArgumentException.class, () -> LetterTemplate.bundled("1999.1"));
        assertThrows(IllegalArgumentException.class, () -> LetterTemplate.bundled("../x"));
    }

    @Test
    void valuesAreWrittenAsPeopleWriteThem() {
        assertEquals("2", LetterTemplate.number(2.0));
        assertEquals("0.8421", LetterTemplate.number(0.842149));
        assertEquals("240", LetterTemplate.number(240));
        assertEquals("0", LetterTemplate.number(0));
    }

    @Test
    void theNarrowestCodeCoversAnEnterprisesRegions() {
        assertEquals("350102", LetterDesk.covering(List.of("350102")));
        assertEquals("350100", LetterDesk.covering(List.of("350102", "350103")));
        assertEquals("350000", LetterDesk.covering(List.of("350102", "350203")));
        assertEquals(null, LetterDesk.covering(List.of("350102", "440103")));
    }
}

package io.sitewatch.rating.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The message bundles: every id in both languages with the same parameters and known formats; no
 * English word in a Chinese template; numbers, percentages, amounts and lists said as each language
 * says them; a message survives JSON unchanged; an unknown id is said as its id, never an error.
 */
class MessagesTest {

    private static final Messages M = Messages.get();
    private static final Pattern LATIN_RUN = Pattern.compile("[A-Za-z]{4,}");

    @Test
    void everyIdIsInBothLanguagesWithTheSameParameters() {
        assertEquals(M.ids(Lang.EN), M.ids(Lang.ZH), "the same ids in both bundles");
        List<String> problems = new ArrayList<>();
        for (String id : M.ids(Lang.EN)) {
            String en = M.template(id, Lang.EN);
            String zh = M.template(id, Lang.ZH);
            if (!Messages.params(en).equals(Messages.params(zh))) {
                problems.add(id + ": en " + Messages.params(en) + " zh " + Messages.params(zh));
            }
            if (!Messages.knownFormats(en) || !Messages.knownFormats(zh)) {
                problems.add(id + ": unknown format");
            }
            // a Chinese template says nothing in English (parameters aside)
            Matcher m = LATIN_RUN.matcher(zh.replaceAll("\\{[^}]*}", ""));
            if (m.find()) {
                problems.add(id + ": English in the Chinese: " + m.group());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void numbersPercentagesAndAmountsAreSaidAsEachLanguageSaysThem() {
        Msg online = Msg.of("dq.online_low", "rate", 0.8754, "min", 0.9);
        assertEquals("在线率 87.5% < 90%", online.zh());
        assertEquals("online 87.5 % < 90 %", online.en());
        assertEquals("1.8 亿元", Messages.cny(new BigDecimal("180000000.00"), Lang.ZH));
        assertEquals("9,500 万元", Messages.cny(new BigDecimal("95000000"), Lang.ZH));
        assertEquals("CNY 180,000,000", Messages.cny(new BigDecimal("180000000.00"), Lang.EN));
        assertEquals("工程造价 1.8 亿元（需 ≥ 1 亿元）", Msg.of("gate.cost", "cost", "180000000.00", "min", "100000000").zh());
        assertEquals("85.94", Messages.num(85.9375));
        assertEquals("100", Messages.percent(0.99996, 1));
        assertEquals("12.5", Messages.num(12.5));
        Msg period = Msg.of("dq.period", "period", 22.456, "max", 15);
        assertEquals("平均每 22.5 秒上报一次 > 15 秒", period.zh());
        assertEquals("reports every 22.5 s > 15 s", period.en());
    }

    @Test
    void listsKindsAndWeekdaysAreJoinedAsEachLanguageJoinsThem() {
        Msg why = Msg.of("applies.why.devices", "to", Msg.of("applies.to.devices", "devices", List.of("tower_crane", "hoist")),
                "project", Msg.of("project.kind", "kind", "municipal"), "devices", List.of("tower_crane", "hoist"));
        assertEquals("本项适用于评价期内有塔式起重机或施工升降机在用的项目；本工地为市政项目，评价期内没有在用的塔式起重机或施工升降机", why.zh());
        assertEquals("it applies to projects with a tower crane or hoist in service in the window; this is a municipal project"
                + " with no tower crane or hoist in service in the window", why.en());
        Msg calendar = Msg.of("recorder.calendar", "from", "07:00", "to", "19:00", "days", List.of(1, 2, 3, 4, 5));
        assertEquals("工地日历：工作时间 07:00–19:00，工作日为周一、周二、周三、周四、周五，另计法定节假日和标注日期", calendar.zh());
        assertEquals("site calendar 07:00–19:00 on Mon, Tue, Wed, Thu, Fri, national holidays and marked dates", calendar.en());
    }

    @Test
    void identifiersAndWhatPeopleEnteredAreQuotedVerbatim() {
        Msg m = Msg.of("manual.entered.sha", "by", "rater1", "comment", "BIM <模型> 已核查", "sha", "ab12");
        Messages.Rendered zh = M.render(m, Lang.ZH);
        assertEquals("rater1 录入：BIM <模型> 已核查［附件摘要 ab12］", zh.text());
        assertEquals(List.of("rater1", "BIM <模型> 已核查", "ab12"), zh.verbatim());
        assertEquals("<span class=\"code\">rater1</span> 录入：<span class=\"code quote\">BIM &lt;模型&gt; 已核查</span>［附件摘要 "
                + "<span class=\"code\">ab12</span>］", zh.html());
    }

    @Test
    void aMessageSurvivesJsonWithBothTextsAndItsVerbatimParts() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Msg m = Msg.of("system.devices", "ok", 1, "total", 2, "kind", "hoist", "devices", List.of(
                Msg.of("system.device.ok", "device", "HO-1", "why", Msg.of("dq.ok", "rate", 0.995, "gap", 12, "period", 10.0)),
                Msg.of("system.device.fails", "device", "HO-2", "why", Msg.of("dq.fails", "fails", List.of(Msg.of("dq.no_data"))))),
                "tails", List.of());
        String s = json.writeValueAsString(m);
        JsonNode n = json.readTree(s);
        assertEquals("system.devices", n.get("id").asText());
        assertEquals("2 台施工升降机中 1 台数据合格：HO-1 合格（在线率 99.5%，最长中断 12 分钟，上报周期 10.0 秒）；HO-2 不合格（评价期内无数据）",
                n.get("zh").asText());
        assertEquals("1 of 2 devices (hoist) deliver data: HO-1 ok (online 99.5 %, longest gap 12 min, period 10.0 s); HO-2 FAILS"
                + " (no data in the window)", n.get("en").asText());
        assertEquals("[\"HO-1\",\"HO-2\"]", n.get("verbatim").toString());
        assertEquals(m, json.readValue(s, Msg.class), "id and parameters come back as they were");
        Msg name = Msg.name("报警处置", "Alarm handling");
        assertEquals("{\"zh\":\"报警处置\",\"en\":\"Alarm handling\"}", json.writeValueAsString(name));
        assertEquals(name, json.readValue(json.writeValueAsString(name), Msg.class));
    }

    @Test
    void anUnknownIdIsSaidAsItsIdAndParameters() {
        assertEquals("future.message {n=3}", Msg.of("future.message", "n", 3).zh());
    }

    @Test
    void theLanguageIsZhOrEn() {
        assertEquals(Lang.ZH, Lang.of(null));
        assertEquals(Lang.ZH, Lang.of("zh-CN"));
        assertEquals(Lang.EN, Lang.of("EN"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lang.of("fr"));
        assertTrue(e.getMessage().startsWith("lang must be zh or en"), e.getMessage());
        assertFalse(M.ids(Lang.ZH).isEmpty());
    }
}

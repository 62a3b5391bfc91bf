package io.sitewatch.supervision.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The robots' message formats as their documentation gives them: WeCom's group robot (text with
 * {@code content} ≤ 2048 bytes and {@code mentioned_mobile_list}; markdown with {@code content} ≤
 * 4096 bytes) and DingTalk's custom robot (text with {@code content}, markdown with {@code title}
 * and {@code text}, {@code at.atMobiles} and {@code at.isAtAll}; the signed URL's timestamp and
 * sign); the generic webhook's body, headers and signature.
 */
class ChannelPayloadTest {

    static final JsonObject ALARM = new JsonObject().put("id", "A-1").put("siteId", "FZ-1").put("region", "350102")
            .put("deviceId", "TC1").put("kind", "tower_crane").put("level", "alarm").put("state", "active");

    static Message group(String lang) {
        return new Message(7, "6f1c1f0e-0000-3000-8000-000000000001", Message.ALARM_OPENED, "alarm", "A-1", "FZ-1", "350102",
                "robot", NotificationPlan.GROUP, null, lang, "【告警】测试工地 · 塔式起重机 TC1", "工地：测试工地 (FZ-1)\n级别：告警",
                ALARM.encode(), 0);
    }

    static Message person(String mobile) {
        return new Message(8, "6f1c1f0e-0000-3000-8000-000000000002", Message.ALARM_ESCALATION, "alarm", "A-1", "FZ-1", "350102",
                "robot", "李四", mobile, "zh", "【升级】告警 15 分钟无人确认 · 测试工地", "该告警已 15 分钟无人确认\n级别：告警",
                ALARM.encode(), 2);
    }

    @Test
    void weComTextHasOnlyTheDocumentedFieldsAndMentionsThePersonByMobile() {
        JsonObject p = WeComChannel.payload(person("13800001111"), "text");
        assertEquals(Set.of("msgtype", "text"), p.fieldNames());
        assertEquals("text", p.getString("msgtype"));
        JsonObject text = p.getJsonObject("text");
        assertEquals(Set.of("content", "mentioned_mobile_list"), text.fieldNames());
        assertEquals(new JsonArray().add("13800001111"), text.getJsonArray("mentioned_mobile_list"));
        assertTrue(text.getString("content").startsWith("【升级】告警 15 分钟无人确认 · 测试工地\n该告警已 15 分钟无人确认"),
                text.getString("content"));
        assertTrue(text.getString("content").endsWith("编号：6f1c1f0e-0000-3000-8000-000000000002"));

        JsonObject toGroup = WeComChannel.payload(group("zh"), "text");
        assertEquals(Set.of("content"), toGroup.getJsonObject("text").fieldNames(), "a group message mentions nobody");
    }

    @Test
    void weComMarkdownIsOneContentFieldWithTheTitleInBoldAndTheLinesQuoted() {
        JsonObject p = WeComChannel.payload(group("en"), "markdown");
        assertEquals(Set.of("msgtype", "markdown"), p.fieldNames());
        assertEquals("markdown", p.getString("msgtype"));
        JsonObject md = p.getJsonObject("markdown");
        assertEquals(Set.of("content"), md.fieldNames());
        assertEquals("**【告警】测试工地 · 塔式起重机 TC1**\n> 工地：测试工地 (FZ-1)\n> 级别：告警\n"
                + "<font color=\"comment\">Ref: 6f1c1f0e-0000-3000-8000-000000000001</font>", md.getString("content"));
        JsonObject toPerson = WeComChannel.payload(person("13800001111"), "markdown");
        assertTrue(toPerson.getJsonObject("markdown").getString("content").contains("> 致：李四\n"),
                "markdown cannot @ by mobile: the person is named");
    }

    @Test
    void weComContentIsCutToTheDocumentedBytesWithoutBreakingACharacter() {
        String longBody = "隐患".repeat(2000);
        Message m = new Message(1, "k", Message.HAZARD_OPENED, "hazard", "H", "S", "350102", "robot", NotificationPlan.GROUP,
                null, "zh", "标题", longBody, "{}", 0);
        String text = WeComChannel.payload(m, "text").getJsonObject("text").getString("content");
        String md = WeComChannel.payload(m, "markdown").getJsonObject("markdown").getString("content");
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 2048, "text ≤ 2048 bytes");
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length > 2040, "cut close to the limit");
        assertTrue(md.getBytes(StandardCharsets.UTF_8).length <= 4096, "markdown ≤ 4096 bytes");
        assertTrue(text.endsWith("…") && md.endsWith("…"));
        assertFalse(text.contains("\uFFFD"));
    }

    @Test
    void dingTalkTextCarriesAtWithTheMobileAlsoWrittenInTheContent() {
        JsonObject p = DingTalkChannel.payload(person("13800001111"), "text");
        assertEquals(Set.of("msgtype", "text", "at"), p.fieldNames());
        assertEquals("text", p.getString("msgtype"));
        assertEquals(Set.of("content"), p.getJsonObject("text").fieldNames());
        assertTrue(p.getJsonObject("text").getString("content").endsWith("\n@13800001111"));
        assertEquals(new JsonObject().put("atMobiles", new JsonArray().add("13800001111")).put("isAtAll", false),
                p.getJsonObject("at"));
        JsonObject toGroup = DingTalkChannel.payload(group("zh"), "text");
        assertEquals(new JsonObject().put("atMobiles", new JsonArray()).put("isAtAll", false), toGroup.getJsonObject("at"),
                "a group message @s nobody, never everybody");
    }

    @Test
    void dingTalkMarkdownHasTitleAndTextWithEmptyLinesBetweenLines() {
        JsonObject p = DingTalkChannel.payload(group("zh"), "markdown");
        assertEquals(Set.of("msgtype", "markdown", "at"), p.fieldNames());
        JsonObject md = p.getJsonObject("markdown");
        assertEquals(Set.of("title", "text"), md.fieldNames());
        assertEquals("【告警】测试工地 · 塔式起重机 TC1", md.getString("title"));
        assertEquals("#### 【告警】测试工地 · 塔式起重机 TC1\n\n> 工地：测试工地 (FZ-1)\n\n> 级别：告警\n\n"
                + "###### 编号：6f1c1f0e-0000-3000-8000-000000000001", md.getString("text"));
        String withMention = DingTalkChannel.payload(person("13800001111"), "markdown").getJsonObject("markdown").getString("text");
        assertTrue(withMention.contains("致：李四 @13800001111\n\n"), withMention);
    }

    @Test
    void dingTalkSignedUrlAddsTimestampAndTheUrlEncodedBase64HmacOfTimestampNewlineSecret() {
        // Computed independently: base64(HmacSHA256(key=secret, "1700000000000\n" + secret)).
        String url = DingTalkChannel.signedUrl("https://oapi.dingtalk.com/robot/send?access_token=T", "SEC0123456789abcdef",
                1_700_000_000_000L);
        assertEquals("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000"
                + "&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D", url);
        assertEquals("https://oapi.dingtalk.com/robot/send?access_token=T",
                DingTalkChannel.signedUrl("https://oapi.dingtalk.com/robot/send?access_token=T", null, 1L), "no secret: unsigned");
    }

    @Test
    void webhookBodyIsTheSameOnEveryAttemptAndTheSignatureCoversTimestampAndBody() {
        Message m = person("13800001111");
        JsonObject body = WebhookChannel.body(m);
        assertEquals(Set.of("idempotencyKey", "event", "lang", "title", "text", "recipient", "subjectKind", "subject"),
                body.fieldNames());
        assertEquals(m.key(), body.getString("idempotencyKey"));
        assertEquals(new JsonObject().put("name", "李四").put("address", "13800001111"), body.getJsonObject("recipient"));
        assertEquals(ALARM, body.getJsonObject("subject"));
        assertEquals(body, WebhookChannel.body(new Message(m.id(), m.key(), m.event(), m.subjectKind(), m.subjectId(), m.siteId(),
                m.region(), m.channel(), m.recipient(), m.address(), m.lang(), m.title(), m.body(), m.subject(), 5)));
        assertNull(WebhookChannel.body(group("zh")).getValue("recipient"));

        Map<String, String> h = WebhookChannel.headers(m, "{\"a\":1}", "whsec", 1_700_000_000_000L);
        assertEquals(m.key(), h.get("Idempotency-Key"));
        assertEquals("3", h.get("X-SiteWatch-Attempt"));
        assertEquals("1700000000000", h.get("X-SiteWatch-Timestamp"));
        // Computed independently: hex(HmacSHA256(key="whsec", "1700000000000." + body)).
        assertEquals("sha256=e396dba269569843ec61b16bf9a0e70c598b534678cf1863562e0699c7685c8d", h.get("X-SiteWatch-Signature"));
        assertFalse(WebhookChannel.headers(m, "{}", null, 1L).containsKey("X-SiteWatch-Signature"), "no secret: unsigned");
    }
}

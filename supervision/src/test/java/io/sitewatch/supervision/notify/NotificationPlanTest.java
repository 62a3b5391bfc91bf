package io.sitewatch.supervision.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.config.Notifications;
import io.sitewatch.core.config.Notifications.Channel;
import io.sitewatch.core.config.Notifications.OnCall;
import io.sitewatch.core.config.Notifications.Route;
import io.sitewatch.core.region.Regions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who is told what, in which language, under which idempotency key. */
class NotificationPlanTest {

    static Channel webhook() {
        return new Channel("webhook", "https://hooks.example.org/sitewatch", null, null, null, null, null, null, null, null, null, null);
    }

    static Channel mail() {
        return new Channel("smtp", null, null, null, "mail.example.org", 587, null, null, "sitewatch@example.org", null,
                List.of("duty@example.org"), null);
    }

    static final Notifications CONFIG = new Notifications(List.of("alarm"), 15, List.of("major"),
            Map.of("fz-robot", webhook(), "xm-robot", webhook(), "mail", mail()),
            List.of(new Route(List.of("350100"), List.of("fz-robot"), "zh", null),
                    new Route(List.of("350200"), List.of("xm-robot"), "en", null),
                    new Route(List.of(), List.of("mail"), "en", List.of("alarm_escalation", "hazard_overdue"))),
            Map.of("350102", List.of(new OnCall("张三", "fz-robot", null, null, "13800000001"),
                            new OnCall("Li Si", "mail", "en", "lisi@example.org", "13800000002")),
                    "350000", List.of(new OnCall("省值班", "fz-robot", null, null, null))),
            null).validate();

    static final NotificationPlan PLAN = new NotificationPlan(CONFIG, new MessageText(new TestRegistry(), Regions.bundled()));

    static JsonObject change(String transition, String level, String state) {
        return new JsonObject().put("id", "A-1").put("siteId", "FZ-1").put("region", "350102").put("deviceId", "TC1")
                .put("kind", "tower_crane").put("rule", "tower_crane.moment").put("metric", "moment_pct").put("level", level)
                .put("state", state).put("value", 103.0).put("threshold", 100.0).put("startTs", 1_767_232_800_000L)
                .put("detail", "moment_pct 103 ≥ 100 for 2 samples").put("detailZh", "力矩百分比 103% ≥ 100%，连续 2 个采样")
                .put("transition", transition).put("at", 1_767_232_801_000L);
    }

    @Test
    void anOpenedAlarmGoesToTheRoutesOfItsRegionAndTheFirstOnCallPerson() {
        List<Message> m = PLAN.alarmChange(change("raised", "alarm", "active"));
        assertEquals(2, m.size(), m.toString());
        Message group = m.get(0);
        assertEquals("fz-robot", group.channel());
        assertEquals(NotificationPlan.GROUP, group.recipient());
        assertEquals("zh", group.lang());
        assertEquals("【告警】测试工地 · 塔式起重机 1号塔吊 TC1", group.title());
        assertEquals("""
                工地：测试工地 (FZ-1)，鼓楼区 350102
                设备：塔式起重机 1号塔吊 TC1
                级别：告警
                规则：tower_crane.moment
                情况：力矩百分比 103% ≥ 100%，连续 2 个采样
                开始：2026-01-01 10:00 (UTC+08:00)
                告警编号：A-1""", group.body());
        Message first = m.get(1);
        assertEquals("张三", first.recipient());
        assertEquals("13800000001", first.address());
        assertEquals(Message.ALARM_OPENED, first.event());
        assertEquals("A-1", new JsonObject(first.subject()).getString("id"));
        assertTrue(PLAN.startsEscalation(change("raised", "alarm", "active")), "someone comes after the first person");
    }

    @Test
    void warningsAndOtherTransitionsSendNothingByDefault() {
        assertEquals(List.of(), PLAN.alarmChange(change("raised", "warning", "active")));
        assertEquals(List.of(), PLAN.alarmChange(change("acknowledged", "alarm", "acknowledged")));
        assertEquals(List.of(), PLAN.alarmChange(change("cleared", "alarm", "cleared")));
        assertEquals(List.of(), PLAN.alarmChange(change("disposed", "alarm", "active")));
        assertFalse(PLAN.startsEscalation(change("raised", "warning", "active")));
        assertTrue(NotificationPlan.endsEscalation(change("acknowledged", "alarm", "acknowledged")));
        assertTrue(NotificationPlan.endsEscalation(change("cleared", "alarm", "cleared")));
        // A warning that rises to an alarm opens it at a notified level.
        assertEquals(2, PLAN.alarmChange(change("escalated", "alarm", "active")).size());
    }

    @Test
    void theSameChangeGivesTheSameKeysAndEachRecipientItsOwn() {
        List<Message> a = PLAN.alarmChange(change("raised", "alarm", "active"));
        List<Message> b = PLAN.alarmChange(change("escalated", "alarm", "active"));
        assertEquals(a.stream().map(Message::key).toList(), b.stream().map(Message::key).toList(),
                "raised and risen to alarm are the same opening: one message each");
        assertNotEquals(a.get(0).key(), a.get(1).key());
        assertTrue(a.get(0).key().matches("[0-9a-f-]{36}"), "ASCII, fit for a header");
    }

    @Test
    void anEscalationStepGoesToThatPersonInTheirLanguageAndToRoutesThatAskForEscalations() {
        List<Message> m = PLAN.escalation(change("raised", "alarm", "active"), 1, 15);
        assertEquals(2, m.size(), m.toString());
        Message person = m.get(0);
        assertEquals("Li Si", person.recipient());
        assertEquals("mail", person.channel());
        assertEquals("lisi@example.org", person.address(), "an SMTP channel reaches the person by mail");
        assertEquals("en", person.lang());
        assertEquals("Escalation: alarm unacknowledged for 15 min · 测试工地", person.title());
        assertTrue(person.body().startsWith("Nobody has acknowledged this alarm for 15 minutes; you are number 2 on the on-call list"),
                person.body());
        assertTrue(person.body().contains("Site: 测试工地 (FZ-1), Gulou 350102"), person.body());
        assertEquals(NotificationPlan.GROUP, m.get(1).recipient());
        assertEquals("mail", m.get(1).channel());
        assertEquals(List.of(), PLAN.escalation(change("raised", "alarm", "active"), 2, 30), "the list has two people");
    }

    @Test
    void theOnCallListIsTheRegionsOwnElseItsCitysElseItsProvinces() {
        assertEquals("张三", PLAN.onCallOf("350102").get(0).name());
        assertEquals("省值班", PLAN.onCallOf("350203").get(0).name(), "Xiamen has no list: Fujian's");
        assertEquals(List.of(), PLAN.onCallOf("110101"));
        JsonObject xiamen = change("raised", "alarm", "active").put("region", "350203");
        List<Message> m = PLAN.alarmChange(xiamen);
        assertEquals(List.of("xm-robot", "fz-robot"), m.stream().map(Message::channel).toList());
        assertEquals("en", m.get(0).lang());
        assertFalse(PLAN.startsEscalation(xiamen), "one person on the list: nobody to escalate to");
    }

    @Test
    void aMajorHazardOpeningAndAnyHazardFallingOverdueAreNotified() {
        JsonObject h = new JsonObject().put("hazardId", "H-1").put("siteId", "FZ-1").put("region", "350102").put("level", "major")
                .put("category", "起重机械").put("clause", "第八条(一)").put("text", "塔吊未办理使用登记").put("transition", "opened")
                .put("state", "open").put("deadlineTs", 1_767_319_200_000L).put("ts", 1_767_232_800_000L).put("by", "sitewatch");
        List<Message> opened = PLAN.hazardChange(h);
        assertEquals(1, opened.size());
        assertEquals(Message.HAZARD_OPENED, opened.get(0).event());
        assertEquals("【重大事故隐患】测试工地", opened.get(0).title());
        assertTrue(opened.get(0).body().contains("判定依据：第八条(一)\n类别：起重机械\n情况：塔吊未办理使用登记\n整改期限：2026-01-02 10:00 (UTC+08:00)"),
                opened.get(0).body());
        assertEquals(List.of(), PLAN.hazardChange(h.copy().put("level", "general")), "a general hazard's opening is not notified");
        List<Message> overdue = PLAN.hazardChange(h.copy().put("level", "general").put("transition", "overdue"));
        assertEquals(List.of("fz-robot", "mail"), overdue.stream().map(Message::channel).toList());
        assertEquals("Overdue: hazard not rectified in time · 测试工地", overdue.get(1).title());
        List<Message> again = PLAN.hazardChange(h.copy().put("transition", "overdue").put("deadlineTs", 1_767_900_000_000L));
        assertNotEquals(overdue.get(0).key(), again.get(0).key(), "overdue again after a new deadline: a new message");
        assertEquals(List.of(), PLAN.hazardChange(h.copy().put("transition", "rectified")));
    }

    @Test
    void warningsAreToldWhenTheConfigurationAsks() {
        Notifications withWarnings = new Notifications(List.of("alarm", "warning"), 15, null, CONFIG.channels(), CONFIG.routes(),
                CONFIG.onCall(), null).validate();
        NotificationPlan plan = new NotificationPlan(withWarnings, new MessageText(new TestRegistry(), Regions.bundled()));
        List<Message> warning = plan.alarmChange(change("raised", "warning", "active"));
        assertEquals(2, warning.size());
        assertTrue(warning.get(0).title().startsWith("【预警】"), warning.get(0).title());
        List<Message> risen = plan.alarmChange(change("escalated", "alarm", "active"));
        assertNotEquals(warning.get(0).key(), risen.get(0).key(), "rising to alarm level is told again");
    }

    @Test
    void aWarningLettersIssueIsToldToTheRoutesOfItsRegionOnce() {
        JsonObject l = new JsonObject().put("letterId", "WL-000001").put("scope", "project").put("targetId", "FZ-1").put("targetName", "测试工地")
                .put("region", "350102").put("siteIds", new io.vertx.core.json.JsonArray().add("FZ-1")).put("title", "安全生产风险警示函")
                .put("transition", "issued").put("state", "issued").put("deadlineTs", 1_767_319_200_000L).put("ts", 1_767_232_800_000L)
                .put("by", "fz");
        List<Message> issued = PLAN.letterChange(l);
        // the Fuzhou route (default events) only; the mail route carries other events, Xiamen's another region
        assertEquals(List.of("fz-robot"), issued.stream().map(Message::channel).toList());
        Message m = issued.get(0);
        assertEquals(Message.LETTER_ISSUED, m.event());
        assertEquals("letter", m.subjectKind());
        assertEquals("FZ-1", m.siteId());
        assertEquals("【警示函】测试工地", m.title());
        assertTrue(m.body().contains("函件：安全生产风险警示函\n回复期限：2026-01-02 10:00 (UTC+08:00)\n函件编号：WL-000001"), m.body());
        assertEquals(m.key(), PLAN.letterChange(l.copy()).get(0).key(), "the same issue told twice is one message");
        for (String t : List.of("drafted", "answered", "returned", "closed", "withdrawn")) {
            assertEquals(List.of(), PLAN.letterChange(l.copy().put("transition", t)), t + " is not told");
        }
    }
}

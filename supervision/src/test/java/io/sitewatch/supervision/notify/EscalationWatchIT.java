package io.sitewatch.supervision.notify;

import io.sitewatch.platform.time.VirtualTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.core.config.Notifications;
import io.sitewatch.core.config.Notifications.Channel;
import io.sitewatch.core.config.Notifications.OnCall;
import io.sitewatch.core.config.Notifications.Route;
import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.region.Regions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Escalation on a virtual clock over a real PostgreSQL: the first on-call person is told at the
 * opening, the second after 15 minutes without acknowledgement, the third 15 minutes later; an
 * acknowledgement or a clearing stops it, and a restart (a new watch on the same database) resumes.
 */
class EscalationWatchIT {

    static final long T0 = Instant.parse("2026-03-02T01:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    static final Notifications CONFIG = new Notifications(List.of("alarm"), 15, null,
            Map.of("robot", new Channel("webhook", "http://127.0.0.1:9/hook", null, null, null, null, null, null, null, null, null,
                    null)),
            List.of(new Route(List.of("350100"), List.of("robot"), null, null)),
            Map.of("350102", List.of(new OnCall("张三", "robot", null, null, "13800000001"),
                    new OnCall("李四", "robot", null, null, "13800000002"),
                    new OnCall("Wang Wu", "robot", "en", null, "13800000003"))),
            null).validate();

    /** The alarms' port as the escalation reads it: states set by the test. */
    static final class States implements AlarmQueries {
        final Map<String, String> state = new ConcurrentHashMap<>();

        @Override
        public List<StartedAlarm> startedIn(String siteId, Instant from, Instant to) {
            return List.of();
        }

        @Override
        public String stateOf(String alarmId) {
            return state.get(alarmId);
        }
    }

    PGSimpleDataSource ds;
    VirtualTime time;
    States alarms;
    NotificationPlan plan;
    NotificationIntake intake;
    NotifyMetrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        ds = NotifyDb.create();
        time = new VirtualTime(T0);
        alarms = new States();
        plan = new NotificationPlan(CONFIG, new MessageText(new TestRegistry(), Regions.bundled()));
        metrics = new NotifyMetrics(new SimpleMeterRegistry());
        intake = new NotificationIntake(ds, plan, metrics);
    }

    static JsonObject change(String id, String transition, String state, long at) {
        return new JsonObject().put("id", id).put("siteId", "FZ-1").put("region", "350102").put("deviceId", "TC1")
                .put("kind", "tower_crane").put("rule", "tower_crane.moment").put("level", "alarm").put("state", state)
                .put("startTs", at - 5000).put("detail", "moment_pct 103 ≥ 100").put("transition", transition).put("at", at);
    }

    EscalationWatch watch() {
        EscalationWatch w = new EscalationWatch(ds, plan, alarms, metrics, time, time, Runnable::run, 10_000);
        w.start();
        return w;
    }

    void open(String id) throws Exception {
        alarms.state.put(id, "active");
        intake.apply(intake.alarmJob(change(id, "raised", "active", time.millis()), time.millis()), time.millis());
    }

    List<String> toldPeople(String id) throws Exception {
        return NotifyDb.column(ds, "SELECT recipient FROM notification_outbox WHERE subject_id = '" + id
                + "' AND recipient <> 'group' ORDER BY id");
    }

    @Test
    void theSecondPersonIsToldAfterFifteenMinutesAndTheThirdFifteenLater() throws Exception {
        open("A-1");
        watch();
        assertEquals(List.of("张三"), toldPeople("A-1"), "the first person at the opening");
        time.advanceTo(T0 + 15 * MIN - 1000);
        assertEquals(List.of("张三"), toldPeople("A-1"), "not before 15 minutes");
        time.advanceTo(T0 + 15 * MIN);
        assertEquals(List.of("张三", "李四"), toldPeople("A-1"), "the second person at 15 minutes");
        assertEquals("alarm_escalation", NotifyDb.column(ds,
                "SELECT event FROM notification_outbox WHERE recipient = '李四'").get(0));
        assertEquals("【升级】告警 15 分钟无人确认 · 测试工地", NotifyDb.column(ds,
                "SELECT title FROM notification_outbox WHERE recipient = '李四'").get(0));
        time.advanceTo(T0 + 30 * MIN);
        assertEquals(List.of("张三", "李四", "Wang Wu"), toldPeople("A-1"));
        assertEquals("Escalation: alarm unacknowledged for 30 min · 测试工地", NotifyDb.column(ds,
                "SELECT title FROM notification_outbox WHERE recipient = 'Wang Wu'").get(0));
        assertEquals(0, NotifyDb.count(ds, "SELECT count(*) FROM notification_escalation"), "the list has ended");
        time.advanceTo(T0 + 90 * MIN);
        assertEquals(3, toldPeople("A-1").size(), "nobody told twice");
        assertEquals(1, NotifyDb.count(ds, "SELECT count(*) FROM notification_outbox WHERE recipient = 'group'"),
                "the route sees the opening only (escalations are not among its events): "
                        + NotifyDb.column(ds, "SELECT event FROM notification_outbox WHERE recipient = 'group'"));
    }

    @Test
    void anAcknowledgementStopsTheEscalation() throws Exception {
        open("A-2");
        watch();
        time.advanceTo(T0 + 15 * MIN);
        assertEquals(List.of("张三", "李四"), toldPeople("A-2"));
        alarms.state.put("A-2", "acknowledged");
        intake.apply(intake.alarmJob(change("A-2", "acknowledged", "acknowledged", time.millis()), time.millis()), time.millis());
        assertEquals(0, NotifyDb.count(ds, "SELECT count(*) FROM notification_escalation"));
        time.advanceTo(T0 + 60 * MIN);
        assertEquals(List.of("张三", "李四"), toldPeople("A-2"), "nobody more after the acknowledgement");
    }

    @Test
    void anAcknowledgementTheTriggerMissedStillStopsIt() throws Exception {
        open("A-3");
        watch();
        // Acknowledged on another instance or while this one was down: only the alarms' port knows.
        alarms.state.put("A-3", "acknowledged");
        time.advanceTo(T0 + 20 * MIN);
        assertEquals(List.of("张三"), toldPeople("A-3"));
        assertEquals(0, NotifyDb.count(ds, "SELECT count(*) FROM notification_escalation"));
    }

    @Test
    void aClearedAlarmIsNotEscalated() throws Exception {
        open("A-4");
        watch();
        time.advanceTo(T0 + 5 * MIN);
        alarms.state.put("A-4", "cleared");
        intake.apply(intake.alarmJob(change("A-4", "cleared", "cleared", time.millis()), time.millis()), time.millis());
        time.advanceTo(T0 + 40 * MIN);
        assertEquals(List.of("张三"), toldPeople("A-4"));
    }

    @Test
    void aRestartResumesWhereTheLastWatchStopped() throws Exception {
        open("A-5");
        EscalationWatch first = watch();
        time.advanceTo(T0 + 15 * MIN);
        assertEquals(List.of("张三", "李四"), toldPeople("A-5"));
        first.stop();
        time.advanceTo(T0 + 25 * MIN);
        watch();
        time.advanceTo(T0 + 29 * MIN);
        assertEquals(List.of("张三", "李四"), toldPeople("A-5"), "the third is due 15 minutes after the second, not before");
        time.advanceTo(T0 + 30 * MIN);
        assertEquals(List.of("张三", "李四", "Wang Wu"), toldPeople("A-5"));
    }

    @Test
    void theSameChangeTwiceQueuesItsMessagesOnce() throws Exception {
        open("A-6");
        open("A-6");
        assertEquals(List.of("张三"), toldPeople("A-6"));
        assertEquals(1, NotifyDb.count(ds, "SELECT count(*) FROM notification_outbox WHERE subject_id = 'A-6' AND recipient = 'group'"));
    }
}

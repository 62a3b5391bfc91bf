package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.Notifications;
import io.sitewatch.core.config.Notifications.Channel;
import io.sitewatch.core.config.Notifications.Delivery;
import io.sitewatch.core.config.Notifications.OnCall;
import io.sitewatch.core.config.Notifications.Route;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ShiftedClock;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end, with the real broker and database and a local webhook receiver (a
 * Vert.x HTTP server in the test): an alarm raised over MQTT is delivered exactly once by its
 * idempotency key although the receiver fails the first three attempts and the service restarts
 * between them; and, on a moved clock, an alarm nobody acknowledges reaches the second on-call
 * person after 15 minutes, while an acknowledged one goes no further.
 */
class NotificationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the receiver got. */
    record Received(String key, int attempt, int status, JsonObject body) {
    }

    private Vertx receiverVertx;
    private HttpServer receiver;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiverVertx = Vertx.vertx();
        receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
            received.add(new Received(req.getHeader("Idempotency-Key"), Integer.parseInt(req.getHeader("X-SiteWatch-Attempt")),
                    status, b.toJsonObject()));
            req.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        receiverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private SiteWatchConfig config(String db, String clientId, Notifications n) {
        SiteWatchConfig base = ServiceFixture.config(db, TestBroker.shared().url(), clientId, Map.of());
        return new SiteWatchConfig(base.http(), base.mqtt(), base.database(), base.ingest(), base.auth(), base.fleetFile(),
                base.alarms(), n).validate();
    }

    private Channel hook() {
        return new Channel("webhook", "http://127.0.0.1:" + receiver.actualPort() + "/hook", "test-secret", null, null, null,
                null, null, null, null, null, 2000);
    }

    private static SiteWatchService start(SiteWatchConfig cfg, Clock clock) throws Exception {
        SiteWatchService s = Components.service(cfg, clock).start();
        ServiceFixture.awaitConnected(s);
        return s;
    }

    /** A site in 鼓楼区 (350102) with a tower crane that reports once a day, so no silence alarm comes of moving the clock. */
    private static void register(int port, String site, String... cranes) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/sites/" + site, ADMIN, """
                {"name":"通知测试工地","region":"350102","enterprise":{"code":"91350100TEST","name":"测试建设公司"},"kind":"building"}"""));
        for (String d : cranes) {
            expect(200, http(port, "PUT", "/api/v1/devices/" + d, ADMIN,
                    "{\"siteId\":\"" + site + "\",\"kind\":\"tower_crane\",\"name\":\"" + d + "\",\"periodS\":86400}"));
        }
    }

    /** Two samples over the rated moment: a moment alarm at alarm level. */
    private static void overload(TestDevices dev, String site, String device, long ts) throws Exception {
        dev.publish("sitewatch/v1/" + site + "/" + device + "/telemetry", "{\"ts\":" + ts + ",\"values\":{\"moment_pct\":104}}", 1);
        dev.publish("sitewatch/v1/" + site + "/" + device + "/telemetry", "{\"ts\":" + (ts + 10_000) + ",\"values\":{\"moment_pct\":106}}", 1);
    }

    private static String momentAlarm(SiteWatchService s, String device) throws Exception {
        for (JsonNode a : JSON.readTree(http(s.httpPort(), "GET", "/api/v1/alarms?state=all&device=" + device, ADMIN, null).body())
                .get("items")) {
            if ("tower_crane.moment".equals(a.get("rule").asText())) {
                return a.get("id").asText();
            }
        }
        return null;
    }

    private List<Received> receivedFor(String alarmId) {
        synchronized (received) {
            return received.stream().filter(r -> alarmId.equals(r.body().getJsonObject("subject").getString("id"))).toList();
        }
    }

    private List<String> peopleToldOf(String alarmId) {
        return receivedFor(alarmId).stream().map(r -> r.body().getJsonObject("recipient"))
                .map(p -> p == null ? "group" : p.getString("name")).toList();
    }

    @Test
    void aWebhookThatFailsThreeTimesGetsTheAlarmExactlyOnceAcrossARestart() throws Exception {
        String db = TestPostgres.newDatabase();
        failFirst.set(3);
        Notifications n = new Notifications(null, null, null, Map.of("hook", hook()),
                List.of(new Route(List.of("350100"), List.of("hook"), "zh", null)), null,
                new Delivery(6, 1500L, 2500L, null, 100L, 2000L, 10_000L));
        SiteWatchConfig cfg = config(db, "notify-restart-it", n);
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "notify-restart-device")) {
            SiteWatchService first = start(cfg, Clock.systemUTC());
            String alarm;
            try {
                register(first.httpPort(), "NT", "NT-TC1");
                overload(dev, "NT", "NT-TC1", System.currentTimeMillis() - 60_000);
                ServiceFixture.awaitQuery("the alarm raised", Duration.ofSeconds(15), () -> momentAlarm(first, "NT-TC1") != null);
                alarm = momentAlarm(first, "NT-TC1");
                ServiceFixture.await("two failed attempts", Duration.ofSeconds(20), () -> receivedFor(alarm).size() >= 2);
            } finally {
                first.close();
            }
            assertTrue(receivedFor(alarm).stream().allMatch(r -> r.status() == 500), "nothing taken before the restart");

            SiteWatchService second = start(cfg, Clock.systemUTC());
            try {
                ServiceFixture.awaitQuery("sent after the restart", Duration.ofSeconds(30), () -> ServiceFixture.queryLong(db,
                        "SELECT count(*) FROM notification_outbox WHERE subject_id = '" + alarm + "' AND state = 'sent'") == 1);
                List<Received> got = receivedFor(alarm);
                assertEquals(List.of(500, 500, 500, 200), got.stream().map(Received::status).toList());
                assertEquals(List.of(1, 2, 3, 4), got.stream().map(Received::attempt).toList(),
                        "the attempts counted on from the database after the restart");
                assertEquals(1, got.stream().map(Received::key).distinct().count(), "one idempotency key: " + got);
                assertEquals(got.get(0).key(), got.get(0).body().getString("idempotencyKey"));
                assertEquals(1, got.stream().filter(r -> r.status() == 200).count(), "taken exactly once");
                assertEquals(got.get(0).body(), got.get(3).body(), "the same message each time");
                JsonObject body = got.get(3).body();
                assertEquals("alarm_opened", body.getString("event"));
                assertEquals("【告警】通知测试工地 · 塔式起重机 NT-TC1", body.getString("title"));
                assertEquals("alarm", body.getJsonObject("subject").getString("level"));

                // The admin's view of the outbox, and its refusals.
                JsonNode list = JSON.readTree(http(second.httpPort(), "GET", "/api/v1/notifications?state=sent", ADMIN, null).body());
                JsonNode item = list.get("items").get(0);
                assertEquals(alarm, item.get("subjectId").asText());
                assertEquals(4, item.get("attempts").asInt());
                assertEquals("已送达", item.get("stateName").get("zh").asText());
                assertEquals("alarm opened", item.get("eventName").get("en").asText());
                assertEquals(1, list.get("counts").get("sent").asInt());
                var bad = http(second.httpPort(), "GET", "/api/v1/notifications?state=lost", ADMIN, null);
                assertEquals(400, bad.statusCode());
                assertTrue(bad.body().contains("state must be queued, sent, failed or all"), bad.body());
                assertEquals(403, http(second.httpPort(), "GET", "/api/v1/notifications", REG_FUZHOU, null).statusCode());
                String metrics = http(second.httpPort(), "GET", "/metrics", null, null).body();
                assertTrue(metrics.contains("sitewatch_notifications_sent_total{channel=\"hook\""), "sent counted");
                assertTrue(metrics.contains("sitewatch_notifications_failed_total{channel=\"hook\",outcome=\"retry\""), "failures counted");
            } finally {
                second.close();
            }
        }
    }

    @Test
    void anUnacknowledgedAlarmReachesTheSecondOnCallPersonAfterFifteenMinutesAndAnAcknowledgedOneStops() throws Exception {
        String db = TestPostgres.newDatabase();
        Notifications n = new Notifications(null, 15, null, Map.of("hook", hook()), List.of(),
                Map.of("350100", List.of(new OnCall("张三", "hook", null, null, "13800000001"),
                        new OnCall("李四", "hook", null, null, "13800000002"),
                        new OnCall("Wang Wu", "hook", "en", null, "13800000003"))),
                new Delivery(null, 200L, 1000L, null, 100L, 2000L, 10_000L));
        ShiftedClock clock = new ShiftedClock(Instant.now());
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "notify-escalation-device");
             SiteWatchService s = start(config(db, "notify-escalation-it", n), clock)) {
            int port = s.httpPort();
            register(port, "NE", "NE-TC1", "NE-TC2");
            overload(dev, "NE", "NE-TC1", clock.millis() - 30_000);
            ServiceFixture.awaitQuery("alarm X raised", Duration.ofSeconds(15), () -> momentAlarm(s, "NE-TC1") != null);
            String x = momentAlarm(s, "NE-TC1");
            ServiceFixture.await("the first person told of X", Duration.ofSeconds(15), () -> peopleToldOf(x).equals(List.of("张三")));

            clock.moveTo(clock.instant().plus(Duration.ofMinutes(15)));
            ServiceFixture.await("the second person told of X after 15 minutes", Duration.ofSeconds(15),
                    () -> peopleToldOf(x).equals(List.of("张三", "李四")));
            JsonObject escalation = receivedFor(x).get(1).body();
            assertEquals("alarm_escalation", escalation.getString("event"));
            assertEquals("13800000002", escalation.getJsonObject("recipient").getString("address"));
            assertTrue(escalation.getString("title").startsWith("【升级】告警 15 分钟无人确认"), escalation.getString("title"));

            expect(200, http(port, "POST", "/api/v1/alarms/" + x + "/ack", REG_FUZHOU, "{\"comment\":\"已通知现场停止吊装\"}"));
            ServiceFixture.awaitQuery("X's escalation ended", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(db,
                    "SELECT count(*) FROM notification_escalation WHERE alarm_id = '" + x + "'") == 0);

            // A second alarm, left unacknowledged: its escalation shows the watch ran after the clock moved again.
            overload(dev, "NE", "NE-TC2", clock.millis() - 30_000);
            ServiceFixture.awaitQuery("alarm Y raised", Duration.ofSeconds(15), () -> momentAlarm(s, "NE-TC2") != null);
            String y = momentAlarm(s, "NE-TC2");
            ServiceFixture.await("the first person told of Y", Duration.ofSeconds(15), () -> peopleToldOf(y).equals(List.of("张三")));
            clock.moveTo(clock.instant().plus(Duration.ofMinutes(15)));
            ServiceFixture.await("the second person told of Y", Duration.ofSeconds(15),
                    () -> peopleToldOf(y).equals(List.of("张三", "李四")));
            assertEquals(List.of("张三", "李四"), peopleToldOf(x), "X was acknowledged: the third person is not told");
        }
    }

    @Test
    void theLedgersHazardEventsAreToldWhenAMajorOneOpensAndWhenOneFallsOverdue() throws Exception {
        String db = TestPostgres.newDatabase();
        Notifications n = new Notifications(null, null, null, Map.of("hook", hook()),
                List.of(new Route(List.of("350100"), List.of("hook"), "en", null)), null,
                new Delivery(null, 200L, 1000L, null, 100L, 2000L, 10_000L));
        try (SiteWatchService s = start(config(db, "notify-hazard-it", n), Clock.systemUTC())) {
            register(s.httpPort(), "NH");
            JsonObject opened = new JsonObject().put("hazardId", "HZ-1").put("siteId", "NH").put("region", "350102")
                    .put("level", "major").put("category", "深基坑").put("clause", "第五条(四)1").put("text", "支护结构变形超设计控制值未处置")
                    .put("transition", "opened").put("state", "open").put("deadlineTs", 1_767_319_200_000L)
                    .put("ts", 1_767_232_800_000L).put("by", "sitewatch");
            // As the ledger publishes them: a general hazard's opening is not told, its overdue is; a JSON text is read too.
            s.vertx().eventBus().publish("sitewatch.hazards", opened.copy().put("hazardId", "HZ-2").put("level", "general"));
            s.vertx().eventBus().publish("sitewatch.hazards", opened);
            s.vertx().eventBus().publish("sitewatch.hazards",
                    opened.copy().put("hazardId", "HZ-2").put("level", "general").put("transition", "overdue").encode());
            ServiceFixture.await("both told", Duration.ofSeconds(15), () -> received.size() == 2);
            ServiceFixture.awaitQuery("both sent", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(db,
                    "SELECT count(*) FROM notification_outbox WHERE state = 'sent'") == 2);
            Map<String, JsonObject> byEvent = new java.util.HashMap<>();
            received.forEach(r -> byEvent.put(r.body().getString("event"), r.body()));
            assertEquals("Major accident hazard: 通知测试工地", byEvent.get("hazard_opened").getString("title"));
            assertTrue(byEvent.get("hazard_opened").getString("text").contains("Clause: 第五条(四)1"));
            assertEquals("HZ-1", byEvent.get("hazard_opened").getJsonObject("subject").getString("hazardId"));
            assertEquals("Overdue: hazard not rectified in time · 通知测试工地", byEvent.get("hazard_overdue").getString("title"));
            assertEquals("HZ-2", byEvent.get("hazard_overdue").getJsonObject("subject").getString("hazardId"));
        }
    }
}

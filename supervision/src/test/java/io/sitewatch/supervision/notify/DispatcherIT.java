package io.sitewatch.supervision.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.core.config.Notifications;
import io.sitewatch.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The dispatcher against local receivers (a Vert.x HTTP server in the test) and a real PostgreSQL:
 * retries with doubling waits until the receiver takes the message, always under the same key; a
 * robot's refusal (errcode) is a failure; after maxAttempts the message is kept as failed; a channel
 * that does not answer holds up nothing but its own messages.
 */
class DispatcherIT {

    static final Notifications.Delivery DELIVERY = new Notifications.Delivery(5, 100L, 1000L, 20, 30L, 400L, 5000L);

    record Hit(long at, String path, String key, String query, JsonObject body) {
    }

    Vertx vertx;
    HttpServer server;
    PGSimpleDataSource ds;
    Outbox outbox;
    final List<Hit> hits = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger hookCalls = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        ds = NotifyDb.create();
        outbox = new Outbox(ds);
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::receive).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** /flaky fails three times then takes; /wecom-ok and /ding-ok answer as robots do; /refuse is a robot saying no; /dead never answers. */
    private void receive(HttpServerRequest req) {
        if (req.path().equals("/dead")) {
            return;
        }
        req.body().onSuccess(b -> {
            hits.add(new Hit(System.currentTimeMillis(), req.path(), req.getHeader("Idempotency-Key"), req.query(),
                    b.length() == 0 ? null : b.toJsonObject()));
            switch (req.path()) {
                case "/flaky" -> req.response().setStatusCode(hookCalls.incrementAndGet() <= 3 ? 500 : 200).end("{}");
                case "/always500" -> req.response().setStatusCode(500).end("upstream down");
                case "/refuse" -> req.response().end("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}");
                default -> req.response().end("{\"errcode\":0,\"errmsg\":\"ok\"}");
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void deploy(Map<String, Notifications.Channel> config) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(400)).build();
        Map<String, Channel> channels = new LinkedHashMap<>();
        config.forEach((id, c) -> channels.put(id, Channel.of(c, http)));
        vertx.deployVerticle(new Dispatcher(outbox, channels, DELIVERY, new NotifyMetrics(new SimpleMeterRegistry()),
                        InstantSource.system()),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName("test-dispatch").setWorkerPoolSize(1))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Notifications.Channel channel(String type, String url, String secret, String msgtype) {
        return new Notifications.Channel(type, url, secret, msgtype, null, null, null, null, null, null, null, 400);
    }

    static Message message(String key, String channel) {
        return new Message(0, key, Message.ALARM_OPENED, "alarm", "A-1", "FZ-1", "350102", channel, NotificationPlan.GROUP, null,
                "zh", "【告警】测试工地", "工地：测试工地 (FZ-1)", new JsonObject().put("id", "A-1").encode(), 0);
    }

    List<Hit> hitsOn(String path) {
        synchronized (hits) {
            return hits.stream().filter(h -> h.path().equals(path)).toList();
        }
    }

    String state(String key) throws Exception {
        return NotifyDb.column(ds, "SELECT state || ' ' || attempts FROM notification_outbox WHERE idempotency_key = '" + key + "'").get(0);
    }

    @Test
    void failuresAreRetriedWithDoublingWaitsUntilTakenAlwaysUnderTheSameKey() throws Exception {
        outbox.enqueue(List.of(message("key-flaky", "hook")), System.currentTimeMillis());
        deploy(Map.of("hook", channel("webhook", url("/flaky"), null, null)));
        Await.untilChecked("sent on the fourth attempt", Duration.ofSeconds(15), () -> state("key-flaky").equals("sent 4"));
        List<Hit> h = hitsOn("/flaky");
        assertEquals(4, h.size(), "three failures and the one that took");
        assertTrue(h.stream().allMatch(x -> "key-flaky".equals(x.key()) && "key-flaky".equals(x.body().getString("idempotencyKey"))));
        assertEquals(h.get(0).body(), h.get(3).body(), "the same body every time");
        // Waits of 100, 200 and 400 ms (the database's clock and the receiver's are the same machine's).
        for (int i = 1; i < 4; i++) {
            long gap = h.get(i).at() - h.get(i - 1).at();
            assertTrue(gap >= (100L << (i - 1)) - 10, "wait " + i + " was " + gap + " ms");
        }
    }

    @Test
    void afterMaxAttemptsTheMessageIsKeptAsFailedWithTheLastError() throws Exception {
        outbox.enqueue(List.of(message("key-down", "down")), System.currentTimeMillis());
        deploy(Map.of("down", channel("webhook", url("/always500"), null, null)));
        Await.untilChecked("given up", Duration.ofSeconds(15), () -> state("key-down").equals("failed 5"));
        assertEquals("HTTP 500: upstream down", NotifyDb.column(ds,
                "SELECT last_error FROM notification_outbox WHERE idempotency_key = 'key-down'").get(0));
        assertEquals(5, hitsOn("/always500").size());
        assertEquals(List.of(), outbox.take(System.currentTimeMillis() + 60_000, System.currentTimeMillis() + 70_000, 10),
                "a failed message is not taken again");
    }

    @Test
    void aRobotThatAnswersWithAnErrorCodeHasNotTakenTheMessage() throws Exception {
        outbox.enqueue(List.of(message("key-refused", "wecom")), System.currentTimeMillis());
        deploy(Map.of("wecom", channel("wecom", url("/refuse"), null, "text")));
        Await.untilChecked("tried again", Duration.ofSeconds(10), () -> hitsOn("/refuse").size() >= 2);
        assertTrue(state("key-refused").startsWith("queued"), state("key-refused"));
        assertEquals("errcode 93000: invalid webhook url", NotifyDb.column(ds,
                "SELECT last_error FROM notification_outbox WHERE idempotency_key = 'key-refused'").get(0));
        assertEquals("text", hitsOn("/refuse").get(0).body().getString("msgtype"));
    }

    @Test
    void aSignedDingTalkRobotGetsTimestampAndSignOnItsUrl() throws Exception {
        outbox.enqueue(List.of(message("key-ding", "ding")), System.currentTimeMillis());
        deploy(Map.of("ding", channel("dingtalk", url("/ding-ok?access_token=T"), "SEC0123456789abcdef", "markdown")));
        Await.untilChecked("sent", Duration.ofSeconds(10), () -> state("key-ding").equals("sent 1"));
        Hit h = hitsOn("/ding-ok").get(0);
        assertTrue(h.query().matches("access_token=T&timestamp=\\d{13}&sign=[A-Za-z0-9%]+"), h.query());
        assertEquals("markdown", h.body().getString("msgtype"));
        assertEquals("【告警】测试工地", h.body().getJsonObject("markdown").getString("title"));
    }

    @Test
    void aChannelThatDoesNotAnswerHoldsUpOnlyItsOwnMessages() throws Exception {
        long now = System.currentTimeMillis();
        outbox.enqueue(List.of(message("dead-1", "dead"), message("dead-2", "dead"), message("dead-3", "dead")), now);
        outbox.enqueue(List.of(message("ok-1", "ok")), now + 1);
        deploy(Map.of("dead", channel("webhook", url("/dead"), null, null), "ok", channel("wecom", url("/wecom-ok"), null, "markdown")));
        Await.untilChecked("the live channel's message sent", Duration.ofSeconds(3), () -> state("ok-1").equals("sent 1"));
        long tried = NotifyDb.count(ds, "SELECT sum(attempts) FROM notification_outbox WHERE channel = 'dead'");
        assertTrue(tried <= 2, "one timeout per round, not one per message: " + tried);
        assertEquals("no answer within 400 ms", NotifyDb.column(ds,
                "SELECT last_error FROM notification_outbox WHERE channel = 'dead' AND attempts > 0").get(0));
    }
}

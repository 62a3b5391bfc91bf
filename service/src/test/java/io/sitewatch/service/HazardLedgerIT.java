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
import io.sitewatch.core.config.Notifications.Route;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ShiftedClock;
import io.sitewatch.service.testsupport.SimulatorRun;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hazard ledger end to end (issue 17's acceptance), over a real broker into a real database:
 * the pit-acceleration and unlicensed-operator scenarios, published over MQTT by the simulator,
 * open two major hazards with their clauses in 350102 (the pit's once its alarm stayed open a day);
 * a regulator of 350203 sees neither (list, detail, board); the site rectifies both, the Fuzhou
 * regulator accepts one and rejects the other, and the board shows one open major; on the moved
 * clock the open one falls overdue, stored and published on {@code sitewatch.hazards}, and the
 * notifications tell the region's channel (a local webhook receiver) of it. A recorder's
 * report with an id and its rectification take a hazard to rectified (and a 1.0 report gets an id
 * it is rectified by). Every change is in the history with who and when, also after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazardLedgerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REG_SIMING = "test-regulator-siming-0123456789";
    private static final String SITE_GL = "test-site-gulou-safety-0123456789";
    private static final String SITE = "FZ-GL-001";
    private static final long DAY = 86_400_000L;

    private static String db;
    private static SiteWatchConfig config;
    private static ShiftedClock clock;
    private static SiteWatchService service;
    private static int port;
    private static final List<JsonObject> published = new CopyOnWriteArrayList<>();
    /** What the region's webhook channel received (the notifications' message bodies). */
    private static final List<JsonObject> told = new CopyOnWriteArrayList<>();
    private static Vertx receiverVertx;
    private static String pitHazard;
    private static String operatorHazard;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.newDatabase();
        receiverVertx = Vertx.vertx();
        HttpServer receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            told.add(b.toJsonObject());
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SiteWatchConfig base = ServiceFixture.config(db, TestBroker.shared().url(), "hazard-it-" + UUID.randomUUID(), Map.of());
        Notifications notifications = new Notifications(null, null, null, Map.of("hook", new Channel("webhook",
                "http://127.0.0.1:" + receiver.actualPort() + "/hook", "test-secret", null, null, null, null, null, null, null, null, 2000)),
                List.of(new Route(List.of("350100"), List.of("hook"), null, null)), null,
                new Delivery(null, 200L, 1000L, null, 100L, 2000L, 10_000L));
        config = new SiteWatchConfig(base.http(), base.mqtt(), base.database(), base.ingest(), base.auth(), base.fleetFile(),
                base.alarms(), notifications).validate().withTokens(List.of(
                new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz-reg", "regulator", List.of("350100")),
                new SiteWatchConfig.TokenGrant(REG_SIMING, "xm-siming", "regulator", List.of("350203")),
                new SiteWatchConfig.TokenGrant(SITE_GL, "gl-safety", "site", List.of(), List.of(SITE))));
        clock = new ShiftedClock(Instant.now());
        service = Components.service(config, clock).start();
        port = service.httpPort();
        service.vertx().eventBus().<JsonObject>consumer("sitewatch.hazards", m -> published.add(m.body()));
        // Four past days of the demo site: the unlicensed operator on the first, the pit moving on the next three.
        LocalDate first = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(4);
        SimulatorRun.importScenarioFleet(service, SITE, first, 4);
        ServiceFixture.awaitConnected(service);
        long acked = SimulatorRun.simulate("scenario", "unlicensed-operator", "--site", SITE, "--seed", "42", "--time-scale", "0",
                "--start", first.toString());
        acked += SimulatorRun.simulate("scenario", "pit-acceleration", "--site", SITE, "--seed", "42", "--time-scale", "0",
                "--start", first.plusDays(1).toString());
        SimulatorRun.settle(service, acked);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (receiverVertx != null) {
            receiverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = http(port, "GET", path, token, null);
        expect(200, r);
        return JSON.readTree(r.body());
    }

    /** The alarm-born hazards of the site: what the scenarios opened (the recorder adds its own daily reports). */
    private static Map<String, JsonNode> alarmBorn(String token) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode h : get("/api/v1/hazards?site=" + SITE, token).get("items")) {
            if (h.get("source").asText().equals("alarm")) {
                out.put(h.get("clause").asText(), h);
            }
        }
        return out;
    }

    @Test
    @Order(0)
    void theLedgersRoutesAreInTheOpenApiFile() throws Exception {
        String openapi = http(port, "GET", "/api/v1/openapi.yaml", null, null).body();
        List<String> paths = service.routePaths().stream().filter(p -> p.startsWith("/api/v1/hazard")).toList();
        assertEquals(6, paths.size(), paths.toString());
        for (String path : paths) {
            assertTrue(openapi.contains("\n  " + path + ":"), path + " is not described in openapi.yaml");
        }
    }

    @Test
    @Order(1)
    void theScenariosOpenTwoMajorHazardsWithTheirClausesThatAnotherRegionNeverSees() throws Exception {
        // The operator's certificate is a major hazard at once (第四条(三)); the pit's deformation
        // above the design value only once it has stayed untreated for a day (第五条(四)1).
        ServiceFixture.awaitQuery("the operator hazard", Duration.ofSeconds(20), () -> alarmBorn(REG_FUZHOU).containsKey("2024-4-3"));
        assertEquals(List.of("2024-4-3"), List.copyOf(alarmBorn(REG_FUZHOU).keySet()), "the pit's alarm has not stayed open a day yet");
        clock.moveTo(Instant.ofEpochMilli(clock.millis() + DAY + 60_000));
        ServiceFixture.awaitQuery("the pit hazard", Duration.ofSeconds(20), () -> alarmBorn(REG_FUZHOU).containsKey("2024-5-4-1"));

        Map<String, JsonNode> found = alarmBorn(REG_FUZHOU);
        assertEquals(2, found.size(), found.toString());
        JsonNode pit = found.get("2024-5-4-1");
        JsonNode op = found.get("2024-4-3");
        pitHazard = pit.get("id").asText();
        operatorHazard = op.get("id").asText();
        for (JsonNode h : List.of(pit, op)) {
            assertEquals("major", h.get("level").asText());
            assertEquals("open", h.get("state").asText());
            assertEquals("350102", h.get("region").asText());
            assertEquals(h.get("reportedTs").asLong() + 30 * DAY, h.get("deadlineTs").asLong());
        }
        assertEquals("第五条(四)1", pit.get("clauseLabel").asText());
        assertEquals("FZ-GL-001-PIT01", pit.get("deviceId").asText());
        assertEquals("第四条(三)", op.get("clauseLabel").asText());
        JsonNode opDetail = get("/api/v1/hazards/" + operatorHazard, REG_FUZHOU);
        List<String> devices = new ArrayList<>();
        opDetail.get("alarms").forEach(a -> devices.add(a.get("deviceId").asText()));
        assertTrue(devices.containsAll(List.of("FZ-GL-001-TC01", "FZ-GL-001-HS01")), "the crane's and the hoist's alarms: " + devices);
        assertEquals("opened", opDetail.get("history").get(0).get("transition").asText());
        assertEquals("sitewatch", opDetail.get("history").get(0).get("by").asText());

        // A regulator of 350203 sees neither: not in the list, not found, not on the board.
        for (JsonNode h : get("/api/v1/hazards", REG_SIMING).get("items")) {
            assertTrue(!h.get("siteId").asText().equals(SITE), "350203 sees " + h);
        }
        assertEquals(0, get("/api/v1/hazards?region=350102", REG_SIMING).get("items").size());
        for (String id : List.of(pitHazard, operatorHazard)) {
            assertEquals(404, http(port, "GET", "/api/v1/hazards/" + id, REG_SIMING, null).statusCode());
            assertEquals(404, http(port, "POST", "/api/v1/hazards/" + id + "/review", REG_SIMING, "{\"accept\":true}").statusCode());
        }
        JsonNode xmBoard = get("/api/v1/hazards/summary", REG_SIMING);
        assertEquals(0, xmBoard.get("regions").size(), xmBoard.toString());
        assertEquals(0, xmBoard.get("totals").get("openMajors").asInt());
        assertTrue(xmBoard.get("trend").findValues("openMajors").stream().allMatch(n -> n.asInt() == 0));
        // The Fuzhou regulator's board has both.
        JsonNode fzBoard = get("/api/v1/hazards/summary", REG_FUZHOU);
        assertEquals("350102", fzBoard.get("regions").get(0).get("region").asText());
        assertTrue(fzBoard.get("regions").get(0).get("openMajors").asInt() >= 2, fzBoard.toString());
    }

    @Test
    @Order(2)
    void theSiteRectifiesBothTheRegulatorAcceptsOneRejectsTheOtherAndTheBoardShowsOneOpenMajor() throws Exception {
        String photo = "ab".repeat(32);
        String body = "{\"text\":\"%s\",\"photoSha256\":\"" + photo + "\"}";
        // Bad input names its field; a regulator does not rectify.
        HttpResponse<String> noText = http(port, "POST", "/api/v1/hazards/" + pitHazard + "/rectify", SITE_GL, "{\"photoSha256\":\"" + photo + "\"}");
        assertEquals(400, noText.statusCode());
        assertTrue(noText.body().contains("text is required"), noText.body());
        assertEquals(400, http(port, "POST", "/api/v1/hazards/" + pitHazard + "/rectify", SITE_GL, "{\"text\":\"x\",\"photoSha256\":\"xyz\"}")
                .statusCode());
        assertEquals(403, http(port, "POST", "/api/v1/hazards/" + pitHazard + "/rectify", REG_FUZHOU, body.formatted("x")).statusCode());
        assertEquals(409, http(port, "POST", "/api/v1/hazards/" + pitHazard + "/review", REG_FUZHOU, "{\"accept\":true}").statusCode(),
                "not rectified yet");

        expect(200, http(port, "POST", "/api/v1/hazards/" + pitHazard + "/rectify", SITE_GL, body.formatted("已卸除坑边堆载，加设钢支撑，变形已收敛")));
        expect(200, http(port, "POST", "/api/v1/hazards/" + operatorHazard + "/rectify", SITE_GL, body.formatted("已更换持证司机")));
        assertEquals(409, http(port, "POST", "/api/v1/hazards/" + pitHazard + "/rectify", SITE_GL, body.formatted("again")).statusCode());

        HttpResponse<String> noComment = http(port, "POST", "/api/v1/hazards/" + operatorHazard + "/review", REG_FUZHOU, "{\"accept\":false}");
        assertEquals(400, noComment.statusCode());
        assertTrue(noComment.body().contains("comment"), noComment.body());
        assertEquals(400, http(port, "POST", "/api/v1/hazards/" + operatorHazard + "/review", REG_FUZHOU, "{\"accept\":\"yes\"}").statusCode());
        JsonNode closed = JSON.readTree(http(port, "POST", "/api/v1/hazards/" + pitHazard + "/review", REG_FUZHOU,
                "{\"accept\":true,\"comment\":\"复查合格，销号\"}").body());
        assertEquals("closed", closed.get("state").asText());
        JsonNode reopened = JSON.readTree(http(port, "POST", "/api/v1/hazards/" + operatorHazard + "/review", REG_FUZHOU,
                "{\"accept\":false,\"comment\":\"未见司机证书复印件\"}").body());
        assertEquals("open", reopened.get("state").asText());

        JsonNode board = get("/api/v1/hazards/summary?region=350102", REG_FUZHOU);
        JsonNode gulou = board.get("regions").get(0);
        assertEquals("350102", gulou.get("region").asText());
        assertEquals(1, gulou.get("openMajors").asInt(), "one open major: " + board);
        assertEquals(1, gulou.get("closedThisMonth").asInt());
        JsonNode site = gulou.get("sites").get(0);
        assertEquals(SITE, site.get("siteId").asText());
        assertEquals(1, site.get("openMajors").asInt());
        assertEquals("open", get("/api/v1/hazards/" + operatorHazard, SITE_GL).get("state").asText(), "the site sees its own");
        JsonNode trend = board.get("trend");
        assertEquals(1, trend.get(trend.size() - 1).get("openMajors").asInt());
    }

    @Test
    @Order(3)
    void onTheMovedClockTheOpenOneFallsOverdueStoredAndPublished() throws Exception {
        long deadline = get("/api/v1/hazards/" + operatorHazard, REG_FUZHOU).get("deadlineTs").asLong();
        clock.moveTo(Instant.ofEpochMilli(deadline + 60_000));
        ServiceFixture.await("the overdue transition published", Duration.ofSeconds(15), () -> published.stream()
                .anyMatch(m -> m.getString("hazardId").equals(operatorHazard) && m.getString("transition").equals("overdue")));
        JsonObject m = published.stream().filter(x -> x.getString("hazardId").equals(operatorHazard)
                && x.getString("transition").equals("overdue")).findFirst().orElseThrow();
        assertEquals(List.of(SITE, "350102", "major", "2024-4-3", "open", "sitewatch"), List.of(m.getString("siteId"),
                m.getString("region"), m.getString("level"), m.getString("clause"), m.getString("state"), m.getString("by")));
        assertEquals(deadline, m.getLong("deadlineTs"));
        JsonNode detail = get("/api/v1/hazards/" + operatorHazard, REG_FUZHOU);
        JsonNode last = detail.get("history").get(detail.get("history").size() - 1);
        assertEquals("overdue", last.get("transition").asText());
        assertEquals("sitewatch", last.get("by").asText());
        assertTrue(last.get("at").asLong() >= deadline);
        assertTrue(detail.get("overdue").asBoolean());
        List<String> overdue = new ArrayList<>();
        get("/api/v1/hazards?overdue=true&level=major", REG_FUZHOU).get("items").forEach(h -> overdue.add(h.get("id").asText()));
        assertTrue(overdue.contains(operatorHazard) && !overdue.contains(pitHazard), overdue.toString());
        assertEquals(1, get("/api/v1/hazards/summary?region=350102", REG_FUZHOU).get("regions").get(0).get("overdueMajors").asInt());
        assertEquals(0, published.stream().filter(x -> x.getString("hazardId").equals(pitHazard)
                && x.getString("transition").equals("overdue")).count(), "a closed hazard never falls overdue");
        // The region's channel is told, in Chinese, once for this hazard falling overdue.
        ServiceFixture.await("the overdue notification received", Duration.ofSeconds(15), () -> told.stream()
                .anyMatch(t -> "hazard_overdue".equals(t.getString("event"))
                        && operatorHazard.equals(t.getJsonObject("subject").getString("hazardId"))));
        assertTrue(told.stream().anyMatch(t -> "hazard_opened".equals(t.getString("event"))
                && operatorHazard.equals(t.getJsonObject("subject").getString("hazardId"))), "the major hazard's opening was told too");
        JsonObject note = told.stream().filter(t -> "hazard_overdue".equals(t.getString("event"))
                && operatorHazard.equals(t.getJsonObject("subject").getString("hazardId"))).findFirst().orElseThrow();
        assertTrue(note.getString("title").startsWith("【隐患逾期】重大事故隐患逾期未整改"), note.encode());
        HttpResponse<String> bad = http(port, "GET", "/api/v1/hazards?overdue=maybe", REG_FUZHOU, null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("overdue must be true or false"), bad.body());
    }

    @Test
    @Order(4)
    void aRecorderReportWithAnIdAndItsRectificationTakeAHazardToRectified() throws Exception {
        String topic = "sitewatch/v1/" + SITE + "/FZ-GL-001-REC01/event";
        long ts = clock.millis();
        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "hazard-it-recorder")) {
            d.publish(topic, "{\"ts\":" + ts + ",\"type\":\"hazard_report\",\"data\":{\"hazard_id\":\"REC01-IT-0001\","
                    + "\"officer_id\":\"FZ-GL-001-SO01\",\"category\":\"高处作业\",\"level\":\"major\",\"clause\":\"2024-9-4\","
                    + "\"text\":\"电梯井口未设置防护门\",\"photo_sha256\":\"" + "c1".repeat(32) + "\",\"location\":\"3#楼电梯井\"}}", 1);
            // A 1.0 recorder: no id; it gets one.
            d.publish(topic, "{\"ts\":" + (ts + 1_000) + ",\"type\":\"hazard_report\",\"data\":{\"officer_id\":\"FZ-GL-001-SO01\","
                    + "\"category\":\"消防\",\"level\":\"general\",\"text\":\"3#楼消火栓无水\",\"photo_sha256\":\"" + "c2".repeat(32) + "\"}}", 1);
        }
        ServiceFixture.awaitQuery("both reports", Duration.ofSeconds(15), () -> recorderHazard("REC01-IT-0001") != null
                && recorderHazardByText("3#楼消火栓无水") != null);
        JsonNode withId = recorderHazard("REC01-IT-0001");
        assertEquals(List.of("open", "major", "2024-9-4", "FZ-GL-001-SO01"), List.of(withId.get("state").asText(),
                withId.get("level").asText(), withId.get("clause").asText(), withId.get("reportedBy").asText()));
        assertEquals(ts, withId.get("reportedTs").asLong(), "the recorder's time");
        JsonNode assigned = recorderHazardByText("3#楼消火栓无水");
        assertTrue(assigned.get("id").asText().matches("HZ-\\d{6}"), assigned.toString());
        assertTrue(assigned.get("sourceRef").isNull());

        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "hazard-it-recorder")) {
            d.publish(topic, "{\"ts\":" + (ts + 60_000) + ",\"type\":\"hazard_rectified\",\"data\":{\"hazard_id\":\"REC01-IT-0001\","
                    + "\"officer_id\":\"FZ-GL-001-SO01\",\"text\":\"已安装防护门\",\"photo_sha256\":\"" + "c3".repeat(32) + "\"}}", 1);
            d.publish(topic, "{\"ts\":" + (ts + 61_000) + ",\"type\":\"hazard_rectified\",\"data\":{\"hazard_id\":\""
                    + assigned.get("id").asText() + "\",\"officer_id\":\"FZ-GL-001-SO01\",\"text\":\"已更换灭火器\",\"photo_sha256\":\""
                    + "c4".repeat(32) + "\"}}", 1);
        }
        ServiceFixture.awaitQuery("both rectified", Duration.ofSeconds(15), () -> recorderHazard("REC01-IT-0001").get("state").asText()
                .equals("rectified") && recorderHazardByText("3#楼消火栓无水").get("state").asText().equals("rectified"));
        JsonNode detail = get("/api/v1/hazards/" + withId.get("id").asText(), SITE_GL);
        assertEquals(ts + 60_000, detail.get("rectifiedTs").asLong());
        JsonNode rectified = detail.get("history").get(1);
        assertEquals(List.of("rectified", "FZ-GL-001-SO01", "已安装防护门", "c3".repeat(32)), List.of(rectified.get("transition").asText(),
                rectified.get("by").asText(), rectified.get("text").asText(), rectified.get("photoSha256").asText()));
        assertTrue(detail.get("confirmedByData").isNull(), "only alarm-born hazards are confirmed by data");
    }

    private static JsonNode recorderHazard(String recorderId) throws Exception {
        for (JsonNode h : get("/api/v1/hazards?site=" + SITE + "&limit=1000", SITE_GL).get("items")) {
            if (recorderId.equals(h.get("sourceRef").asText(null))) {
                return h;
            }
        }
        return null;
    }

    private static JsonNode recorderHazardByText(String text) throws Exception {
        for (JsonNode h : get("/api/v1/hazards?site=" + SITE + "&limit=1000", SITE_GL).get("items")) {
            if (text.equals(h.get("text").asText())) {
                return h;
            }
        }
        return null;
    }

    @Test
    @Order(5)
    void everyChangeIsInTheHistoryWithWhoAndWhenAndSurvivesARestart() throws Exception {
        Map<String, String> before = histories();
        assertTrue(before.get(pitHazard).contains("rectified gl-safety") && before.get(pitHazard).contains("closed fz-reg"),
                before.get(pitHazard));
        assertTrue(before.get(operatorHazard).contains("reopened fz-reg") && before.get(operatorHazard).contains("overdue sitewatch"),
                before.get(operatorHazard));
        service.close();
        service = Components.service(config, new ShiftedClock(clock.instant())).start();
        port = service.httpPort();
        assertEquals(before, histories(), "the same hazards, states and histories after the restart");
    }

    /** Every hazard of the site as "state: transition by at (comment)" lines, from the API. */
    private static Map<String, String> histories() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode h : get("/api/v1/hazards?site=" + SITE + "&limit=1000", ADMIN).get("items")) {
            JsonNode d = get("/api/v1/hazards/" + h.get("id").asText(), ADMIN);
            StringBuilder s = new StringBuilder(d.get("state").asText()).append(':');
            for (JsonNode e : d.get("history")) {
                s.append(' ').append(e.get("transition").asText()).append(' ').append(e.get("by").asText()).append(' ')
                        .append(e.get("at").asLong()).append(" (").append(e.get("comment").asText("")).append(");");
            }
            out.put(h.get("id").asText(), s.toString());
        }
        return out;
    }
}

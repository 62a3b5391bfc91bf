package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.Notifications;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ShiftedClock;
import io.sitewatch.supervision.risk.LetterFacts;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Warning letters (警示函) end to end on a small province: eight projects of two enterprises in two
 * Fuzhou districts and one in Xiamen, one of them with a major hazard left past its deadline so
 * that the ranking puts it first. The Fuzhou regulator drafts a letter from its risk item (facts
 * and evidence copied), issues it, the project's staff answer (their token), the regulator returns
 * the answer, the staff answer again, the regulator closes it — each step in the history and the
 * audit log. Xiamen's regulator sees nothing of it (list empty, detail and every action 404), the
 * staff of another project neither, and no site drafts (403). The letter prints as PDF in Chinese.
 * A letter to an enterprise, unanswered, is listed overdue once the clock passes its deadline, and
 * the risk model's {@link LetterFacts} names it for each of the enterprise's projects. A letter's
 * issue is queued in the notification outbox for the routes of its region.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarningLetterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SITE_TOKEN = "test-site-letter-token-0123456789";
    private static final String OTHER_SITE_TOKEN = "test-site-letter-other-0123456789";
    private static final String TROUBLED = "WL-02";
    private static final String OTHER = "WL-07";
    private static final String ENTERPRISE = "91350100WLB";
    private static final LocalDate TODAY = LocalDate.now(ZONE);
    private static final long FROM = TODAY.minusDays(30).atStartOfDay(ZONE).toInstant().toEpochMilli();
    private static final long TO = TODAY.atStartOfDay(ZONE).toInstant().toEpochMilli();
    private static final String SHA = "55c64d0fcd6f9d5f7c828093857e3fdfda68478bb4e9bd24d481ef391c7804e8";

    private static SiteWatchService service;
    private static ShiftedClock clock;
    private static int port;
    private static String hazardId;

    static String site(int i) {
        return String.format("WL-%02d", i);
    }

    @BeforeAll
    static void start() throws Exception {
        SiteWatchConfig plain = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "letter-it-" + UUID.randomUUID(),
                Map.of());
        // Fuzhou's group is told of letters (a receiver that is not there: what counts here is the outbox).
        Notifications notify = new Notifications(List.of("alarm"), 15, List.of("major"),
                Map.of("fz-hook", new Notifications.Channel("webhook", "http://127.0.0.1:9/hook", null, null, null, null, null, null, null,
                        null, null, 1000)),
                List.of(new Notifications.Route(List.of("350100"), List.of("fz-hook"), "zh", List.of("letter_issued"))), Map.of(), null);
        SiteWatchConfig base = new SiteWatchConfig(plain.http(), plain.mqtt(), plain.database(), plain.ingest(), plain.auth(),
                plain.fleetFile(), plain.alarms(), notify).validate();
        SiteWatchConfig config = base.withTokens(List.of(
                new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz", "regulator", List.of("350100")),
                new SiteWatchConfig.TokenGrant(REG_XIAMEN, "xm", "regulator", List.of("350200")),
                new SiteWatchConfig.TokenGrant(SITE_TOKEN, "wl-safety", "site", List.of(), List.of(TROUBLED)),
                new SiteWatchConfig.TokenGrant(OTHER_SITE_TOKEN, "wl-other", "site", List.of(), List.of(OTHER))));
        // Twelve days back the regulator found a major hazard with two days to rectify it; then time runs to now.
        clock = new ShiftedClock(Instant.ofEpochMilli(TO).minus(Duration.ofDays(12)));
        service = Components.service(config, clock).start();
        port = service.httpPort();
        for (int i = 1; i <= 8; i++) {
            String enterprise = i <= 4 ? "91350100WLA" : ENTERPRISE;
            expect(200, http(port, "PUT", "/api/v1/sites/" + site(i), ADMIN, """
                    {"name":"警示函测试项目%d","region":"%s","enterprise":{"code":"%s","name":"测试建设%s公司"},
                     "kind":"building","startDate":"2025-01-01","endDate":"2027-12-31"}"""
                    .formatted(i, i % 2 == 0 ? "350102" : "350103", enterprise, i <= 4 ? "甲" : "乙")));
        }
        expect(200, http(port, "PUT", "/api/v1/sites/WL-XM", ADMIN, """
                {"name":"厦门警示函测试项目","region":"350203","kind":"building"}"""));
        HttpResponse<String> reported = http(port, "POST", "/api/v1/hazards", REG_FUZHOU, """
                {"siteId":"%s","level":"major","category":"建筑起重机械","clause":"2024-8-4","text":"塔吊力矩限制器失效",
                 "deadlineTs":%d}""".formatted(TROUBLED, clock.millis() + 2 * 86_400_000L));
        expect(201, reported);
        hazardId = JSON.readTree(reported.body()).get("id").asText();
        clock.moveTo(Instant.now());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static JsonNode ok(int status, HttpResponse<String> r) throws Exception {
        expect(status, r);
        return JSON.readTree(r.body());
    }

    private static JsonNode get(String path, String token) throws Exception {
        return ok(200, http(port, "GET", path, token, null));
    }

    private static String draftBody(String scope, String id, String extra) {
        return "{\"scope\":\"" + scope + "\",\"id\":\"" + id + "\",\"from\":" + FROM + ",\"to\":" + TO + extra + "}";
    }

    @Test
    @Order(1)
    void theRegulatorDraftsIssuesTheSiteAnswersAndTheRegulatorCloses() throws Exception {
        // The ranking the letter comes from: the troubled project first, for its overdue major hazard.
        // Pinned to model 2026.1 (a letter keeps the version it was drafted with; the figures below are its weights).
        JsonNode ranking = get("/api/v1/risk?scope=project&model=2026.1&from=" + FROM + "&to=" + TO, REG_FUZHOU);
        assertEquals(TROUBLED, ranking.get("items").get(0).get("id").asText(), ranking.toString());

        JsonNode draft = ok(201, http(port, "POST", "/api/v1/letters", REG_FUZHOU, draftBody("project", TROUBLED, ",\"model\":\"2026.1\"")));
        String id = draft.get("id").asText();
        assertTrue(id.matches("WL-\\d{6}"), id);
        assertEquals("draft", draft.get("state").asText());
        assertEquals("350102", draft.get("region").asText());
        assertEquals(List.of(TROUBLED), texts(draft.get("siteIds")));
        assertEquals("安全生产风险警示函", draft.get("title").asText());
        assertEquals(15, draft.get("deadlineDays").asInt());
        // The facts are the risk item's, with its evidence: the overdue hazard, counted twice.
        JsonNode facts = draft.get("facts");
        assertEquals("2026.1", facts.get("model").asText());
        assertEquals(FROM, facts.get("from").asLong());
        assertEquals(TO, facts.get("to").asLong());
        assertEquals(1, facts.get("rank").asInt());
        assertEquals(8, facts.get("count").asInt(), "the Fuzhou regulator's ranking: its eight projects");
        assertEquals(0, ranking.get("items").get(0).get("score").decimalValue().compareTo(facts.get("score").decimalValue()));
        JsonNode hazards = factor(facts, "major_hazards");
        assertEquals(2.0, hazards.get("value").asDouble());
        assertEquals(List.of(hazardId), texts(hazards.get("evidence")));
        String body = draft.get("body").asText();
        assertTrue(body.startsWith("警示函测试项目2："), body);
        assertTrue(body.contains("（一）重大事故隐患") && body.contains("：指标值 2，计 20.00 分（满分 30 分）；依据：" + hazardId + "。"), body);
        assertTrue(body.contains("自收到本函之日起 15 日内"), body);
        assertTrue(draft.get("bodyEn").asText().contains(": value 2, 20.00 of 30 points; evidence: " + hazardId), draft.toString());

        // Not seen by the site while a draft; issued by the regulator.
        expect(404, http(port, "GET", "/api/v1/letters/" + id, SITE_TOKEN, null));
        assertEquals(0, get("/api/v1/letters", SITE_TOKEN).get("total").asLong());
        long before = clock.millis();
        JsonNode issued = ok(200, http(port, "POST", "/api/v1/letters/" + id + "/issue", REG_FUZHOU, null));
        assertEquals("issued", issued.get("state").asText());
        long deadline = issued.get("deadlineTs").asLong();
        assertTrue(deadline >= before + 15 * 86_400_000L && deadline <= clock.millis() + 15 * 86_400_000L, issued.toString());
        assertFalse(issued.get("overdue").asBoolean());
        expect(409, http(port, "POST", "/api/v1/letters/" + id + "/issue", REG_FUZHOU, null));
        // Its issue is a message of the outbox for the region's group, once.
        ServiceFixture.awaitQuery("the letter's notification", Duration.ofSeconds(10), () -> ServiceFixture.queryLong(service,
                "SELECT count(*) FROM notification_outbox WHERE event = 'letter_issued' AND subject_kind = 'letter' AND subject_id = '"
                        + id + "' AND site_id = '" + TROUBLED + "' AND channel = 'fz-hook' AND title = '【警示函】警示函测试项目2'") == 1);

        // The site sees it now, and answers.
        JsonNode siteList = get("/api/v1/letters", SITE_TOKEN);
        assertEquals(1, siteList.get("total").asLong());
        assertEquals(id, siteList.get("items").get(0).get("id").asText());
        assertEquals(body, get("/api/v1/letters/" + id, SITE_TOKEN).get("body").asText());
        JsonNode answered = ok(200, http(port, "POST", "/api/v1/letters/" + id + "/answer", SITE_TOKEN,
                "{\"text\":\"已更换塔吊力矩限制器\",\"attachmentSha256\":\"" + SHA + "\"}"));
        assertEquals("answered", answered.get("state").asText());

        // The regulator returns it with a reason; the site answers again; the regulator closes it.
        expect(400, http(port, "POST", "/api/v1/letters/" + id + "/return", REG_FUZHOU, "{}"));
        assertEquals("issued", ok(200, http(port, "POST", "/api/v1/letters/" + id + "/return", REG_FUZHOU,
                "{\"reason\":\"未附检测报告\"}")).get("state").asText());
        expect(409, http(port, "POST", "/api/v1/letters/" + id + "/close", REG_FUZHOU, null));
        expect(200, http(port, "POST", "/api/v1/letters/" + id + "/answer", SITE_TOKEN,
                "{\"text\":\"已更换塔吊力矩限制器，检测报告见附件\",\"attachmentSha256\":\"" + SHA + "\"}"));
        JsonNode closed = ok(200, http(port, "POST", "/api/v1/letters/" + id + "/close", REG_FUZHOU, "{\"comment\":\"予以办结\"}"));
        assertEquals("closed", closed.get("state").asText());
        expect(409, http(port, "POST", "/api/v1/letters/" + id + "/answer", SITE_TOKEN, "{\"text\":\"再次回复\"}"));

        JsonNode detail = get("/api/v1/letters/" + id, REG_FUZHOU);
        List<String> steps = new ArrayList<>();
        for (JsonNode e : detail.get("history")) {
            steps.add(e.get("transition").asText() + ":" + e.get("by").asText());
        }
        assertEquals(List.of("drafted:fz", "issued:fz", "answered:wl-safety", "returned:fz", "answered:wl-safety", "closed:fz"), steps);
        assertEquals("未附检测报告", detail.get("history").get(3).get("comment").asText());
        assertEquals(SHA, detail.get("answerSha256").asText());
        assertEquals("已更换塔吊力矩限制器，检测报告见附件", detail.get("answerText").asText());
        // The facts stay what they were when drafted.
        assertEquals(facts, detail.get("facts"));

        // Every write in the audit log, with who.
        Await.untilChecked("the letter's writes in the audit log", Duration.ofSeconds(20), () -> {
            JsonNode audit = get("/api/v1/audit?limit=200", ADMIN);
            List<String> seen = new ArrayList<>();
            for (JsonNode e : audit.get("items")) {
                if (e.get("path").asText().startsWith("/api/v1/letters")) {
                    seen.add(e.get("method").asText() + " " + e.get("path").asText() + " " + e.get("user").asText() + " " + e.get("status").asInt());
                }
            }
            return seen.contains("POST /api/v1/letters fz 201") && seen.contains("POST /api/v1/letters/" + id + "/issue fz 200")
                    && seen.contains("POST /api/v1/letters/" + id + "/answer wl-safety 200")
                    && seen.contains("POST /api/v1/letters/" + id + "/close fz 200");
        });

        // Printable: the PDF says the letter in Chinese, the project and the hazard behind it.
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/letters/" + id + "/report?format=pdf"))
                .header("Authorization", "Bearer " + SITE_TOKEN).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode(), new String(pdf.body(), StandardCharsets.UTF_8));
        assertEquals("application/pdf", pdf.headers().firstValue("content-type").orElse(""));
        assertEquals("%PDF-", new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII));
        String text = pdftotext(pdf.body(), Paths.get("target", "reports", "letter-" + id + ".pdf")).replaceAll("\\s+", "");
        for (String expected : List.of("安全生产风险警示函", "警示函测试项目2", id, hazardId, "福建省福州市鼓楼区", "予以办结")) {
            assertTrue(text.contains(expected), expected + " in the PDF's text:\n" + text);
        }
        HttpResponse<String> html = http(port, "GET", "/api/v1/letters/" + id + "/report?lang=en", REG_FUZHOU, null);
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("<h1>Warning letter on work-safety risk</h1>"), html.body());
    }

    @Test
    @Order(2)
    void anotherRegionsRegulatorAndAnotherSiteSeeNothingAndNoSiteDrafts() throws Exception {
        String id = ok(201, http(port, "POST", "/api/v1/letters", REG_FUZHOU, draftBody("project", TROUBLED, ",\"deadlineDays\":20")))
                .get("id").asText();
        expect(200, http(port, "POST", "/api/v1/letters/" + id + "/issue", ADMIN, null));

        JsonNode xmList = get("/api/v1/letters?state=all", REG_XIAMEN);
        assertEquals(0, xmList.get("total").asLong(), xmList.toString());
        assertEquals(0, xmList.get("items").size());
        expect(404, http(port, "GET", "/api/v1/letters/" + id, REG_XIAMEN, null));
        expect(404, http(port, "GET", "/api/v1/letters/" + id + "/report?format=pdf", REG_XIAMEN, null));
        for (String action : List.of("issue", "close", "return")) {
            expect(404, http(port, "POST", "/api/v1/letters/" + id + "/" + action, REG_XIAMEN, "{\"reason\":\"x\",\"comment\":\"x\"}"));
        }
        expect(404, http(port, "DELETE", "/api/v1/letters/" + id, REG_XIAMEN, null));
        expect(404, http(port, "POST", "/api/v1/letters", REG_XIAMEN, draftBody("project", TROUBLED, "")));
        // An enterprise of Fuzhou is not in Xiamen's ranking either.
        expect(404, http(port, "POST", "/api/v1/letters", REG_XIAMEN, draftBody("enterprise", ENTERPRISE, "")));

        // Another project's staff: nothing, and no answer.
        assertEquals(0, get("/api/v1/letters", OTHER_SITE_TOKEN).get("total").asLong());
        expect(404, http(port, "GET", "/api/v1/letters/" + id, OTHER_SITE_TOKEN, null));
        expect(404, http(port, "POST", "/api/v1/letters/" + id + "/answer", OTHER_SITE_TOKEN, "{\"text\":\"不是我们的\"}"));
        // No site drafts, issues or closes.
        expect(403, http(port, "POST", "/api/v1/letters", SITE_TOKEN, draftBody("project", TROUBLED, "")));
        expect(403, http(port, "POST", "/api/v1/letters/" + id + "/issue", SITE_TOKEN, null));
        expect(403, http(port, "POST", "/api/v1/letters/" + id + "/close", SITE_TOKEN, null));
        // The regulator of the region answers nothing either: answering is the site's.
        expect(403, http(port, "POST", "/api/v1/letters/" + id + "/answer", REG_FUZHOU, "{\"text\":\"x\"}"));

        // A draft withdrawn is gone from the default list of the site and stays in the regulator's history.
        String other = ok(201, http(port, "POST", "/api/v1/letters", REG_FUZHOU, draftBody("project", "WL-04", ""))).get("id").asText();
        assertEquals("withdrawn", ok(200, http(port, "DELETE", "/api/v1/letters/" + other, REG_FUZHOU, null)).get("state").asText());
        expect(409, http(port, "POST", "/api/v1/letters/" + other + "/issue", REG_FUZHOU, null));
        assertEquals(1, get("/api/v1/letters?state=withdrawn", REG_FUZHOU).get("total").asLong());

        // Bad parameters are named.
        badRequest(http(port, "GET", "/api/v1/letters?state=lost", REG_FUZHOU, null), "state");
        badRequest(http(port, "GET", "/api/v1/letters?limit=0", REG_FUZHOU, null), "limit");
        badRequest(http(port, "GET", "/api/v1/letters?region=35", REG_FUZHOU, null), "region");
        badRequest(http(port, "GET", "/api/v1/letters?overdue=yes", REG_FUZHOU, null), "overdue");
        badRequest(http(port, "GET", "/api/v1/letters?scope=region", REG_FUZHOU, null), "scope");
        badRequest(http(port, "GET", "/api/v1/letters/" + id + "/report?format=docx", REG_FUZHOU, null), "format");
        badRequest(http(port, "GET", "/api/v1/letters/" + id + "/report?lang=fr", REG_FUZHOU, null), "lang");
        badRequest(http(port, "POST", "/api/v1/letters", REG_FUZHOU, draftBody("region", "350102", "")), "scope");
        badRequest(http(port, "POST", "/api/v1/letters", REG_FUZHOU, draftBody("project", TROUBLED, ",\"deadlineDays\":0")), "deadlineDays");
        badRequest(http(port, "POST", "/api/v1/letters", REG_FUZHOU, "{\"scope\":\"project\",\"id\":\"WL-02\",\"from\":\"2026-13-01\"}"), "from");
        badRequest(http(port, "POST", "/api/v1/letters", REG_FUZHOU, "{\"scope\":\"project\",\"id\":\"WL-02\",\"from\":" + TO + ",\"to\":" + FROM + "}"),
                "from");
        badRequest(http(port, "POST", "/api/v1/letters", REG_FUZHOU, "[1]"), "body");
        badRequest(http(port, "POST", "/api/v1/letters/" + id + "/answer", SITE_TOKEN, "{\"text\":\"x\",\"attachmentSha256\":\"abc\"}"),
                "attachmentSha256");
    }

    @Test
    @Order(3)
    void aLetterUnansweredPastItsDeadlineIsOverdueAndTheRiskModelReadsIt() throws Exception {
        JsonNode draft = ok(201, http(port, "POST", "/api/v1/letters", REG_FUZHOU, draftBody("enterprise", ENTERPRISE, ",\"deadlineDays\":1")));
        String id = draft.get("id").asText();
        assertEquals("enterprise", draft.get("scope").asText());
        assertEquals(List.of("WL-05", "WL-06", "WL-07", "WL-08"), texts(draft.get("siteIds")));
        assertEquals("350100", draft.get("region").asText(), "the enterprise's projects lie in two districts of Fuzhou");
        assertTrue(draft.get("body").asText().contains("你单位安全风险评分为"), draft.get("body").asText());
        long deadline = ok(200, http(port, "POST", "/api/v1/letters/" + id + "/issue", REG_FUZHOU, null)).get("deadlineTs").asLong();
        // The staff of one of its projects see it.
        assertEquals(id, get("/api/v1/letters", OTHER_SITE_TOKEN).get("items").get(0).get("id").asText());
        assertEquals(0, get("/api/v1/letters?overdue=true", REG_FUZHOU).get("total").asLong());

        clock.moveTo(Instant.ofEpochMilli(deadline).plus(Duration.ofHours(1)));
        JsonNode overdue = get("/api/v1/letters?overdue=true", REG_FUZHOU);
        assertEquals(1, overdue.get("total").asLong(), overdue.toString());
        assertEquals(id, overdue.get("items").get(0).get("id").asText());
        assertTrue(overdue.get("items").get(0).get("overdue").asBoolean());
        assertTrue(get("/api/v1/letters/" + id, OTHER_SITE_TOKEN).get("overdue").asBoolean());

        LetterFacts facts = Components.letterFacts(service.database().pool());
        Map<String, List<LetterFacts.OverdueLetter>> byProject = facts.overdue(Instant.ofEpochMilli(deadline).minus(Duration.ofDays(30)),
                clock.instant());
        for (String project : List.of("WL-05", "WL-06", "WL-07", "WL-08")) {
            List<LetterFacts.OverdueLetter> letters = byProject.get(project);
            assertEquals(1, letters == null ? 0 : letters.size(), project + ": " + byProject);
            assertEquals(id, letters.get(0).letterId());
            assertEquals(deadline, letters.get(0).deadline().toEpochMilli());
            assertNull(letters.get(0).answeredAt());
        }
        // The ranking reads it: model 2026.2's letters factor counts the letter for each of the
        // enterprise's projects and names it as evidence; in a window ending before the deadline it does not.
        long day = 86_400_000L;
        JsonNode after = rankedItem("WL-05", clock.millis() - 30 * day, clock.millis());
        JsonNode letters = factor(after, "letters");
        assertTrue(letters.get("value").asDouble() > 0 && letters.get("contribution").asDouble() > 0, after.toString());
        JsonNode evidence = get("/api/v1/risk/project/WL-05/evidence?factor=letters&from=" + (clock.millis() - 30 * day)
                + "&to=" + clock.millis(), REG_FUZHOU);
        assertTrue(evidence.toString().contains(id), evidence.toString());
        JsonNode before = rankedItem("WL-05", deadline - 30 * day, deadline - 3_600_000L);
        assertEquals(0.0, factor(before, "letters").get("contribution").asDouble(), before.toString());

        // The letters answered on time are not overdue; before its deadline this one was not either.
        assertFalse(byProject.containsKey(TROUBLED), byProject.toString());
        assertTrue(facts.overdue(Instant.ofEpochMilli(deadline).minus(Duration.ofDays(30)), Instant.ofEpochMilli(deadline)).isEmpty());

        // Answered late: still overdue in the window, with when it was answered.
        expect(200, http(port, "POST", "/api/v1/letters/" + id + "/answer", OTHER_SITE_TOKEN, "{\"text\":\"已组织排查整改\"}"));
        assertEquals(0, get("/api/v1/letters?overdue=true", REG_FUZHOU).get("total").asLong());
        LetterFacts.OverdueLetter late = facts.overdue(Instant.ofEpochMilli(deadline).minus(Duration.ofDays(30)),
                clock.instant().plusSeconds(1)).get("WL-05").get(0);
        assertTrue(late.answeredAt() != null && late.answeredAt().toEpochMilli() > deadline, late.toString());
    }

    /** The project's item in the ranking of a window (the default model). */
    private static JsonNode rankedItem(String projectId, long from, long to) throws Exception {
        JsonNode ranking = get("/api/v1/risk?scope=project&from=" + from + "&to=" + to, REG_FUZHOU);
        for (JsonNode item : ranking.get("items")) {
            if (item.get("id").asText().equals(projectId)) {
                return item;
            }
        }
        throw new AssertionError(projectId + " not ranked: " + ranking);
    }

    private static void badRequest(HttpResponse<String> r, String name) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        String message = JSON.readTree(r.body()).get("message").asText();
        assertTrue(message.contains(name), name + " named in: " + message);
    }

    private static JsonNode factor(JsonNode facts, String id) {
        for (JsonNode f : facts.get("factors")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no factor " + id + " in " + facts);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String pdftotext(byte[] pdf, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pdftotext finished");
        assertEquals(0, p.exitValue(), "pdftotext (Debian's poppler-utils) is needed: " + text);
        return text;
    }

}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.DEVICE_ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ShiftedClock;
import io.sitewatch.service.testsupport.SimulatorRun;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The early-warning ranking over HTTP on a province of 20 projects and 30 days whose data went the
 * real way (MQTT, ingest, the alarm engine, the hazard ledger, the registry): three projects with
 * trouble — a crane overloaded again and again, a major hazard left past its deadline, a project
 * manager mostly away — rank at the top, each named by the factor of its trouble with the evidence
 * behind it; every item's contributions add up to its score; the same window ranks the same again;
 * another region's regulator sees nothing, a site's token is refused, bad parameters are named.
 */
class RiskRankingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SITE_TOKEN = "test-site-risk-token-0123456789";
    private static final String OVERLOADED = "RK-07";
    private static final String OVERDUE = "RK-19";
    private static final String ABSENT = "RK-13";
    private static final String NOISY = "RK-03";
    private static final int OVERLOADS = 12;
    private static final LocalDate TODAY = LocalDate.now(ZONE);
    private static final LocalDate FIRST = TODAY.minusDays(30);
    private static final long FROM = FIRST.atStartOfDay(ZONE).toInstant().toEpochMilli();
    private static final long TO = TODAY.atStartOfDay(ZONE).toInstant().toEpochMilli();
    /** The assertions on scores were written for model 2026.1; 2026.2 (the default) has a test of its own. */
    private static final String WINDOW = "from=" + FROM + "&to=" + TO + "&model=2026.1";
    private static final String WINDOW_2026_2 = "from=" + FROM + "&to=" + TO;
    /** Its crane's use registration runs out ten days after today: expiring, in the papers factor of 2026.2. */
    private static final String EXPIRING = "RK-05";

    private static SiteWatchService service;
    private static int port;
    private static String hazardId;
    private static String dbUrl;

    static String site(int i) {
        return String.format("RK-%02d", i);
    }

    @BeforeAll
    static void start() throws Exception {
        dbUrl = TestPostgres.newDatabase();
        SiteWatchConfig base = ServiceFixture.config(dbUrl, TestBroker.shared().url(), "risk-it-" + UUID.randomUUID(),
                Map.of());
        SiteWatchConfig config = base.withTokens(List.of(
                new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz", "regulator", List.of("350100")),
                new SiteWatchConfig.TokenGrant(REG_XIAMEN, "xm", "regulator", List.of("350200")),
                new SiteWatchConfig.TokenGrant(DEVICE_ADMIN, "da", "device-admin", List.of()),
                new SiteWatchConfig.TokenGrant(SITE_TOKEN, "rk-safety", "site", List.of(), List.of(OVERDUE))));
        // The service starts twelve days back, when the regulator found the major hazard; then time runs to now.
        ShiftedClock clock = new ShiftedClock(Instant.ofEpochMilli(TO).minus(Duration.ofDays(12)));
        service = Components.service(config, clock).start();
        port = service.httpPort();
        for (int i = 1; i <= 20; i++) {
            String s = site(i);
            int enterprise = (i - 1) / 5 + 1;
            expect(200, http(port, "PUT", "/api/v1/sites/" + s, ADMIN, """
                    {"name":"预警测试项目%d","region":"%s","enterprise":{"code":"9135010%dRISK","name":"测试建设%d公司"},
                     "kind":"building","startDate":"2025-01-01","endDate":"2027-12-31"}"""
                    .formatted(i, i <= 10 ? "350102" : "350103", enterprise, enterprise)));
            String papers = s.equals(EXPIRING) ? ",\"registration\":{\"no\":\"闽A-T-2025-0005\",\"validTo\":\"" + TODAY.plusDays(10) + "\"}" : "";
            expect(200, http(port, "PUT", "/api/v1/devices/" + s + "-TC", ADMIN,
                    "{\"siteId\":\"" + s + "\",\"kind\":\"tower_crane\",\"name\":\"1号塔吊\",\"periodS\":60" + papers + "}"));
            expect(200, http(port, "PUT", "/api/v1/devices/" + s + "-REC", ADMIN,
                    "{\"siteId\":\"" + s + "\",\"kind\":\"recorder\",\"name\":\"执法记录仪\",\"periodS\":60}"));
            expect(200, http(port, "PUT", "/api/v1/sites/" + s + "/personnel/" + s + "-PM", DEVICE_ADMIN,
                    "{\"name\":\"项目经理" + i + "\",\"role\":\"project_manager\"}"));
        }
        HttpResponse<String> reported = http(port, "POST", "/api/v1/hazards", REG_FUZHOU, """
                {"siteId":"%s","level":"major","category":"建筑起重机械","clause":"2024-8-4","text":"塔吊力矩限制器失效",
                 "deadlineTs":%d}""".formatted(OVERDUE, clock.millis() + 2 * 86_400_000L));
        expect(201, reported);
        hazardId = JSON.readTree(reported.body()).get("id").asText();
        clock.moveTo(Instant.now());
        ServiceFixture.awaitConnected(service);

        long published = 0;
        long clockIns = 0;
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "risk-it-devices")) {
            for (int i = 1; i <= 20; i++) {
                String s = site(i);
                List<LocalDate> working = service.registry().cache().calendar(s).workingDays(FIRST, TODAY.minusDays(1));
                int overloads = s.equals(OVERLOADED) ? OVERLOADS : s.equals(NOISY) ? 1 : 0;
                for (int d = 0; d < working.size(); d++) {
                    long nine = working.get(d).atTime(9, 0).atZone(ZONE).toInstant().toEpochMilli();
                    List<Integer> loads = new ArrayList<>(List.of(30, 32));
                    if (d >= 1 && d <= overloads) {
                        loads.addAll(List.of(110, 112, 30, 31));
                    }
                    for (int k = 0; k < loads.size(); k++) {
                        dev.publish("sitewatch/v1/" + s + "/" + s + "-TC/telemetry",
                                "{\"ts\":" + (nine + k * 60_000L) + ",\"values\":{\"load_pct\":" + loads.get(k) + "}}", 1);
                        published++;
                    }
                    // The absent manager clocks in on 3 working days; everyone else's on each.
                    if (!s.equals(ABSENT) || d % 9 == 0) {
                        long clockIn = working.get(d).atTime(7, 40).atZone(ZONE).toInstant().toEpochMilli();
                        dev.publish("sitewatch/v1/" + s + "/" + s + "-REC/event", """
                                {"ts":%d,"type":"clock_in","data":{"officer_id":"%s-PM","role":"project_manager","lat":26.08,"lon":119.30}}"""
                                .formatted(clockIn, s), 1);
                        published++;
                        clockIns++;
                    }
                }
            }
        }
        SimulatorRun.settle(service, published);
        long expectedClockIns = clockIns;
        ServiceFixture.awaitQuery("the clock-ins", Duration.ofSeconds(30),
                () -> queryLong(service, "SELECT count(*) FROM device_event WHERE type = 'clock_in'") == expectedClockIns);
        ServiceFixture.awaitQuery("the overload alarms", Duration.ofSeconds(30),
                () -> queryLong(service, "SELECT count(*) FROM alarm WHERE rule = 'tower_crane.load' AND state = 'cleared'") == OVERLOADS + 1);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = http(port, "GET", path, token, null);
        expect(200, r);
        return JSON.readTree(r.body());
    }

    private static JsonNode factor(JsonNode item, String id) {
        for (JsonNode f : item.get("factors")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no factor " + id + " in " + item);
    }

    @Test
    void theThreeTroubledProjectsRankAtTheTopEachNamedByItsTrouble() throws Exception {
        JsonNode ranking = get("/api/v1/risk?scope=project&" + WINDOW, REG_FUZHOU);
        assertEquals("2026.1", ranking.get("model").asText());
        JsonNode items = ranking.get("items");
        assertEquals(20, items.size());
        Set<String> top3 = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            top3.add(items.get(i).get("id").asText());
        }
        assertEquals(Set.of(OVERLOADED, OVERDUE, ABSENT), top3, summary(items));
        assertEquals(OVERLOADED, items.get(0).get("id").asText());
        assertEquals(1, items.get(0).get("rank").asInt());

        for (JsonNode item : items) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode f : item.get("factors")) {
                sum = sum.add(f.get("contribution").decimalValue());
            }
            assertEquals(0, sum.compareTo(item.get("score").decimalValue()), item.toString());
        }
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        items.forEach(i -> byId.put(i.get("id").asText(), i));

        // The overloaded crane: its alarms are the largest contribution, the overload alarms the evidence.
        JsonNode overloaded = byId.get(OVERLOADED);
        assertEquals(largest(overloaded), "alarms", overloaded.toString());
        assertEquals(0, new BigDecimal("25").compareTo(factor(overloaded, "alarms").get("contribution").decimalValue()));
        JsonNode alarmEvidence = get("/api/v1/risk/project/" + OVERLOADED + "/evidence?factor=alarms&" + WINDOW, REG_FUZHOU);
        assertEquals(OVERLOADS, alarmEvidence.get("items").size(), alarmEvidence.toString());
        for (JsonNode e : alarmEvidence.get("items")) {
            assertEquals("tower_crane.load", e.get("rule").asText());
            assertEquals(OVERLOADED + "-TC", e.get("deviceId").asText());
        }
        Set<String> allIds = new HashSet<>();
        alarmEvidence.get("items").forEach(e -> allIds.add(e.get("id").asText()));
        factor(overloaded, "alarms").get("evidence").forEach(id -> assertTrue(allIds.contains(id.asText()), id + " inline, not listed"));

        // The overdue major hazard: named, and counted twice.
        JsonNode overdue = byId.get(OVERDUE);
        assertEquals("major_hazards", largest(overdue), overdue.toString());
        assertEquals(2.0, factor(overdue, "major_hazards").get("value").asDouble());
        assertEquals(List.of(hazardId), ids(factor(overdue, "major_hazards").get("evidence")));
        JsonNode hz = get("/api/v1/risk/project/" + OVERDUE + "/evidence?factor=major_hazards&" + WINDOW, REG_FUZHOU).get("items");
        assertEquals(hazardId, hz.get(0).get("id").asText());
        assertEquals("overdue", hz.get(0).get("rule").asText());

        // The absent manager: present on 3 working days of about 26 against the rule's 80 %.
        JsonNode absent = byId.get(ABSENT);
        assertEquals("attendance", largest(absent), absent.toString());
        assertEquals(List.of(ABSENT + "-PM"), ids(factor(absent, "attendance").get("evidence")));
        assertTrue(factor(absent, "attendance").get("value").asDouble() > 0.6, absent.toString());

        // The others: no offline working day, no absence.
        for (JsonNode item : items) {
            assertEquals(0, factor(item, "offline").get("contribution").decimalValue().signum(), item.toString());
        }
    }

    /**
     * Model 2026.2, the default: nine factors adding up; the recorders sent clock-ins but no
     * position and no safety log, so every working day fails the recorder check; the expiring
     * registration is the papers factor's evidence; the overload alarms, never disposed, the time
     * to dispose; no letter workflow is wired, so no letters.
     */
    @Test
    void model2026v2IsTheDefaultWithTheNewFactorsAndTheirEvidence() throws Exception {
        JsonNode ranking = get("/api/v1/risk?scope=project&" + WINDOW_2026_2, REG_FUZHOU);
        assertEquals("2026.2", ranking.get("model").asText());
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (JsonNode item : ranking.get("items")) {
            byId.put(item.get("id").asText(), item);
            assertEquals(9, item.get("factors").size());
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode f : item.get("factors")) {
                sum = sum.add(f.get("contribution").decimalValue());
            }
            assertEquals(0, sum.compareTo(item.get("score").decimalValue()), item.toString());
            assertEquals(1.0, factor(item, "recorder").get("value").asDouble(), item.toString());
            assertEquals(0, factor(item, "letters").get("contribution").decimalValue().signum(), item.toString());
        }
        int workingDays = service.registry().cache().calendar("RK-01").workingDays(FIRST, TODAY.minusDays(1)).size();
        JsonNode days = get("/api/v1/risk/project/RK-01/evidence?factor=recorder&" + WINDOW_2026_2, REG_FUZHOU).get("items");
        assertEquals(workingDays, days.size(), days.toString());
        assertEquals("no_recorder,no_log", days.get(0).get("rule").asText());

        JsonNode expiring = byId.get(EXPIRING);
        assertEquals(0.25, factor(expiring, "papers").get("value").asDouble(), expiring.toString());
        assertEquals(List.of(EXPIRING + "-TC"), ids(factor(expiring, "papers").get("evidence")));
        JsonNode paper = get("/api/v1/risk/project/" + EXPIRING + "/evidence?factor=papers&" + WINDOW_2026_2, REG_FUZHOU).get("items");
        assertEquals(1, paper.size(), paper.toString());
        assertEquals("registration", paper.get(0).get("rule").asText());
        assertEquals("expiring", paper.get(0).get("level").asText());
        assertEquals(TODAY.plusDays(10).toString(), paper.get(0).get("date").asText());
        assertEquals(0, factor(byId.get("RK-01"), "papers").get("contribution").decimalValue().signum());

        JsonNode overloaded = byId.get(OVERLOADED);
        assertTrue(factor(overloaded, "dispose_minutes").get("value").asDouble() > 0, overloaded.toString());
        JsonNode disposeEvidence = get("/api/v1/risk/project/" + OVERLOADED + "/evidence?factor=dispose_minutes&" + WINDOW_2026_2, REG_FUZHOU);
        JsonNode ackEvidence = get("/api/v1/risk/project/" + OVERLOADED + "/evidence?factor=ack_minutes&" + WINDOW_2026_2, REG_FUZHOU);
        assertEquals(ackEvidence.get("items").size(), disposeEvidence.get("items").size());
        assertTrue(disposeEvidence.get("items").size() >= OVERLOADS, disposeEvidence.toString());
    }

    /** id score [factor contribution ...] per item: what a failure shows. */
    private static String summary(JsonNode items) {
        StringBuilder b = new StringBuilder();
        for (JsonNode i : items) {
            b.append('\n').append(i.get("id").asText()).append(' ').append(i.get("score").asText());
            i.get("factors").forEach(f -> b.append(' ').append(f.get("id").asText()).append('=').append(f.get("contribution").asText())
                    .append('(').append(f.get("value").asText()).append(')'));
        }
        return b.toString();
    }

    private static String largest(JsonNode item) {
        String best = null;
        BigDecimal max = BigDecimal.valueOf(-1);
        for (JsonNode f : item.get("factors")) {
            if (f.get("contribution").decimalValue().compareTo(max) > 0) {
                max = f.get("contribution").decimalValue();
                best = f.get("id").asText();
            }
        }
        return best;
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void enterprisesAndRegionsAggregateAndTheSameWindowRanksTheSameAgain() throws Exception {
        String first = http(port, "GET", "/api/v1/risk?scope=enterprise&" + WINDOW, REG_FUZHOU, null).body();
        assertEquals(first, http(port, "GET", "/api/v1/risk?scope=enterprise&" + WINDOW, REG_FUZHOU, null).body());
        JsonNode enterprises = JSON.readTree(first).get("items");
        assertEquals(4, enterprises.size());
        for (JsonNode e : enterprises) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode f : e.get("factors")) {
                sum = sum.add(f.get("contribution").decimalValue());
            }
            assertEquals(0, sum.compareTo(e.get("score").decimalValue()), e.toString());
        }
        JsonNode regions = get("/api/v1/risk?scope=region&" + WINDOW, REG_FUZHOU).get("items");
        assertEquals(Set.of("350102", "350103"), Set.of(regions.get(0).get("id").asText(), regions.get(1).get("id").asText()));
        JsonNode members = get("/api/v1/risk/region/350103/evidence?factor=major_hazards&" + WINDOW, REG_FUZHOU).get("items");
        assertEquals(OVERDUE, members.get(0).get("id").asText());
        // Narrowed to one district: only its ten projects.
        assertEquals(10, get("/api/v1/risk?region=350102&" + WINDOW, REG_FUZHOU).get("items").size());
        assertEquals(20, get("/api/v1/risk?" + WINDOW, ADMIN).get("items").size());
        JsonNode model = get("/api/v1/risk/model?model=2026.1", REG_FUZHOU);
        assertEquals(5, model.get("factors").size());
        JsonNode current = get("/api/v1/risk/model", REG_FUZHOU);
        assertEquals("2026.2", current.get("model").asText());
        assertEquals(9, current.get("factors").size());
        assertTrue(model.get("factors").get(0).get("why").asText().length() > 10);
    }

    @Test
    void anotherRegionsRegulatorSeesNothingAndASiteIsRefused() throws Exception {
        for (String scope : List.of("project", "enterprise", "region")) {
            assertEquals(0, get("/api/v1/risk?scope=" + scope + "&" + WINDOW, REG_XIAMEN).get("items").size(), scope);
        }
        assertEquals(404, http(port, "GET", "/api/v1/risk/project/" + OVERDUE + "/evidence?factor=major_hazards&" + WINDOW, REG_XIAMEN,
                null).statusCode());
        assertEquals(404, http(port, "GET", "/api/v1/risk/region/350103/evidence?factor=alarms&" + WINDOW, REG_XIAMEN, null).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/risk?" + WINDOW, SITE_TOKEN, null).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/risk/project/" + OVERDUE + "/evidence?factor=alarms", SITE_TOKEN, null).statusCode());
        assertEquals(401, http(port, "GET", "/api/v1/risk", null, null).statusCode());
    }

    @Test
    void badParametersAreNamed() throws Exception {
        Map<String, String> bad = Map.of(
                "/api/v1/risk?scope=district", "scope",
                "/api/v1/risk?from=yesterday", "from",
                "/api/v1/risk?to=2026-13-01", "to",
                "/api/v1/risk?from=" + TO + "&to=" + FROM, "from must be before to",
                "/api/v1/risk?model=1.0", "model",
                "/api/v1/risk?region=35", "region",
                "/api/v1/risk?limit=-1", "limit",
                "/api/v1/risk/project/" + OVERDUE + "/evidence", "factor",
                "/api/v1/risk/project/" + OVERDUE + "/evidence?factor=weather", "factor",
                "/api/v1/risk/county/" + OVERDUE + "/evidence?factor=alarms", "scope");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = http(port, "GET", e.getKey(), REG_FUZHOU, null);
            assertEquals(400, r.statusCode(), e.getKey() + " " + r.body());
            assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith(e.getValue()), e.getKey() + " " + r.body());
        }
    }

    /** Runs {@code sitewatch <args>} in this JVM: exit status, stdout, stderr. */
    private static String[] sitewatch(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int status = cl.execute(args);
        return new String[] {String.valueOf(status), out.toString(), err.toString()};
    }

    @Test
    void theRankCommandPrintsThePastWindowsRankingAsTheApiDoes() throws Exception {
        String last = TODAY.minusDays(1).toString();
        String[] r = sitewatch("risk", "rank", "--from", FIRST.toString(), "--to", last, "--format", "json", "--model", "2026.1",
                "--jdbc-url", dbUrl, "--db-user", TestPostgres.user());
        assertEquals("0", r[0], r[2]);
        JsonNode printed = JSON.readTree(r[1]);
        JsonNode served = get("/api/v1/risk?" + WINDOW, ADMIN);
        assertEquals(served.get("items").size(), printed.get("items").size());
        for (int i = 0; i < served.get("items").size(); i++) {
            JsonNode a = served.get("items").get(i);
            JsonNode b = printed.get("items").get(i);
            assertEquals(a.get("id").asText(), b.get("id").asText());
            assertEquals(0, a.get("score").decimalValue().compareTo(b.get("score").decimalValue()), a.get("id").asText());
        }
        String[] again = sitewatch("risk", "rank", "--from", FIRST.toString(), "--to", last, "--format", "json", "--model", "2026.1",
                "--jdbc-url", dbUrl, "--db-user", TestPostgres.user());
        assertEquals(r[1], again[1], "the same window and model rank the same");
        String[] text = sitewatch("risk", "rank", "--from", FIRST.toString(), "--to", last, "--scope", "region",
                "--jdbc-url", dbUrl, "--db-user", TestPostgres.user());
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].contains("350103") && text[1].contains("major_hazards"), text[1]);

        for (String[] bad : List.of(new String[] {"--scope", "district"}, new String[] {"--format", "xml"}, new String[] {"--model", "1999.1"},
                new String[] {"--region", "35"})) {
            List<String> args = new ArrayList<>(List.of("risk", "rank", "--from", FIRST.toString(), "--to", last,
                    "--jdbc-url", dbUrl, "--db-user", TestPostgres.user()));
            args.addAll(List.of(bad));
            String[] refused = sitewatch(args.toArray(String[]::new));
            assertEquals("2", refused[0], String.join(" ", bad));
            assertEquals("", refused[1], "nothing on stdout");
            assertEquals(1, refused[2].strip().lines().count(), refused[2]);
            assertTrue(refused[2].contains(bad[0]), refused[2]);
        }
    }

    @Test
    void theUnannouncedInspectionListIsDrawnByRiskRecordedAndNeverShownToASite() throws Exception {
        HttpResponse<String> r = http(port, "POST", "/api/v1/risk/inspections", REG_FUZHOU,
                "{\"count\":3,\"from\":" + FROM + ",\"to\":" + TO + "}");
        expect(201, r);
        JsonNode draw = JSON.readTree(r.body());
        assertEquals(3, draw.get("picks").size());
        Set<String> picked = new HashSet<>();
        draw.get("picks").forEach(p -> picked.add(p.get("id").asText()));
        assertEquals(3, picked.size());
        assertTrue(picked.stream().allMatch(id -> id.startsWith("RK-")), picked.toString());
        assertTrue(draw.get("seed").asText().matches("-?\\d+"), draw.toString());
        assertEquals(List.of("350100"), ids(draw.get("scope")));

        JsonNode listed = get("/api/v1/risk/inspections", REG_FUZHOU).get("items");
        assertTrue(listed.size() >= 1 && listed.get(0).get("id").asLong() == draw.get("id").asLong(), listed.toString());
        assertEquals(0, get("/api/v1/risk/inspections", REG_XIAMEN).get("items").size());
        assertEquals(403, http(port, "GET", "/api/v1/risk/inspections", SITE_TOKEN, null).statusCode());
        assertEquals(403, http(port, "POST", "/api/v1/risk/inspections", SITE_TOKEN, "{\"count\":1}").statusCode());
        HttpResponse<String> bad = http(port, "POST", "/api/v1/risk/inspections", REG_FUZHOU, "{\"count\":0}");
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).get("message").asText().startsWith("count"), bad.body());
        HttpResponse<String> foreign = http(port, "POST", "/api/v1/risk/inspections", REG_XIAMEN, "{\"count\":1,\"region\":\"350102\"}");
        assertEquals(400, foreign.statusCode());
        assertTrue(JSON.readTree(foreign.body()).get("message").asText().startsWith("region"), foreign.body());
    }
}

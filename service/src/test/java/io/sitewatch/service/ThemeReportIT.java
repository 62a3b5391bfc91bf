package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
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
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gondola theme's report for last month (issue 20's acceptance) on gondolas of three Fuzhou
 * districts whose data went the real way (MQTT, ingest, the alarm engine, the rollups): people over
 * the limit and the safety lock catching the platform raise alarms, and the report shows them per
 * 100 gondola-days per district and rolled up to the city; the gondola hazards found and closed in
 * the month; the site far above the others stands out. Another region's regulator sees nothing; a
 * site's token is refused the report and the unannounced inspection list, which can be drawn among
 * the theme's projects.
 */
class ThemeReportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SITE_TOKEN = "test-site-theme-token-0123456789";
    private static final YearMonth MONTH = YearMonth.now(ZONE).minusMonths(1);
    /** Days of the month each gondola reports on: 10 gondola-days a gondola. */
    private static final List<Integer> DAYS = List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

    /** Site, district, its gondolas, then per gondola: days with people over the limit, days the safety lock caught. */
    private record Gondola(String site, String region, String device, Set<Integer> overLimit, Set<Integer> locks) {
    }

    private static final List<Gondola> GONDOLAS = List.of(
            // 鼓楼 350102: two sites, three gondolas, 30 gondola-days; 3 over the limit, 1 lock.
            new Gondola("TH-01", "350102", "TH-01-G1", Set.of(4, 6, 8), Set.of()),
            new Gondola("TH-01", "350102", "TH-01-G2", Set.of(), Set.of(5)),
            new Gondola("TH-02", "350102", "TH-02-G1", Set.of(), Set.of()),
            // 台江 350103: 10 gondola-days; 2 over the limit, 2 locks.
            new Gondola("TH-03", "350103", "TH-03-G1", Set.of(3, 9), Set.of(7, 11)),
            // 仓山 350104: two sites, 20 gondola-days; TH-05 is the one far above the others (7 of 7).
            new Gondola("TH-04", "350104", "TH-04-G1", Set.of(), Set.of()),
            new Gondola("TH-05", "350104", "TH-05-G1", Set.of(3, 4, 5, 6, 7, 8, 9), Set.of()));
    private static final String CRANE_SITE = "TH-09";

    private static SiteWatchService service;
    private static int port;
    private static String foundAndClosed;

    @BeforeAll
    static void start() throws Exception {
        String dbUrl = TestPostgres.newDatabase();
        SiteWatchConfig config = ServiceFixture.config(dbUrl, TestBroker.shared().url(), "theme-it-" + UUID.randomUUID(), Map.of())
                .withTokens(List.of(
                        new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                        new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz", "regulator", List.of("350100")),
                        new SiteWatchConfig.TokenGrant(REG_XIAMEN, "xm", "regulator", List.of("350200")),
                        new SiteWatchConfig.TokenGrant(SITE_TOKEN, "th-safety", "site", List.of(), List.of("TH-01"))));
        // The service starts in the middle of last month, when the hazards were found; then time runs to now.
        ShiftedClock clock = new ShiftedClock(MONTH.atDay(15).atTime(10, 0).atZone(ZONE).toInstant());
        service = Components.service(config, clock).start();
        port = service.httpPort();
        Set<String> sites = new HashSet<>();
        for (Gondola g : GONDOLAS) {
            if (sites.add(g.site())) {
                putSite(g.site(), g.region());
            }
            expect(200, http(port, "PUT", "/api/v1/devices/" + g.device(), ADMIN,
                    "{\"siteId\":\"" + g.site() + "\",\"kind\":\"gondola\",\"name\":\"吊篮\",\"periodS\":60}"));
        }
        putSite(CRANE_SITE, "350102");
        expect(200, http(port, "PUT", "/api/v1/devices/" + CRANE_SITE + "-TC", ADMIN,
                "{\"siteId\":\"" + CRANE_SITE + "\",\"kind\":\"tower_crane\",\"name\":\"1号塔吊\",\"periodS\":60}"));

        // Hazards of the month: a gondola hazard found and closed, one found and left open, a fire hazard (not the theme's).
        long deadline = clock.millis() + 2 * 86_400_000L;
        foundAndClosed = hazard("TH-01", "高处作业", "吊篮安全锁未定期检查", deadline);
        hazard("TH-03", "吊篮", "吊篮钢丝绳磨损", deadline);
        hazard("TH-01", "消防", "灭火器过期", deadline);
        expect(200, http(port, "POST", "/api/v1/hazards/" + foundAndClosed + "/rectify", SITE_TOKEN,
                "{\"text\":\"已检查安全锁\",\"photoSha256\":\"" + "ab".repeat(32) + "\"}"));
        expect(200, http(port, "POST", "/api/v1/hazards/" + foundAndClosed + "/review", REG_FUZHOU, "{\"accept\":true}"));
        clock.moveTo(java.time.Instant.now());
        ServiceFixture.awaitConnected(service);

        long published = 0;
        try (TestDevices dev = new TestDevices(TestBroker.shared().url(), "theme-it-devices")) {
            for (Gondola g : GONDOLAS) {
                String topic = "sitewatch/v1/" + g.site() + "/" + g.device() + "/telemetry";
                for (int day : DAYS) {
                    long nine = MONTH.atDay(day).atTime(9, 0).atZone(ZONE).toInstant().toEpochMilli();
                    dev.publish(topic, sample(nine, 1, 0), 1);
                    published++;
                    if (g.overLimit().contains(day)) {
                        dev.publish(topic, sample(nine + 10 * 60_000L, 3, 0), 1);
                        dev.publish(topic, sample(nine + 11 * 60_000L, 1, 0), 1);
                        published += 2;
                    }
                    if (g.locks().contains(day)) {
                        dev.publish(topic, sample(nine + 20 * 60_000L, 1, 1), 1);
                        dev.publish(topic, sample(nine + 21 * 60_000L, 1, 0), 1);
                        published += 2;
                    }
                }
            }
            for (int day : DAYS) {
                dev.publish("sitewatch/v1/" + CRANE_SITE + "/" + CRANE_SITE + "-TC/telemetry",
                        "{\"ts\":" + MONTH.atDay(day).atTime(9, 0).atZone(ZONE).toInstant().toEpochMilli() + ",\"values\":{\"load_pct\":30}}", 1);
                published++;
            }
        }
        SimulatorRun.settle(service, published);
        ServiceFixture.awaitQuery("the people-over-limit alarms", Duration.ofSeconds(30),
                () -> queryLong(service, "SELECT count(*) FROM alarm WHERE rule = 'gondola.people' AND state = 'cleared'") == 12);
        ServiceFixture.awaitQuery("the safety-lock alarms", Duration.ofSeconds(30),
                () -> queryLong(service, "SELECT count(*) FROM alarm WHERE rule = 'gondola.fall_arrest' AND state = 'cleared'") == 3);
        // The device-days come from the rollups, which follow the samples.
        ServiceFixture.awaitQuery("the gondola-days in the report", Duration.ofSeconds(60),
                () -> report("", ADMIN).get("total").get("deviceDays").get("gondola").asInt() == 60);
    }

    private static void putSite(String site, String region) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/sites/" + site, ADMIN, """
                {"name":"主题测试项目%s","region":"%s","enterprise":{"code":"91350100THEME","name":"测试建设公司"},
                 "kind":"building","startDate":"2025-01-01","endDate":"2027-12-31"}""".formatted(site, region)));
    }

    private static String hazard(String site, String category, String text, long deadline) throws Exception {
        HttpResponse<String> r = http(port, "POST", "/api/v1/hazards", REG_FUZHOU, """
                {"siteId":"%s","level":"general","category":"%s","text":"%s","deadlineTs":%d}""".formatted(site, category, text, deadline));
        expect(201, r);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static String sample(long ts, int people, int fallArrest) {
        return "{\"ts\":" + ts + ",\"values\":{\"people\":" + people + ",\"fall_arrest\":" + fallArrest + "}}";
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static JsonNode report(String query, String token) throws Exception {
        HttpResponse<String> r = http(port, "GET", "/api/v1/themes/gondola/report?month=" + MONTH + query, token, null);
        expect(200, r);
        return JSON.readTree(r.body());
    }

    private static JsonNode row(JsonNode rows, String region) {
        for (JsonNode r : rows) {
            if (r.get("region").asText().equals(region)) {
                return r;
            }
        }
        throw new AssertionError("no row " + region + " in " + rows);
    }

    private static JsonNode indicator(JsonNode row, String id) {
        for (JsonNode v : row.get("indicators")) {
            if (v.get("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("no indicator " + id + " in " + row);
    }

    private static void assertRate(String expected, JsonNode value) {
        assertEquals(0, new BigDecimal(expected).compareTo(value.get("per100DeviceDays").decimalValue()), value.toString());
    }

    @Test
    void theGondolaReportShowsPeopleOverTheLimitAndSafetyLocksPer100GondolaDaysByDistrict() throws Exception {
        JsonNode r = report("", REG_FUZHOU);
        assertEquals("gondola", r.get("theme").get("id").asText());
        assertEquals("吊篮安全治理", r.get("theme").get("name").asText());
        assertEquals(MONTH.toString(), r.get("month").asText());
        JsonNode districts = r.get("districts");
        assertEquals(3, districts.size(), districts.toString());

        JsonNode gulou = row(districts, "350102");
        assertEquals(30, gulou.get("deviceDays").get("gondola").asInt());
        assertEquals(2, gulou.get("sites").asInt(), "TH-09 has no gondola");
        assertEquals(3, indicator(gulou, "people_over_limit").get("count").asInt());
        assertRate("10.00", indicator(gulou, "people_over_limit"));
        assertEquals(1, indicator(gulou, "safety_lock").get("count").asInt());
        assertRate("3.33", indicator(gulou, "safety_lock"));

        JsonNode taijiang = row(districts, "350103");
        assertEquals(10, taijiang.get("deviceDays").get("gondola").asInt());
        assertRate("20.00", indicator(taijiang, "people_over_limit"));
        assertRate("20.00", indicator(taijiang, "safety_lock"));

        JsonNode cangshan = row(districts, "350104");
        assertEquals(20, cangshan.get("deviceDays").get("gondola").asInt());
        assertRate("35.00", indicator(cangshan, "people_over_limit"));
        assertRate("0", indicator(cangshan, "safety_lock"));

        // Fuzhou adds its districts up: 12 over the limit and 3 locks on 60 gondola-days.
        JsonNode fuzhou = row(r.get("cities"), "350100");
        assertEquals(60, fuzhou.get("deviceDays").get("gondola").asInt());
        assertEquals(12, indicator(fuzhou, "people_over_limit").get("count").asInt());
        assertRate("20.00", indicator(fuzhou, "people_over_limit"));
        assertRate("5.00", indicator(fuzhou, "safety_lock"));

        // TH-05: 7 over the limit on 10 gondola-days, 70 per 100 against the report's 20 (≥ 2×, ≥ 3 events).
        JsonNode standouts = r.get("standouts");
        assertEquals(1, standouts.size(), standouts.toString());
        assertEquals("TH-05", standouts.get(0).get("siteId").asText());
        assertEquals("people_over_limit", standouts.get(0).get("indicator").asText());
        assertEquals(0, new BigDecimal("70").compareTo(standouts.get(0).get("rate").decimalValue()));

        // The gondola hazards of the month: two found, one of them closed; the fire hazard is not the theme's.
        assertEquals(2, r.get("total").get("hazardsFound").asInt(), r.get("hazards").toString());
        assertEquals(1, r.get("total").get("hazardsClosed").asInt());
        assertEquals(1, row(districts, "350102").get("hazardsClosed").asInt());
        assertEquals(1, row(districts, "350103").get("hazardsFound").asInt());
        assertEquals(2, r.get("hazards").size());
        assertTrue(r.get("hazards").toString().contains(foundAndClosed));

        // One district asked for: its rows only.
        JsonNode one = report("&region=350103", REG_FUZHOU);
        assertEquals(1, one.get("districts").size());
        assertEquals(10, one.get("total").get("deviceDays").get("gondola").asInt());
        assertEquals(r.toString(), report("", ADMIN).toString(), "the admin sees what Fuzhou's regulator sees: every site is in Fuzhou");
    }

    @Test
    void theThemesListNamesTheCurrentMonthsTheme() throws Exception {
        HttpResponse<String> res = http(port, "GET", "/api/v1/themes", REG_FUZHOU, null);
        expect(200, res);
        JsonNode list = JSON.readTree(res.body());
        assertEquals(5, list.get("themes").size());
        assertEquals(YearMonth.now(ZONE).toString(), list.get("month").asText());
        assertTrue(list.get("standout").get("factor").asDouble() >= 2);
    }

    @Test
    void anotherRegionsRegulatorSeesNothingAndASiteIsRefused() throws Exception {
        JsonNode xm = report("", REG_XIAMEN);
        assertEquals(0, xm.get("districts").size());
        assertEquals(0, xm.get("total").get("deviceDays").get("gondola").asInt());
        assertEquals(0, xm.get("standouts").size());
        assertEquals(0, xm.get("hazards").size());
        assertTrue(!xm.toString().contains("TH-0"), xm.toString());
        assertEquals(0, report("&region=350102", REG_XIAMEN).get("districts").size());

        assertEquals(403, http(port, "GET", "/api/v1/themes/gondola/report?month=" + MONTH, SITE_TOKEN, null).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/themes", SITE_TOKEN, null).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/risk/inspections", SITE_TOKEN, null).statusCode());
        assertEquals(403, http(port, "POST", "/api/v1/risk/inspections", SITE_TOKEN, "{\"count\":1,\"theme\":\"gondola\"}").statusCode());
        assertEquals(401, http(port, "GET", "/api/v1/themes/gondola/report", null, null).statusCode());
    }

    @Test
    void theInspectionListCanBeDrawnAmongTheThemesProjects() throws Exception {
        long from = MONTH.atDay(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        long to = MONTH.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        HttpResponse<String> r = http(port, "POST", "/api/v1/risk/inspections", REG_FUZHOU,
                "{\"count\":10,\"theme\":\"gondola\",\"from\":" + from + ",\"to\":" + to + "}");
        expect(201, r);
        JsonNode draw = JSON.readTree(r.body());
        assertEquals("gondola", draw.get("theme").asText());
        Set<String> picked = new HashSet<>();
        draw.get("picks").forEach(p -> picked.add(p.get("id").asText()));
        assertEquals(Set.of("TH-01", "TH-02", "TH-03", "TH-04", "TH-05"), picked, "every gondola project, not the crane's");
        JsonNode listed = JSON.readTree(http(port, "GET", "/api/v1/risk/inspections?theme=gondola", REG_FUZHOU, null).body()).get("items");
        assertEquals(draw.get("id").asLong(), listed.get(0).get("id").asLong());
        listed.forEach(d -> assertEquals("gondola", d.get("theme").asText(), d.toString()));
        assertEquals(0, JSON.readTree(http(port, "GET", "/api/v1/risk/inspections?theme=fire", REG_FUZHOU, null).body()).get("items").size());
        assertEquals(0, JSON.readTree(http(port, "GET", "/api/v1/risk/inspections?theme=gondola", REG_XIAMEN, null).body()).get("items").size());
        assertEquals(400, http(port, "GET", "/api/v1/risk/inspections?theme=weather", REG_FUZHOU, null).statusCode());
        assertEquals(403, http(port, "GET", "/api/v1/risk/inspections?theme=gondola", SITE_TOKEN, null).statusCode());

        HttpResponse<String> bad = http(port, "POST", "/api/v1/risk/inspections", REG_FUZHOU, "{\"count\":1,\"theme\":\"weather\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).get("message").asText().startsWith("theme"), bad.body());
    }

    @Test
    void badParametersAreNamed() throws Exception {
        Map<String, String> bad = Map.of(
                "/api/v1/themes/gondola/report?month=2026-13", "month",
                "/api/v1/themes/gondola/report?month=november", "month",
                "/api/v1/themes/gondola/report?region=35", "region");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = http(port, "GET", e.getKey(), REG_FUZHOU, null);
            assertEquals(400, r.statusCode(), e.getKey() + " " + r.body());
            assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith(e.getValue()), e.getKey() + " " + r.body());
        }
        assertEquals(404, http(port, "GET", "/api/v1/themes/weather/report", REG_FUZHOU, null).statusCode());
    }
}

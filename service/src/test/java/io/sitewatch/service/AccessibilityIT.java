package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.service.testsupport.Axe;
import io.sitewatch.service.testsupport.Chromium;
import io.sitewatch.service.testsupport.Chromium.Page;
import io.sitewatch.service.testsupport.LatinRuns;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every console page, in each role that uses it and in both languages, checked by axe-core in headless
 * Chromium: no serious or critical violation of WCAG 2.1 A/AA. In Chinese, each page's content also
 * carries no English sentence (no run of four or more Latin letters outside codes and units). The
 * pages carry data (a site, an open alarm, a hazard, an issued warning letter, an open detail dialog) so the checks see what
 * people see, not empty shells.
 */
class AccessibilityIT {

    private static SiteWatchService service;
    private static String base;
    private static TestDevices devices;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        service = Components.service(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "a11y-it", Map.of())).start();
        int port = service.httpPort();
        base = "http://127.0.0.1:" + port;
        ServiceFixture.registerCraneSite(port, "FZ-A11Y", "350102", "FZ-A11Y-TC1");
        for (String[] u : List.of(new String[] {"a11y-reg", "regulator", "\"regions\":[\"350100\"]"},
                new String[] {"a11y-site", "site", "\"sites\":[\"FZ-A11Y\"]"},
                new String[] {"a11y-rater", "rater", "\"regions\":[]"},
                new String[] {"a11y-admin", "admin", "\"regions\":[]"})) {
            ServiceFixture.expect(200, http(port, "PUT", "/api/v1/users/" + u[0], ADMIN,
                    "{\"password\":\"Access-2026-check\",\"name\":\"检查员\",\"role\":\"" + u[1] + "\"," + u[2] + "}"));
        }
        devices = new TestDevices(TestBroker.shared().url(), "a11y-it-devices");
        ServiceFixture.awaitConnected(service);
        long now = System.currentTimeMillis();
        devices.publish("sitewatch/v1/FZ-A11Y/FZ-A11Y-TC1/telemetry", "{\"ts\":" + (now - 10_000) + ",\"values\":{\"moment_pct\":104}}", 1);
        devices.publish("sitewatch/v1/FZ-A11Y/FZ-A11Y-TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"moment_pct\":106}}", 1);
        // A refused message (seconds for milliseconds), so the admin page lists a dead letter with its raw payload.
        devices.publish("sitewatch/v1/FZ-A11Y/FZ-A11Y-TC1/status", "{\"online\":false,\"ts\":1764230400,\"reason\":\"power_off\"}", 1);
        ServiceFixture.awaitQuery("the moment alarm", Duration.ofSeconds(10),
                () -> !ServiceFixture.alarmHistory(port, "FZ-A11Y-TC1").isEmpty());
        // A major hazard in the ledger, so the hazard pages and the site's panel have a row and a detail.
        ServiceFixture.expect(201, http(port, "POST", "/api/v1/hazards", ADMIN, "{\"siteId\":\"FZ-A11Y\",\"level\":\"major\","
                + "\"category\":\"起重机械\",\"clause\":\"2024-8-4\",\"text\":\"塔吊力矩限制器失效\"}"));
        // A warning letter drafted from the site's risk item and issued, so the letters page and the site's panel have one.
        HttpResponse<String> letter = http(port, "POST", "/api/v1/letters", ADMIN, "{\"scope\":\"project\",\"id\":\"FZ-A11Y\"}");
        ServiceFixture.expect(201, letter);
        String letterId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(letter.body()).get("id").asText();
        ServiceFixture.expect(200, http(port, "POST", "/api/v1/letters/" + letterId + "/issue", ADMIN, null));
        Files.createDirectories(Chromium.SHOTS);
        chromium = Chromium.launch();
    }

    @AfterEach
    void closePages() {
        chromium.closePages();
    }

    @AfterAll
    static void stop() throws Exception {
        ServiceFixture.closeAll(chromium, devices, service);
    }

    @Test
    void everyConsolePageHasNoSeriousOrCriticalViolationInEitherLanguage() throws Exception {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Page page = chromium.newPage();
        for (String lang : List.of("zh-CN", "en")) {
            // The sign-in form, before anyone signs in.
            page.navigate(base + "/");
            page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
            setLanguage(page, lang);
            found.put("login " + lang, check(page, lang));

            signIn(page, "a11y-reg", "/console/");
            setLanguage(page, lang);
            page.waitFor("document.querySelector('#alarms tbody tr') !== null", Duration.ofSeconds(10));
            found.put("regulator console " + lang, check(page, lang));
            page.eval("document.querySelector('#alarms tbody tr').click()");
            page.waitFor("document.querySelector('#detail[open]') !== null", Duration.ofSeconds(5));
            found.put("alarm detail " + lang, check(page, lang));
            page.screenshot(Chromium.SHOTS.resolve("a11y-detail-" + lang + ".png"));
            page.navigate(base + "/hazards/");
            page.waitFor("document.querySelector('#hazards tbody tr') !== null && document.querySelector('#board tbody tr') !== null",
                    Duration.ofSeconds(10));
            found.put("hazard ledger " + lang, check(page, lang));
            page.eval("document.querySelector('#hazards tbody tr').click()");
            page.waitFor("document.querySelector('#detail[open]') !== null", Duration.ofSeconds(5));
            found.put("hazard detail " + lang, check(page, lang));
            // The monthly theme of lifting machinery this month: the crane's district in the table and chart, then a draw.
            page.navigate(base + "/themes/?theme=lifting_machinery&month=" + java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")));
            page.waitFor("document.querySelector('#districts tbody tr') !== null && document.querySelector('#charts svg') !== null",
                    Duration.ofSeconds(10));
            page.eval("document.getElementById('draw-submit').click()");
            page.waitFor("document.querySelector('#draws tbody tr') !== null", Duration.ofSeconds(10));
            found.put("monthly theme " + lang, check(page, lang));
            page.screenshot(Chromium.SHOTS.resolve("a11y-themes-" + lang + ".png"));
            // The letters, with the draft form open as the early-warning page links to it.
            page.navigate(base + "/letters/?draft=project:FZ-A11Y&from=2026-11-01&to=2026-12-01");
            page.waitFor("document.querySelector('#letters tbody tr') !== null && !document.getElementById('draft-panel').hidden",
                    Duration.ofSeconds(10));
            found.put("letters " + lang, check(page, lang));
            page.eval("document.querySelector('#letters tbody tr').click()");
            page.waitFor("document.querySelector('#detail[open] .letter-body') !== null", Duration.ofSeconds(5));
            found.put("letter detail " + lang, check(page, lang));
            // The early-warning console: the ranking with its bars, an item's factors and the evidence of one.
            page.navigate(base + "/risk/");
            page.waitFor("document.querySelector('#ranking tbody tr') !== null && document.querySelector('#model tbody tr') !== null",
                    Duration.ofSeconds(10));
            found.put("risk ranking " + lang, check(page, lang));
            page.eval("document.querySelector('#ranking tbody tr .item-name').click()");
            page.waitFor("document.querySelector('#item-factors li') !== null", Duration.ofSeconds(5));
            // The recorder factor: no recorder reports here, so every working day of the window is a row of evidence.
            page.eval("document.querySelector('#item-factors li[data-factor=\"recorder\"] button').click()");
            page.waitFor("document.querySelector('#evidence-table tbody tr') !== null", Duration.ofSeconds(10));
            found.put("risk evidence " + lang, check(page, lang));
            page.screenshot(Chromium.SHOTS.resolve("a11y-risk-" + lang + ".png"));
            signOut(page);

            signIn(page, "a11y-site", "/site/");
            setLanguage(page, lang);
            page.waitFor("document.querySelector('#alarms tbody tr') !== null && document.querySelector('#letters tbody tr') !== null",
                    Duration.ofSeconds(10));
            found.put("site console " + lang, check(page, lang));
            page.eval("document.querySelector('#letters tbody tr button').click()");
            page.waitFor("document.querySelector('#letter[open] .letter-body') !== null", Duration.ofSeconds(5));
            found.put("site letter " + lang, check(page, lang));
            signOut(page);

            signIn(page, "a11y-rater", "/rating/");
            setLanguage(page, lang);
            page.waitFor("document.querySelector('#sites tbody tr') !== null", Duration.ofSeconds(10));
            found.put("rating console " + lang, check(page, lang));
            signOut(page);

            signIn(page, "a11y-admin", "/console/");
            page.navigate(base + "/admin/");
            page.waitFor("document.getElementById('app') && !document.getElementById('app').hidden", Duration.ofSeconds(10));
            setLanguage(page, lang);
            page.waitFor("document.querySelector('#users tbody tr') !== null && document.querySelector('#deadletters tbody tr') !== null",
                    Duration.ofSeconds(10));
            found.put("admin " + lang, check(page, lang));
            signOut(page);
        }
        List<String> all = new ArrayList<>();
        found.forEach((where, list) -> {
            System.out.println("[a11y-it] " + where + ": " + list.size() + " finding(s)");
            list.forEach(v -> all.add(where + ": " + v));
        });
        assertEquals(List.of(), all, "axe-core found serious or critical violations, or English showed in zh mode");
    }

    /** axe-core's serious and critical findings, and in Chinese the English runs in the page's content. */
    private static List<String> check(Page page, String lang) throws Exception {
        List<String> out = new ArrayList<>(Axe.seriousViolations(page));
        if (lang.equals("zh-CN")) {
            for (String part : List.of("#app", "#login")) {
                if (page.eval("!document.querySelector('" + part + "').hidden").asBoolean()) {
                    LatinRuns.find(page, part).forEach(r -> out.add("English in zh mode (" + part + "): " + r));
                }
            }
            if (page.eval("document.querySelector('dialog[open]') !== null").asBoolean()) {
                LatinRuns.find(page, "dialog[open]").forEach(r -> out.add("English in zh mode (dialog): " + r));
            }
        }
        return out;
    }

    private static void signIn(Page page, String user, String landing) throws Exception {
        page.navigate(base + landing);
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("document.getElementById('username').value = '" + user + "'; document.getElementById('password').value = 'Access-2026-check';"
                + "document.getElementById('login-submit').click()");
        page.waitFor("document.getElementById('app') && !document.getElementById('app').hidden", Duration.ofSeconds(10));
    }

    private static void signOut(Page page) throws Exception {
        page.eval("document.getElementById('logout').click()");
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
    }

    private static void setLanguage(Page page, String lang) throws Exception {
        page.eval("if (document.documentElement.lang !== '" + lang + "') document.querySelector('.lang-switch').click()");
        page.waitFor("document.documentElement.lang === '" + lang + "'", Duration.ofSeconds(5));
    }
}

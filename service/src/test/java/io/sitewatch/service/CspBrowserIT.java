package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.RATER;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.Chromium;
import io.sitewatch.service.testsupport.Chromium.Page;
import io.sitewatch.service.testsupport.LatinRuns;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consoles under the service's Content-Security-Policy, in headless Chromium: every console
 * (regulator, hazard ledger, site, rating with its printable report, admin with the audit log) works
 * with no violation reported (the page's {@code securitypolicyviolation} events and the browser's
 * own messages) and no page error; and the policy is really enforced: an inline script or style
 * attribute put into a page is refused.
 */
class CspBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_TOKEN = "test-site-csp-console-0123456789";
    /** Runs before any script of each page: records what the policy refused. */
    private static final String RECORD_VIOLATIONS = "window.__csp = [];"
            + "document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI"
            + " + ' ' + (e.sample || '')));";

    private static SiteWatchService service;
    private static String base;
    private static Chromium chromium;
    private static long submission;
    /** What the browser said about each page: policy violations and page errors. */
    private static final List<String> complaints = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        SiteWatchConfig base0 = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "csp-browser-it", Map.of());
        List<SiteWatchConfig.TokenGrant> tokens = new ArrayList<>(base0.auth().tokens());
        tokens.add(new SiteWatchConfig.TokenGrant(SITE_TOKEN, "csp-site", "site", List.of(), List.of("FZ-CSP")));
        service = Components.service(base0.withTokens(tokens)).start();
        int port = service.httpPort();
        base = "http://127.0.0.1:" + port;
        ServiceFixture.registerCraneSite(port, "FZ-CSP", "350102", "FZ-CSP-TC1");
        submission = RatingReportPdfIT.submit(port);
        ServiceFixture.awaitConnected(service);
        try (TestDevices devices = new TestDevices(TestBroker.shared().url(), "csp-browser-it-devices")) {
            long now = System.currentTimeMillis();
            devices.publish("sitewatch/v1/FZ-CSP/FZ-CSP-TC1/telemetry", "{\"ts\":" + (now - 10_000) + ",\"values\":{\"moment_pct\":104}}", 1);
            devices.publish("sitewatch/v1/FZ-CSP/FZ-CSP-TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"moment_pct\":106}}", 1);
        }
        ServiceFixture.awaitQuery("the moment alarm", Duration.ofSeconds(10),
                () -> !ServiceFixture.alarmHistory(port, "FZ-CSP-TC1").isEmpty());
        expect(201, http(port, "POST", "/api/v1/hazards", ADMIN, "{\"siteId\":\"FZ-CSP\",\"level\":\"major\","
                + "\"category\":\"起重机械\",\"clause\":\"2024-8-4\",\"text\":\"塔吊力矩限制器失效\"}"));
        expect(403, http(port, "PUT", "/api/v1/sites/FZ-CSP", RATER, "{\"name\":\"x\",\"region\":\"350102\",\"kind\":\"building\"}"));
        Files.createDirectories(Chromium.SHOTS);
        chromium = Chromium.launch();
    }

    @BeforeEach
    void forgetComplaints() {
        complaints.clear();
    }

    @AfterEach
    void closePages() {
        chromium.closePages();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyConsoleWorksUnderThePolicyWithNoViolation() throws Exception {
        Page console = page();
        logIn(console, "/console/", REG_FUZHOU);
        console.waitFor("document.querySelector('#alarms tbody tr') !== null && document.querySelector('#sites tbody tr') !== null"
                + " && document.querySelectorAll('#map path').length > 0", Duration.ofSeconds(15));
        console.eval("document.querySelector('#alarms tbody tr').click()");
        console.waitFor("document.querySelector('#detail[open] svg.chart polyline.series') !== null", Duration.ofSeconds(10));
        console.screenshot(Chromium.SHOTS.resolve("csp-01-console.png"));
        assertClean(console, "regulator console");

        Page hazards = page();
        logIn(hazards, "/hazards/", REG_FUZHOU);
        hazards.waitFor("document.querySelector('#hazards tbody tr') !== null && document.querySelector('#board tbody tr') !== null",
                Duration.ofSeconds(15));
        hazards.eval("document.querySelector('#hazards tbody tr').click()");
        hazards.waitFor("document.querySelector('#detail[open]') !== null", Duration.ofSeconds(5));
        assertClean(hazards, "hazard ledger");

        // The monthly theme page draws its bar charts as SVG from script: nothing inline for the policy to refuse.
        Page themes = page();
        logIn(themes, "/themes/?theme=lifting_machinery", REG_FUZHOU);
        themes.waitFor("document.querySelector('#districts tbody tr') !== null && document.querySelector('#charts svg rect.bar') !== null",
                Duration.ofSeconds(15));
        assertClean(themes, "monthly themes");

        Page site = page();
        logIn(site, "/site/", SITE_TOKEN);
        site.waitFor("document.querySelector('#alarms tbody tr') !== null", Duration.ofSeconds(15));
        assertClean(site, "site console");

        Page rating = page();
        logIn(rating, "/rating/", RATER);
        rating.waitFor("document.querySelector('#sites tr[data-site-id=\"FZ-HS\"]') !== null", Duration.ofSeconds(15));
        rating.eval("document.querySelector('#sites tr[data-site-id=\"FZ-HS\"]').click()");
        rating.waitFor("document.querySelectorAll('#items tr[data-item]').length > 0"
                + " && document.querySelector('#applications [data-application-id=\"" + submission + "\"] .act-report') !== null",
                Duration.ofSeconds(30));
        rating.eval("window.open = (url) => { window.__report = url; return null; }");
        rating.eval("document.querySelector('#applications [data-application-id=\"" + submission + "\"] .act-report').click()");
        rating.waitFor("typeof window.__report === 'string'", Duration.ofSeconds(20));
        assertClean(rating, "rating console");
        // The printable report opened from memory keeps the console's policy: its one style element is allowed by hash.
        Page report = page();
        report.navigate(rating.eval("window.__report").asText());
        report.waitFor("document.querySelector('h1.report') !== null", Duration.ofSeconds(10));
        assertEquals("center", report.eval("getComputedStyle(document.querySelector('h1.report')).textAlign").asText(),
                "the report's style applies");
        assertEquals("collapse", report.eval("getComputedStyle(document.querySelector('table')).borderCollapse").asText());
        report.screenshot(Chromium.SHOTS.resolve("csp-02-report.png"));
        assertClean(report, "printable report");

        Page admin = page();
        logIn(admin, "/admin/", ADMIN);
        admin.waitFor("document.querySelector('#audit tbody tr[data-status=\"403\"]') !== null", Duration.ofSeconds(15));
        String refused = admin.eval("document.querySelector('#audit tbody tr[data-status=\"403\"]').textContent").asText();
        assertTrue(refused.contains("PUT /api/v1/sites/FZ-CSP") && refused.contains("无权限") && refused.contains("rater"), refused);
        assertTrue(admin.eval("document.querySelector('#audit tbody tr[data-status=\"201\"]').textContent").asText()
                .contains("POST /api/v1/hazards"), "the hazard entered in the setup");
        LatinRuns.assertNone(admin, ".audit-panel");
        admin.screenshot(Chromium.SHOTS.resolve("csp-03-admin-audit-zh.png"));
        admin.eval("document.querySelector('.lang-switch').click()");
        admin.waitFor("document.querySelector('.audit-panel h2').textContent.startsWith('Audit log')"
                + " && document.querySelector('#audit tbody tr[data-status=\"403\"]').textContent.includes('forbidden')", Duration.ofSeconds(5));
        admin.eval("const s = document.getElementById('a-outcome'); s.value = 'refused'; s.dispatchEvent(new Event('change'))");
        admin.waitFor("[...document.querySelectorAll('#audit tbody tr')].every(tr => !tr.dataset.status.startsWith('2'))", Duration.ofSeconds(5));
        admin.screenshot(Chromium.SHOTS.resolve("csp-04-admin-audit-en.png"));
        assertClean(admin, "admin console");
        assertEquals(List.of(), complaints, "the browser reported policy violations or page errors");
    }

    @Test
    void thePolicyIsEnforcedInlineScriptAndStyleAreRefused() throws Exception {
        Page p = page();
        logIn(p, "/console/", REG_FUZHOU);
        p.eval("const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s);"
                + "const d = document.createElement('div'); d.id = 'styled'; d.setAttribute('style', 'color: rgb(255, 0, 0)'); document.body.append(d);"
                + "true");
        p.waitFor("window.__csp.length >= 2", Duration.ofSeconds(5));
        assertTrue(p.eval("window.__inline === undefined").asBoolean(), "the inline script did not run");
        assertFalse(p.eval("getComputedStyle(document.getElementById('styled')).color").asText().equals("rgb(255, 0, 0)"),
                "the style attribute was not applied");
        String seen = p.eval("window.__csp.join('\\n')").asText();
        assertTrue(seen.contains("script-src") && seen.contains("style-src"), seen);
    }

    // ------------------------------------------------------------------ helpers

    /** A tab that records policy violations (from its first script on) and reports the browser's complaints. */
    private static Page page() throws Exception {
        Page p = chromium.newPage();
        p.send("Log.enable", JSON.createObjectNode());
        p.send("Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source", RECORD_VIOLATIONS));
        p.onEvent(msg -> {
            String method = msg.path("method").asText();
            JsonNode params = msg.path("params");
            if (method.equals("Log.entryAdded") && params.path("entry").path("text").asText().contains("Content Security Policy")) {
                complaints.add("browser: " + params.path("entry").path("text").asText());
            } else if (method.equals("Runtime.exceptionThrown")) {
                complaints.add("page error: " + params.path("exceptionDetails").path("exception").path("description").asText(
                        params.path("exceptionDetails").path("text").asText()));
            }
        });
        return p;
    }

    private static void assertClean(Page p, String what) throws Exception {
        p.settle();
        JsonNode seen = p.eval("window.__csp");
        List<String> found = new ArrayList<>();
        seen.forEach(v -> found.add(what + ": " + v.asText()));
        assertEquals(List.of(), found, what + ": the Content-Security-Policy refused something the page needs");
        assertTrue(p.eval("document.getElementById('page-error') === null || document.getElementById('page-error').textContent === ''")
                .asBoolean(), what + ": the page shows an error");
    }

    private static void logIn(Page page, String path, String token) throws Exception {
        page.navigate(base + path);
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        page.eval("document.getElementById('token').value = " + JSON.writeValueAsString(token)
                + "; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden", Duration.ofSeconds(10));
    }
}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.service.testsupport.Chromium;
import io.sitewatch.service.testsupport.Chromium.Page;
import io.sitewatch.service.testsupport.LatinRuns;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rating console and its 评价报告 in headless Chromium as a rating officer uses them: an account
 * made by the admin (PUT /api/v1/users), signed in with its password; in zh mode the site's
 * breakdown (verdict, gates, items with their evidence, data quality, applications, history) and
 * the report opened from the submission say nothing in English — no run of four or more Latin
 * letters outside elements marked as codes or units ({@link LatinRuns}); in en mode the same in
 * English. Screenshots in {@code target/screenshots/}.
 */
class RatingReportBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "wang.pj";
    private static final String PASSWORD = "Gulou-2026-rating";

    private static SiteWatchService service;
    private static String base;
    private static Chromium chromium;
    private static long submission;

    @BeforeAll
    static void start() throws Exception {
        service = Components.service(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "rating-browser-it", Map.of())).start();
        int port = service.httpPort();
        base = "http://127.0.0.1:" + port;
        submission = RatingReportPdfIT.submit(port);
        expect(200, http(port, "PUT", "/api/v1/users/" + USER, ADMIN,
                "{\"password\":\"" + PASSWORD + "\",\"name\":\"王评价\",\"role\":\"rater\"}"));
        Files.createDirectories(Chromium.SHOTS);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        ServiceFixture.closeAll(chromium, service);
    }

    @Test
    void aRatingOfficerReadsTheBreakdownAndTheReportInChinese() throws Exception {
        Page page = chromium.newPage();
        page.navigate(base + "/rating/");
        page.waitFor("!document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        page.eval("document.getElementById('username').value = " + JSON.writeValueAsString(USER)
                + "; document.getElementById('password').value = " + JSON.writeValueAsString(PASSWORD)
                + "; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden && document.querySelector('#sites tr[data-site-id=\"FZ-HS\"]') !== null",
                Duration.ofSeconds(15));
        assertTrue(page.eval("document.getElementById('whoami').textContent").asText().contains("王评价"), "signed in by name");

        page.eval("document.querySelector('#sites tr[data-site-id=\"FZ-HS\"]').click()");
        page.waitFor("document.querySelectorAll('#items tr[data-item]').length > 0 && document.querySelectorAll('#gates tr[data-gate]').length > 0"
                + " && document.querySelector('#applications [data-state=\"submitted\"]') !== null"
                + " && document.querySelectorAll('#rating-history li').length > 0", Duration.ofSeconds(30));
        // the breakdown in Chinese: the crane's evidence, the verdict, the declaration as the officer wrote it
        String panel = page.eval("document.getElementById('site-panel').textContent").asText();
        assertTrue(panel.contains("1 台塔式起重机中 0 台数据合格：FZ-HS-TC1 不合格（评价期内无数据"), panel);
        assertTrue(panel.contains("未评星："), panel);
        assertTrue(panel.contains("经鼓楼区质安站记录核查，评价期内无此类事件"), panel);
        page.screenshot(Chromium.SHOTS.resolve("rating-01-breakdown-zh.png"));
        LatinRuns.assertNone(page, "#site-panel");

        // the report of the submission, from its button, in a tab of its own
        page.eval("window.open = (url) => { window.__report = url; return null; }");
        page.eval("document.querySelector('#applications [data-application-id=\"" + submission + "\"] .act-report').click()");
        page.waitFor("typeof window.__report === 'string'", Duration.ofSeconds(20));
        String url = page.eval("window.__report").asText();
        Page report = chromium.newPage();
        report.navigate(url);
        report.waitFor("document.querySelector('h1.report') !== null && document.querySelectorAll('tr[data-item]').length > 0",
                Duration.ofSeconds(10));
        String text = report.eval("document.body.innerText").asText();
        assertTrue(text.contains(RatingReportPdfIT.NAME) && text.contains("福州建工集团有限公司") && text.contains("福建省 福州市 鼓楼区"), text);
        assertEquals("zh-CN", report.eval("document.documentElement.lang").asText());
        report.screenshot(Chromium.SHOTS.resolve("rating-02-report-zh.png"));
        LatinRuns.assertNone(report, "body");

        // the PDF from its button: a PDF, fetched with the officer's sign-in and saved under its file name
        // (the link is caught before the browser saves it; the file is read where the page made it, as the
        // page's policy lets it fetch nothing but its own origin)
        page.eval("window.__report = null; const made = URL.createObjectURL; URL.createObjectURL = (b) => { window.__pdf = b; return made(b); };"
                + " document.addEventListener('click', (e) => { const a = e.target.closest('a[download]');"
                + " if (a) { window.__report = a.href; window.__reportName = a.download; e.preventDefault(); } }, true)");
        page.eval("document.querySelector('#applications [data-application-id=\"" + submission + "\"] .act-pdf').click()");
        page.waitFor("typeof window.__report === 'string'", Duration.ofSeconds(30));
        assertEquals("%PDF-", page.eval("window.__pdf.slice(0, 5).text()").asText());
        assertTrue(page.eval("window.__reportName").asText().endsWith(".pdf"), page.eval("window.__reportName").asText());

        // English on the switch: the same breakdown in English
        page.eval("document.querySelector('.lang-switch').click()");
        page.waitFor("document.querySelector('h1').textContent === 'Smart-site star rating'", Duration.ofSeconds(5));
        page.waitFor("document.getElementById('site-panel').textContent.includes('0 of 1 devices (tower crane) deliver data')",
                Duration.ofSeconds(10));
        assertTrue(page.eval("document.getElementById('site-panel').textContent").asText().contains("Tower crane safety monitoring"));
        page.screenshot(Chromium.SHOTS.resolve("rating-03-breakdown-en.png"));
        page.eval("document.querySelector('.lang-switch').click()");
    }
}

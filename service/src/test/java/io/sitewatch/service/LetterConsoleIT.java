package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.Chromium;
import io.sitewatch.service.testsupport.Chromium.Page;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warning letters' consoles in headless Chromium, under the service's Content-Security-Policy:
 * the Fuzhou regulator opens the letters page as the early-warning page links to it
 * ({@code ?draft=project:ID&from=&to=}), drafts the letter through the form and issues it; Xiamen's
 * regulator sees no letter; the site's staff answer it in the site console with the SHA-256 of an
 * evidence file computed in the browser; the regulator closes it. No policy violation, no page
 * error. Screenshots go to {@code target/screenshots/}.
 */
class LetterConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_TOKEN = "test-site-letter-console-0123456789";
    private static final String RECORD_VIOLATIONS = "window.__csp = [];"
            + "document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static SiteWatchService service;
    private static String base;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        SiteWatchConfig config = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "letter-console-it",
                Map.of()).withTokens(List.of(
                new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz-reg", "regulator", List.of("350100")),
                new SiteWatchConfig.TokenGrant(REG_XIAMEN, "xm-reg", "regulator", List.of("350200")),
                new SiteWatchConfig.TokenGrant(SITE_TOKEN, "lc-safety", "site", List.of(), List.of("FZ-LC"))));
        service = Components.service(config).start();
        int port = service.httpPort();
        base = "http://127.0.0.1:" + port;
        ServiceFixture.registerCraneSite(port, "FZ-LC", "350102", "FZ-LC-TC1");
        ServiceFixture.registerCraneSite(port, "XM-LC", "350203", "XM-LC-TC1");
        // A major hazard on the project, so that its risk item has a factor and evidence to cite.
        expect(201, http(port, "POST", "/api/v1/hazards", REG_FUZHOU, "{\"siteId\":\"FZ-LC\",\"level\":\"major\","
                + "\"category\":\"起重机械\",\"clause\":\"2024-8-4\",\"text\":\"塔吊力矩限制器失效\"}"));
        Files.createDirectories(Chromium.SHOTS);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        ServiceFixture.closeAll(chromium, service);
    }

    @Test
    void aLetterIsDraftedFromTheRankingIssuedAnsweredOnTheSiteAndClosed() throws Exception {
        LocalDate tomorrow = LocalDate.now(ZONE).plusDays(1);
        Page fz = page();
        logIn(fz, "/letters/?draft=project:FZ-LC&from=" + tomorrow.minusDays(30) + "&to=" + tomorrow, REG_FUZHOU);
        fz.waitFor("!document.getElementById('draft-panel').hidden && document.getElementById('d-id').value === 'FZ-LC'", Duration.ofSeconds(10));
        assertEquals(tomorrow.toString(), fz.eval("document.getElementById('d-to').value").asText());
        fz.eval("document.getElementById('d-days').value = '10'");
        fz.screenshot(Chromium.SHOTS.resolve("letters-01-draft-form.png"));
        fz.eval("document.getElementById('d-submit').click()");
        fz.waitFor("document.getElementById('detail').open && document.querySelector('#detail-body .letter-body') !== null",
                Duration.ofSeconds(15));
        String body = fz.eval("document.querySelector('#detail-body .letter-body').textContent").asText();
        assertTrue(body.contains("自收到本函之日起 10 日内") && body.contains("重大事故隐患"), body);
        // The window in the province's days, in the text and in the facts alike.
        String window = tomorrow.minusDays(30) + "至" + tomorrow.minusDays(1);
        assertTrue(body.contains(window), window + " in " + body);
        String facts = fz.eval("[...document.querySelectorAll('#detail-body p.sub')].map(p => p.textContent).join(' ')").asText();
        assertTrue(facts.contains(tomorrow.minusDays(30) + " 至 " + tomorrow.minusDays(1)), facts);
        JsonNode letters = JSON.readTree(http(service.httpPort(), "GET", "/api/v1/letters", REG_FUZHOU, null).body()).get("items");
        assertEquals(1, letters.size());
        String id = letters.get(0).get("id").asText();
        assertEquals("draft", letters.get(0).get("state").asText());
        fz.screenshot(Chromium.SHOTS.resolve("letters-02-draft.png"));
        fz.eval("document.getElementById('a-issue').click()");
        fz.waitFor("document.querySelector('#detail-body .lstate.issued') !== null", Duration.ofSeconds(10));
        fz.eval("document.getElementById('detail').close()");

        // Xiamen's regulator: no letter.
        Page xm = page();
        logIn(xm, "/letters/", REG_XIAMEN);
        xm.waitFor("document.getElementById('letters-empty').hidden === false", Duration.ofSeconds(10));
        assertEquals(0L, xm.eval("document.querySelectorAll('#letters tbody tr').length").asLong());

        // The site answers, with the SHA-256 of its evidence computed in the browser.
        Page site = page();
        logIn(site, "/site/", SITE_TOKEN);
        String row = "document.querySelector('#letters tr[data-letter-id=\"" + id + "\"]')";
        site.waitFor(row + "?.querySelector('.act-answer') != null", Duration.ofSeconds(10));
        site.eval(row + ".querySelector('.act-answer').click()");
        site.waitFor("document.getElementById('letter').open && !document.getElementById('answer-form').hidden", Duration.ofSeconds(5));
        String evidence = "inspection report of the new moment limiter";
        site.eval("document.getElementById('answer-text').value = '已更换力矩限制器并经检测合格';"
                + "(() => { const dt = new DataTransfer(); dt.items.add(new File([" + JSON.writeValueAsString(evidence)
                + "], 'report.pdf', {type: 'application/pdf'})); const input = document.getElementById('answer-file');"
                + " input.files = dt.files; input.dispatchEvent(new Event('change')); })()");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(evidence.getBytes(StandardCharsets.UTF_8)));
        site.waitFor("document.getElementById('answer-hash').textContent === 'SHA-256 " + sha + "'", Duration.ofSeconds(5));
        site.screenshot(Chromium.SHOTS.resolve("letters-03-site-answers.png"));
        site.eval("document.getElementById('answer-submit').click()");
        site.waitFor("document.getElementById('answer-form').hidden && document.querySelector('#letter-body .lstate.answered') !== null",
                Duration.ofSeconds(10));
        JsonNode answered = JSON.readTree(http(service.httpPort(), "GET", "/api/v1/letters/" + id, ADMIN, null).body());
        assertEquals(sha, answered.get("answerSha256").asText());
        assertEquals("lc-safety", answered.get("answeredBy").asText());

        // The regulator closes it with a remark.
        fz.navigate(base + "/letters/");
        fz.waitFor("!document.getElementById('app').hidden && document.querySelector('#letters tr[data-letter-id=\"" + id
                + "\"][data-state=\"answered\"]') !== null", Duration.ofSeconds(10));
        fz.eval("document.querySelector('#letters tr[data-letter-id=\"" + id + "\"]').click()");
        fz.waitFor("document.getElementById('a-close') !== null", Duration.ofSeconds(10));
        fz.eval("document.getElementById('a-comment').value = '整改情况属实，予以办结'; document.getElementById('a-close').click()");
        fz.waitFor("document.querySelector('#detail-body .lstate.closed') !== null", Duration.ofSeconds(10));
        assertTrue(fz.eval("document.querySelector('#detail-body ol.history').textContent.includes('整改情况属实，予以办结')").asBoolean());
        fz.screenshot(Chromium.SHOTS.resolve("letters-04-closed.png"));
        fz.eval("document.querySelector('.lang-switch').click()");
        fz.waitFor("document.querySelector('h1').textContent === 'Warning letters on work-safety risk'", Duration.ofSeconds(5));
        fz.eval("document.querySelector('.lang-switch').click()");

        for (Page p : List.of(fz, xm, site)) {
            p.settle();
            assertEquals("[]", p.eval("window.__csp").toString(), "the Content-Security-Policy refused something the page needs");
            assertTrue(p.eval("document.getElementById('page-error') === null || document.getElementById('page-error').textContent === ''")
                    .asBoolean(), "a page shows an error");
        }
    }

    private static Page page() throws Exception {
        Page p = chromium.newPage();
        p.send("Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source", RECORD_VIOLATIONS));
        return p;
    }

    private static void logIn(Page page, String path, String token) throws Exception {
        page.navigate(base + path);
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("document.getElementById('token').value = " + JSON.writeValueAsString(token)
                + "; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden", Duration.ofSeconds(10));
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
    }
}

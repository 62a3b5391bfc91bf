package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.Chromium;
import io.sitewatch.service.testsupport.Chromium.Page;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hazard ledger's consoles in headless Chromium: the Fuzhou regulator's ledger page lists a
 * hazard an unlicensed operator's login opened over MQTT, and the regulator reports another through
 * its form; the Xiamen regulator's page shows neither; the site console reports both rectified
 * (text and the SHA-256 of a photo, computed in the browser); back on the ledger the regulator
 * accepts one and rejects the other with a comment, the board then shows one open major, and the
 * site sees why its rectification was sent back. Screenshots go to {@code target/screenshots/}.
 */
class HazardConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Chromium.SHOTS;
    private static final String SITE_GL = "test-site-gulou-console-0123456789";

    private static SiteWatchService service;
    private static String base;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        SiteWatchConfig config = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "hazard-console-it",
                Map.of()).withTokens(List.of(
                new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz-reg", "regulator", List.of("350100")),
                new SiteWatchConfig.TokenGrant(REG_XIAMEN, "xm-reg", "regulator", List.of("350200")),
                new SiteWatchConfig.TokenGrant(SITE_GL, "gl-safety", "site", List.of(), List.of("FZ-GL"))));
        service = Components.service(config).start();
        int port = service.httpPort();
        base = "http://127.0.0.1:" + port;
        ServiceFixture.registerCraneSite(port, "FZ-GL", "350102", "FZ-GL-TC1");
        ServiceFixture.registerCraneSite(port, "XM-SM", "350203", "XM-SM-TC1");
        ServiceFixture.awaitConnected(service);
        Files.createDirectories(SHOTS);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        ServiceFixture.closeAll(chromium, service);
    }

    @Test
    void theRegulatorReviewsWhatTheSiteRectifiedAndTheBoardFollows() throws Exception {
        // An operator logs in with a certificate nobody registered: 第四条(三), a major hazard at once.
        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "hazard-console-it-devices")) {
            d.publish("sitewatch/v1/FZ-GL/FZ-GL-TC1/event", "{\"ts\":" + System.currentTimeMillis()
                    + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"GL-UNREGISTERED\"}}", 1);
        }
        ServiceFixture.awaitQuery("the operator hazard", Duration.ofSeconds(15), () -> hazards(ADMIN).size() == 1);
        String alarmBorn = hazards(ADMIN).get(0).get("id").asText();

        Page fz = chromium.newPage();
        logIn(fz, "/hazards/", REG_FUZHOU);
        String row = "document.querySelector('#hazards tr[data-hazard-id=\"%s\"]')";
        fz.waitFor(row.formatted(alarmBorn) + " !== null", Duration.ofSeconds(10));
        assertEquals("第四条(三)", fz.eval(row.formatted(alarmBorn) + ".children[3].textContent").asText());
        fz.waitFor("document.querySelector('#board tr[data-region=\"350102\"] .open-majors')?.textContent === '1'", Duration.ofSeconds(5));
        fz.screenshot(SHOTS.resolve("hazards-01-fuzhou-ledger.png"));

        // The regulator reports a hazard found on site through the form.
        fz.eval("document.getElementById('new-hazard').click()");
        fz.waitFor("document.getElementById('new').open", Duration.ofSeconds(5));
        fz.eval("document.getElementById('n-site').value = 'FZ-GL'; document.getElementById('n-level').value = 'major';"
                + "document.getElementById('n-category').value = '基坑'; document.getElementById('n-clause').value = '2024-5-2';"
                + "document.getElementById('n-text').value = '北侧土方超挖且未采取有效措施'; document.getElementById('n-location').value = '基坑北侧';");
        fz.screenshot(SHOTS.resolve("hazards-02-report-form.png"));
        fz.eval("document.getElementById('n-submit').click()");
        fz.waitFor("document.getElementById('detail').open && document.getElementById('detail-body').textContent.includes('北侧土方超挖')",
                Duration.ofSeconds(10));
        assertTrue(fz.eval("document.getElementById('detail-body').textContent.includes('第五条(二)')").asBoolean());
        fz.eval("document.getElementById('detail').close()");
        assertEquals(2, hazards(REG_FUZHOU).size());
        String reported = hazards(REG_FUZHOU).stream().filter(h -> h.get("source").asText().equals("regulator")).findFirst()
                .orElseThrow().get("id").asText();
        assertEquals("fz-reg", hazards(REG_FUZHOU).stream().filter(h -> h.get("id").asText().equals(reported)).findFirst().orElseThrow()
                .get("reportedBy").asText());

        // Xiamen's regulator sees neither, nor anything on its board.
        Page xm = chromium.newPage();
        logIn(xm, "/hazards/", REG_XIAMEN);
        xm.waitFor("document.getElementById('hazards-empty').hidden === false", Duration.ofSeconds(5));
        assertEquals(0L, xm.eval("document.querySelectorAll('#hazards tbody tr').length").asLong());
        assertEquals(0L, xm.eval("document.querySelectorAll('#board tbody tr').length").asLong());
        xm.screenshot(SHOTS.resolve("hazards-03-xiamen-sees-nothing.png"));

        // The site reports both rectified, with the photo's SHA-256 computed in the browser.
        Page site = chromium.newPage();
        logIn(site, "/site/", SITE_GL);
        String siteRow = "document.querySelector('#hazards tr[data-hazard-id=\"%s\"]')";
        site.waitFor(siteRow.formatted(alarmBorn) + "?.querySelector('.act-rectify') && " + siteRow.formatted(reported)
                + "?.querySelector('.act-rectify')", Duration.ofSeconds(10));
        String photo = rectify(site, alarmBorn, "已停止该司机作业，更换持证司机并完成人脸登录", "photo of the operator's certificate");
        rectify(site, reported, "已回填超挖部分并按方案加设支撑", "photo of the pit's north side");
        site.waitFor(siteRow.formatted(alarmBorn) + ".dataset.state === 'rectified' && " + siteRow.formatted(reported)
                + ".dataset.state === 'rectified'", Duration.ofSeconds(10));
        site.screenshot(SHOTS.resolve("hazards-04-site-rectified.png"));

        // Back on the ledger: the history shows the site's rectification; accept one, reject the other.
        fz.navigate(base + "/hazards/");
        fz.waitFor("!document.getElementById('app').hidden && " + row.formatted(alarmBorn) + "?.dataset.state === 'rectified'",
                Duration.ofSeconds(10));
        fz.eval(row.formatted(alarmBorn) + ".click()");
        fz.waitFor("document.getElementById('detail').open && document.getElementById('r-accept') !== null", Duration.ofSeconds(5));
        String history = fz.eval("document.querySelector('#detail-body ol.history').textContent").asText();
        assertTrue(history.contains("整改完成") && history.contains("gl-safety") && history.contains(photo), history);
        assertTrue(fz.eval("document.getElementById('detail-body').textContent.includes('FZ-GL-TC1')").asBoolean(), "the alarm as evidence");
        fz.screenshot(SHOTS.resolve("hazards-05-review.png"));
        fz.eval("document.getElementById('r-comment').value = '复查合格，准予销号'; document.getElementById('r-accept').click()");
        fz.waitFor("document.querySelector('#detail-body .hstate')?.textContent === '已销号'", Duration.ofSeconds(5));
        fz.eval("document.getElementById('detail').close()");

        fz.eval(row.formatted(reported) + ".click()");
        fz.waitFor("document.getElementById('detail').open && document.getElementById('r-reject') !== null", Duration.ofSeconds(5));
        fz.eval("document.getElementById('r-reject').click()");
        fz.waitFor("document.getElementById('r-msg').textContent === '退回整改时请填写复查意见'", Duration.ofSeconds(2));
        String why = "支撑间距大于方案要求，请按方案整改后重新报告";
        fz.eval("document.getElementById('r-comment').value = " + JSON.writeValueAsString(why) + "; document.getElementById('r-reject').click()");
        fz.waitFor("document.querySelector('#detail-body .hstate')?.textContent === '待整改'", Duration.ofSeconds(5));
        assertTrue(fz.eval("document.querySelector('#detail-body ol.history').textContent.includes(" + JSON.writeValueAsString(why) + ")")
                .asBoolean());
        fz.eval("document.getElementById('detail').close()");
        fz.waitFor("document.querySelector('#board tr[data-region=\"350102\"] .open-majors')?.textContent === '1'"
                + " && document.querySelector('#board-kpis [data-kpi=\"closedThisMonth\"] .kpi-value').textContent === '1'",
                Duration.ofSeconds(10));
        fz.screenshot(SHOTS.resolve("hazards-06-board-one-open-major.png"));
        assertEquals("closed", state(alarmBorn));
        assertEquals("open", state(reported));

        // The site sees why it was sent back.
        site.navigate(base + "/site/");
        site.waitFor("!document.getElementById('app').hidden && " + siteRow.formatted(reported) + "?.querySelector('.act-rectify')",
                Duration.ofSeconds(10));
        site.eval(siteRow.formatted(reported) + ".querySelector('.act-rectify').click()");
        site.waitFor("document.getElementById('rectify-review').textContent.includes(" + JSON.writeValueAsString(why) + ")",
                Duration.ofSeconds(5));
        site.screenshot(SHOTS.resolve("hazards-07-site-sees-review.png"));
        site.eval("document.getElementById('rectify').close()");

        // English, and the way in from the regulator console.
        fz.eval("if (document.documentElement.lang !== 'en') document.querySelector('.lang-switch').click()");
        fz.waitFor("document.querySelector('h1').textContent === 'Major hazard ledger · cleared continuously'", Duration.ofSeconds(2));
        fz.waitFor(row.formatted(reported) + ".querySelector('.hstate').textContent === 'To rectify'", Duration.ofSeconds(2));
        fz.screenshot(SHOTS.resolve("hazards-08-english.png"));
        fz.eval("document.querySelector('.lang-switch').click()");
        fz.navigate(base + "/console/");
        fz.waitFor("!document.getElementById('app').hidden && document.querySelector('a[href=\"../hazards/\"]')?.hidden === false",
                Duration.ofSeconds(10));
        assertEquals("隐患台账", fz.eval("document.querySelector('a[href=\"../hazards/\"]').textContent").asText());
    }

    /** Reports the hazard rectified in the site console, with a photo made of {@code content}; returns its SHA-256. */
    private static String rectify(Page site, String hazardId, String text, String content) throws Exception {
        site.eval("document.querySelector('#hazards tr[data-hazard-id=\"" + hazardId + "\"] .act-rectify').click()");
        site.waitFor("document.getElementById('rectify').open", Duration.ofSeconds(5));
        site.eval("document.getElementById('rectify-text').value = " + JSON.writeValueAsString(text) + ";"
                + "(() => { const dt = new DataTransfer(); dt.items.add(new File([" + JSON.writeValueAsString(content)
                + "], 'rectified.jpg', {type: 'image/jpeg'})); const input = document.getElementById('rectify-photo');"
                + " input.files = dt.files; input.dispatchEvent(new Event('change')); })()");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        site.waitFor("document.getElementById('rectify-hash').textContent === 'SHA-256 " + sha + "'", Duration.ofSeconds(5));
        site.eval("document.getElementById('rectify-submit').click()");
        site.waitFor("!document.getElementById('rectify').open", Duration.ofSeconds(5));
        assertEquals(sha, JSON.readTree(http(service.httpPort(), "GET", "/api/v1/hazards/" + hazardId, ADMIN, null).body())
                .get("history").get(1).get("photoSha256").asText());
        return sha;
    }

    private static List<JsonNode> hazards(String token) throws Exception {
        JsonNode items = JSON.readTree(http(service.httpPort(), "GET", "/api/v1/hazards", token, null).body()).get("items");
        return JSON.convertValue(items, JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    private static String state(String id) throws Exception {
        return JSON.readTree(http(service.httpPort(), "GET", "/api/v1/hazards/" + id, ADMIN, null).body()).get("state").asText();
    }

    private static void logIn(Page page, String path, String token) throws Exception {
        page.navigate(base + path);
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("document.getElementById('token').value = " + JSON.writeValueAsString(token)
                + "; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden", Duration.ofSeconds(10));
        // The language is kept in the browser's storage: start in Chinese whatever another test left.
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
    }
}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_FUZHOU;
import static io.sitewatch.service.testsupport.ServiceFixture.REG_XIAMEN;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.Chromium;
import io.sitewatch.service.testsupport.Chromium.Page;
import io.sitewatch.service.testsupport.LatinRuns;
import io.sitewatch.service.testsupport.TestDevices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The regulator console in headless Chromium (Debian's {@code chromium}), driven over the DevTools
 * protocol: a Fuzhou regulator logs in with a token, sees the console, an alarm raised by messages
 * published over MQTT appears within 2 s without a reload, and acknowledging it with a comment
 * updates the view; a Xiamen regulator's console never shows it. Screenshots go to
 * {@code target/screenshots/}. Chromium is required: without it the test fails, it never skips.
 */
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Chromium.SHOTS;

    private static SiteWatchService service;
    private static String base;
    private static TestDevices devices;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        service = Components.service(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "console-it", Map.of())).start();
        int port = service.httpPort();
        base = "http://127.0.0.1:" + port;
        ServiceFixture.registerCraneSite(port, "FZ-GL", "350102", "FZ-GL-TC1", "FZ-GL-TC2");
        ServiceFixture.registerCraneSite(port, "XM-SM", "350203", "XM-SM-TC1");
        devices = new TestDevices(TestBroker.shared().url(), "console-it-devices");
        ServiceFixture.awaitConnected(service);
        Files.createDirectories(SHOTS);
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
    void regulatorSeesAnAlarmLiveAndAcknowledgesItWhileAnotherRegionNeverSeesIt() throws Exception {
        Page fz = chromium.newPage();
        Page xm = chromium.newPage();
        logIn(fz, REG_FUZHOU);
        logIn(xm, REG_XIAMEN);

        // Each regulator sees the sites of its own region only.
        assertEquals(List.of("FZ-GL"), siteIds(fz));
        assertEquals(List.of("XM-SM"), siteIds(xm));
        assertEquals(0L, fz.eval("document.querySelectorAll('#alarms tbody tr').length").asLong());
        fz.screenshot(SHOTS.resolve("01-fuzhou-console-before.png"));

        // A marker on the window proves below that the page was never reloaded.
        fz.eval("window.__noReload = 'still here'");
        xm.eval("window.__noReload = 'still here'");

        long now = System.currentTimeMillis();
        telemetry("FZ-GL", "FZ-GL-TC1", now - 10_000, 104.5);
        telemetry("FZ-GL", "FZ-GL-TC1", now, 106.0);
        long published = System.nanoTime();
        fz.waitFor("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"]') !== null", Duration.ofSeconds(2));
        long shownMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
        System.out.println("[console-it] alarm on the Fuzhou console " + shownMs + " ms after the MQTT publish was acknowledged");
        assertEquals("still here", fz.eval("window.__noReload").asText(), "the console reloaded");
        fz.waitFor("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"] .pill.alarm').textContent === '报警'",
                Duration.ofSeconds(2));
        fz.waitFor("document.querySelector('#sites tr[data-site-id=\"FZ-GL\"] .count-alarm').textContent === '1'", Duration.ofSeconds(2));
        fz.waitFor("document.querySelectorAll('#feed li').length >= 1", Duration.ofSeconds(2));
        fz.screenshot(SHOTS.resolve("02-fuzhou-alarm-live.png"));

        // Detail: facts, the chart of moment_pct around the alarm, and the acknowledge form.
        fz.eval("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"]').click()");
        fz.waitFor("document.querySelector('#detail[open] #ack-comment') !== null", Duration.ofSeconds(5));
        fz.waitFor("document.querySelector('#detail svg.chart polyline.series') !== null", Duration.ofSeconds(5));
        // The explanation in Chinese in zh mode (the engine's English sentence stays in the API's detail).
        fz.waitFor("document.getElementById('detail-body').textContent.includes('力矩百分比 106% ≥ 100%，连续 2 个采样')",
                Duration.ofSeconds(2));
        fz.screenshot(SHOTS.resolve("03-fuzhou-alarm-detail.png"));
        // No English sentence in the zh detail: no run of 4+ Latin letters outside codes and units.
        LatinRuns.assertNone(fz, "#detail");

        String comment = "已电话通知项目安全员，暂停吊装";
        fz.eval("document.getElementById('ack-comment').value = " + JSON.writeValueAsString(comment)
                + "; document.getElementById('ack-submit').click()");
        fz.waitFor("document.getElementById('detail-state').textContent === '已确认'", Duration.ofSeconds(5));
        fz.waitFor("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"]').classList.contains('state-acknowledged')",
                Duration.ofSeconds(5));
        assertTrue(fz.eval("document.getElementById('detail-body').textContent.includes(" + JSON.writeValueAsString(comment) + ")")
                .asBoolean(), "the comment shows in the detail");
        fz.waitFor("[...document.querySelectorAll('#feed li')].some(li => li.dataset.transition === 'acknowledged')",
                Duration.ofSeconds(3));
        fz.screenshot(SHOTS.resolve("04-fuzhou-acknowledged.png"));
        JsonNode stored = null;
        for (JsonNode a : JSON.readTree(http(service.httpPort(), "GET", "/api/v1/alarms?device=FZ-GL-TC1&state=all", ADMIN, null)
                .body()).get("items")) {
            stored = "tower_crane.moment".equals(a.get("rule").asText()) ? a : stored;
        }
        assertTrue(stored != null, "the moment alarm is stored");
        assertEquals("acknowledged", stored.get("state").asText());
        assertEquals(comment, stored.get("ackComment").asText());

        // The English switch.
        fz.eval("document.getElementById('detail').close(); document.querySelector('.lang-switch').click()");
        fz.waitFor("document.querySelector('h1').textContent === 'Regulator console'", Duration.ofSeconds(2));
        fz.waitFor("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"] .alarm-state').textContent === 'Acknowledged'",
                Duration.ofSeconds(2));
        fz.settle();
        assertEquals(false, fz.eval("document.getElementById('detail').open").asBoolean(), "the closed detail stays closed");
        assertEquals("Acknowledged", fz.eval("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"] .alarm-state')"
                + ".textContent").asText());
        fz.eval("document.querySelector('#alarms tr[data-rule=\"tower_crane.moment\"]').click()");
        fz.waitFor("document.getElementById('detail-state').textContent === 'Acknowledged'"
                + " && document.querySelector('#detail svg.chart polyline.series') !== null", Duration.ofSeconds(5));
        fz.screenshot(SHOTS.resolve("05-fuzhou-english.png"));
        fz.eval("document.getElementById('detail').close()");
        assertEquals("still here", fz.eval("window.__noReload").asText(), "the console reloaded");

        // The Xiamen regulator, live the whole time, saw nothing of it.
        assertEquals("open", xm.eval("document.getElementById('live').dataset.state").asText());
        assertEquals(0L, xm.eval("document.querySelectorAll('#alarms tbody tr').length").asLong());
        assertEquals(0L, xm.eval("document.querySelectorAll('#feed li').length").asLong());
        assertEquals("still here", xm.eval("window.__noReload").asText());
        xm.screenshot(SHOTS.resolve("06-xiamen-sees-nothing.png"));
    }

    @Test
    void theSitesDevicesShowAPoweredDownCraneOffApartFromAnOfflineOne() throws Exception {
        int port = service.httpPort();
        // Quanzhou (no regulator of this test sees it); the site works around the clock, so only the reasons below apply.
        ServiceFixture.expect(200, http(port, "PUT", "/api/v1/sites/QZ-PO", ADMIN, """
                {"name":"泉州停机演示工地","region":"350502","kind":"building",
                 "workingHours":{"from":"00:00","to":"24:00","days":[1,2,3,4,5,6,7]}}"""));
        for (String d : List.of("QZ-PO-TC1:tower_crane:2", "QZ-PO-TC2:tower_crane:600", "QZ-PO-HS1:hoist:10")) {
            String[] f = d.split(":");
            ServiceFixture.expect(200, http(port, "PUT", "/api/v1/devices/" + f[0], ADMIN, "{\"siteId\":\"QZ-PO\",\"kind\":\""
                    + f[1] + "\",\"periodS\":" + f[2] + "}"));
        }
        long now = System.currentTimeMillis();
        telemetry("QZ-PO", "QZ-PO-TC1", now, 20);
        telemetry("QZ-PO", "QZ-PO-TC2", now, 20);
        devices.publish("sitewatch/v1/QZ-PO/QZ-PO-TC2/status", "{\"online\":false,\"ts\":" + (now + 1) + ",\"reason\":\"power_off\"}", 1);

        Page page = chromium.newPage();
        logIn(page, ADMIN);
        // The language is kept in the browser's storage: start in Chinese whatever another test left.
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        page.eval("document.querySelector('#sites tr[data-site-id=\"QZ-PO\"]').click()");
        // TC1 falls silent (offline after 6 s, an alarm); TC2 was powered down (off, no alarm); the hoist never reported.
        String row = "document.querySelector('#devices tr[data-device-id=\"%s\"]')";
        page.waitFor(row.formatted("QZ-PO-TC1") + "?.dataset.conn === 'offline'", Duration.ofSeconds(20));
        page.waitFor(row.formatted("QZ-PO-TC2") + "?.dataset.conn === 'off'", Duration.ofSeconds(5));
        assertEquals("停机", page.eval(row.formatted("QZ-PO-TC2") + ".querySelector('.conn').textContent").asText());
        assertEquals("计划停机", page.eval(row.formatted("QZ-PO-TC2") + ".querySelector('.conn-reason').textContent").asText());
        assertEquals("离线", page.eval(row.formatted("QZ-PO-TC1") + ".querySelector('.conn').textContent").asText());
        assertEquals("unknown", page.eval(row.formatted("QZ-PO-HS1") + ".dataset.conn").asText());
        // Regions by name: the district's from the bundled code list.
        assertEquals("鲤城区 350502", page.eval("document.querySelector('#sites tr[data-site-id=\"QZ-PO\"] td:nth-child(2)').textContent")
                .asText());
        // The sites table counts the offline crane, not the powered-down one.
        page.waitFor("document.querySelector('#sites tr[data-site-id=\"QZ-PO\"] .count-offline').textContent === '1'",
                Duration.ofSeconds(5));
        // The overview's cards count the same devices: the powered-down crane off, the silent one offline.
        JsonNode summary = JSON.readTree(http(port, "GET", "/api/v1/alarm-summary?region=350502", ADMIN, null).body());
        assertTrue(summary.get("devices").get("off").asInt() >= 1 && summary.get("devices").get("offline").asInt() >= 1, summary.toString());
        assertTrue(summary.get("openAlarms").get("alarm").asInt() >= 1, summary.toString());
        JsonNode perDay = summary.get("perDay");
        assertEquals(30, perDay.size());
        assertTrue(perDay.get(29).get("alarm").asInt() >= 1, "today's offline alarm is in today's bar: " + perDay.get(29));
        // The site with an open alarm is ranked first.
        page.waitFor("document.querySelector('#sites tbody tr').dataset.siteId === 'QZ-PO'", Duration.ofSeconds(10));
        page.waitFor("Number(document.querySelector('[data-kpi=\"devices\"] .k-offline')?.textContent) >= 1"
                + " && Number(document.querySelector('[data-kpi=\"devices\"] .k-off')?.textContent) >= 1", Duration.ofSeconds(10));
        page.screenshot(SHOTS.resolve("09-devices-off-and-offline.png"));
        page.eval("document.querySelector('.lang-switch').click()");
        page.waitFor(row.formatted("QZ-PO-TC2") + ".querySelector('.conn-reason').textContent === 'Powered down'", Duration.ofSeconds(5));
        page.eval("document.querySelector('.lang-switch').click()");
        page.waitFor("document.documentElement.lang === 'zh-CN'", Duration.ofSeconds(5));
    }

    @Test
    void aRegulatorSignsInWithAPasswordSeesWhoIsSignedInAndSignsOut() throws Exception {
        ServiceFixture.expect(200, http(service.httpPort(), "PUT", "/api/v1/users/fz-zhang", ADMIN,
                "{\"password\":\"Gulou-2026-safe\",\"name\":\"张工\",\"role\":\"regulator\",\"regions\":[\"350100\"]}"));
        Page page = chromium.newPage();
        page.navigate(base + "/");
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        assertTrue(page.eval("[...document.querySelectorAll('.signed-in')].every(e => e.hidden)").asBoolean(),
                "navigation and sign-out hidden before signing in");
        page.eval("document.getElementById('username').value = 'fz-zhang'; document.getElementById('password').value = 'wrong-password';"
                + "document.getElementById('login-submit').click()");
        page.waitFor("document.getElementById('login-error').textContent === '用户名或密码错误'", Duration.ofSeconds(5));
        page.eval("document.getElementById('password').value = 'Gulou-2026-safe'; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden && document.querySelectorAll('#sites tbody tr').length > 0", Duration.ofSeconds(10));
        assertEquals("张工 · 监管人员 · 福州市", page.eval("document.getElementById('whoami').textContent").asText());
        assertTrue(page.eval("[...document.querySelectorAll('.signed-in:not(.admin-only)')].every(e => !e.hidden)").asBoolean());
        assertTrue(page.eval("[...document.querySelectorAll('.admin-only')].every(e => e.hidden)").asBoolean(), "administration is the admin's");
        String token = page.eval("sessionStorage.getItem('sitewatch.token')").asText();
        assertTrue(token.startsWith("swl_"), "a login token, not a configured one");
        page.screenshot(SHOTS.resolve("10-signed-in-with-password.png"));
        page.eval("document.getElementById('logout').click()");
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        assertEquals(401, http(service.httpPort(), "GET", "/api/v1/me", token, null).statusCode(), "signing out ends the login");
    }

    @Test
    void theSiteReportsHowItHandledAnAlarmAndTheRegulatorSeesIt() throws Exception {
        int port = service.httpPort();
        ServiceFixture.registerCraneSite(port, "QZ-SC", "350502", "QZ-SC-TC1");
        ServiceFixture.expect(200, http(port, "PUT", "/api/v1/users/qz-safety", ADMIN,
                "{\"password\":\"Licheng-2026-safe\",\"name\":\"李安全员\",\"role\":\"site\",\"sites\":[\"QZ-SC\"]}"));
        long now = System.currentTimeMillis();
        devices.publish("sitewatch/v1/QZ-SC/QZ-SC-TC1/telemetry", "{\"ts\":" + (now - 10_000) + ",\"values\":{\"load_pct\":112}}", 1);
        devices.publish("sitewatch/v1/QZ-SC/QZ-SC-TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"load_pct\":113}}", 1);

        // The site's staff sign in where everyone does and land on their own console.
        Page page = chromium.newPage();
        page.navigate(base + "/");
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        page.eval("document.getElementById('username').value = 'qz-safety'; document.getElementById('password').value = 'Licheng-2026-safe';"
                + "document.getElementById('login-submit').click()");
        page.waitFor("location.pathname === '/site/' && document.getElementById('app') && !document.getElementById('app').hidden",
                Duration.ofSeconds(10));
        String row = "document.querySelector('#alarms tr[data-rule=\"tower_crane.load\"]')";
        page.waitFor(row + " !== null", Duration.ofSeconds(10));
        assertEquals("李安全员 · 项目人员 · QZ-SC", page.eval("document.getElementById('whoami').textContent").asText());
        page.eval(row + ".querySelector('.act-dispose').click()");
        page.waitFor("document.getElementById('dispose').open", Duration.ofSeconds(5));
        page.eval("document.getElementById('dispose-action').value = 'stopped_work';"
                + "document.getElementById('dispose-comment').value = '已停止吊装，卸载后复核';"
                + "document.getElementById('dispose-submit').click()");
        page.waitFor(row + ".querySelector('.done')?.textContent.startsWith('已停止作业')", Duration.ofSeconds(5));
        page.screenshot(SHOTS.resolve("11-site-disposed.png"));

        // The regulator (here the admin) sees it in the alarm's history.
        Page reg = chromium.newPage();
        logIn(reg, ADMIN);
        reg.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        reg.waitFor("document.querySelector('#alarms tr[data-rule=\"tower_crane.load\"]') !== null", Duration.ofSeconds(10));
        // Opened after the alarm was raised, the live feed still starts with it.
        reg.waitFor("[...document.querySelectorAll('#feed li')].some(li => li.dataset.transition === 'raised'"
                + " && li.textContent.includes('QZ-SC-TC1'))", Duration.ofSeconds(5));
        reg.eval("[...document.querySelectorAll('#alarms tr[data-rule=\"tower_crane.load\"]')].find(tr => tr.textContent.includes('QZ-SC-TC1')).click()");
        reg.waitFor("document.querySelector('#detail[open] .history') !== null"
                + " && document.querySelector('#detail .history').textContent.includes('现场处置')", Duration.ofSeconds(5));
        assertTrue(reg.eval("document.querySelector('#detail .history').textContent.includes('已停止作业')").asBoolean());
        assertTrue(reg.eval("document.querySelector('#detail .history').textContent.includes('qz-safety')").asBoolean());
        reg.screenshot(SHOTS.resolve("12-regulator-sees-disposal.png"));
        reg.eval("document.getElementById('detail').close()");
    }

    @Test
    void theAdminSeesRefusedMessagesWithPlainReasonsAndAddsAUser() throws Exception {
        // A device that sends seconds for milliseconds: refused, and the admin page says why in plain words.
        devices.publish("sitewatch/v1/FZ-GL/FZ-GL-TC2/telemetry", "{\"ts\":1764230400,\"values\":{\"moment_pct\":20}}", 1);
        Page page = chromium.newPage();
        logIn(page, ADMIN);
        page.eval("if (document.documentElement.lang === 'en') document.querySelector('.lang-switch').click()");
        assertTrue(page.eval("!document.querySelector('a[href=\"../admin/\"]').hidden").asBoolean(), "the admin sees the way in");
        ServiceFixture.awaitQuery("the refused message stored", Duration.ofSeconds(10), () -> http(service.httpPort(), "GET",
                "/api/v1/deadletters?reason=past_ts", ADMIN, null).body().contains("FZ-GL-TC2"));
        page.navigate(base + "/admin/");
        page.waitFor("document.getElementById('app') && !document.getElementById('app').hidden", Duration.ofSeconds(10));
        String row = "document.querySelector('#deadletters tr[data-reason=\"past_ts\"]')";
        page.waitFor(row + " !== null", Duration.ofSeconds(10));
        assertTrue(page.eval(row + ".querySelector('.reason').textContent.includes('用秒代替了毫秒')").asBoolean());
        assertTrue(page.eval(row + ".querySelector('.detail').textContent.includes('looks like seconds')").asBoolean());

        page.eval("document.getElementById('u-username').value = 'xm-li'; document.getElementById('u-name').value = '李工';"
                + "document.getElementById('u-role').value = 'regulator'; document.getElementById('u-regions').value = '350203';"
                + "document.getElementById('u-password').value = 'Siming-2026-safe'; document.getElementById('u-submit').click()");
        page.waitFor("document.querySelector('#users tr[data-username=\"xm-li\"]')?.textContent.includes('思明区')", Duration.ofSeconds(5));
        page.screenshot(SHOTS.resolve("13-admin.png"));
        assertEquals(200, http(service.httpPort(), "POST", "/api/v1/login", null,
                "{\"username\":\"xm-li\",\"password\":\"Siming-2026-safe\"}").statusCode());
    }

    @Test
    void raterReviewsAndApprovesASubmittedRatingWithItsBreakdown() throws Exception {
        long to = System.currentTimeMillis();
        ServiceFixture.expect(201, http(service.httpPort(), "POST", "/api/v1/sites/FZ-GL/ratings", ADMIN,
                "{\"targetStar\":1,\"from\":" + (to - 30L * 86_400_000) + ",\"to\":" + to + ",\"comment\":\"项目自评\"}"));
        Page page = chromium.newPage();
        page.navigate(base + "/rating/");
        page.waitFor("!document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("document.getElementById('token').value = " + JSON.writeValueAsString(ServiceFixture.RATER)
                + "; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden && document.querySelectorAll('#sites tbody tr').length >= 2",
                Duration.ofSeconds(10));
        page.waitFor("document.querySelector('#sites tr[data-site-id=\"FZ-GL\"] .computed-star .stars') !== null", Duration.ofSeconds(20));
        page.eval("document.querySelector('#sites tr[data-site-id=\"FZ-GL\"]').click()");
        page.waitFor("document.querySelectorAll('#items tr[data-item]').length > 0 && document.querySelectorAll('#gates tr[data-gate]').length > 0"
                + " && document.querySelector('#applications [data-state=\"submitted\"]') !== null", Duration.ofSeconds(20));
        assertTrue(page.eval("[...document.querySelectorAll('#items .evidence')].some(e => e.textContent.length > 10)").asBoolean(),
                "items show their evidence");
        page.screenshot(SHOTS.resolve("07-rating-breakdown.png"));
        // Manual evidence is chosen from the catalogue's list, by name, not typed as an id.
        assertTrue(page.eval("[...document.querySelectorAll('select.m-key option')].some(o => o.value === 'no_accident'"
                + " && o.textContent.includes('无一般及以上质量安全事故'))").asBoolean());
        page.eval("document.querySelector('select.m-key').value = 'safety_training';"
                + "document.querySelector('select.m-key').dispatchEvent(new Event('change'));"
                + "document.querySelector('.m-value').value = '3'; document.querySelector('.m-comment').value = '培训记录 12 份';"
                + "document.querySelector('.act-manual-save').click()");
        page.waitFor("document.querySelector('tr[data-key=\"safety_training\"]')?.textContent.includes('安全教育培训')", Duration.ofSeconds(20));

        page.eval("document.querySelector('#applications .act-comment').value = '证据核对无误';"
                + "document.querySelector('#applications .act-review').click()");
        page.waitFor("document.querySelector('#applications [data-state=\"reviewed\"] .act-approve') !== null", Duration.ofSeconds(20));
        page.eval("document.querySelector('#applications .act-approve').click()");
        page.waitFor("document.querySelector('#applications [data-state=\"approved\"]') !== null", Duration.ofSeconds(20));
        page.waitFor("document.querySelectorAll('#rating-history li').length >= 3", Duration.ofSeconds(5));
        page.screenshot(SHOTS.resolve("08-rating-approved.png"));
        JsonNode apps = JSON.readTree(http(service.httpPort(), "GET", "/api/v1/sites/FZ-GL/ratings", ADMIN, null).body());
        assertEquals("approved", apps.get("items").get(0).get("state").asText());
        assertEquals("证据核对无误", apps.get("items").get(0).get("reviewComment").asText());
    }

    private static void logIn(Page page, String token) throws Exception {
        page.navigate(base + "/");
        page.waitFor("document.getElementById('login') && !document.getElementById('login').hidden", Duration.ofSeconds(10));
        page.eval("document.getElementById('token').value = " + JSON.writeValueAsString(token)
                + "; document.getElementById('login-submit').click()");
        page.waitFor("!document.getElementById('app').hidden && document.querySelectorAll('#sites tbody tr').length > 0",
                Duration.ofSeconds(10));
        page.waitFor("document.getElementById('live').dataset.state === 'open'", Duration.ofSeconds(10));
        assertEquals(token, page.eval("sessionStorage.getItem('sitewatch.token')").asText(), "token kept in sessionStorage");
    }

    private static List<String> siteIds(Page page) throws Exception {
        JsonNode ids = page.eval("[...document.querySelectorAll('#sites tbody tr')].map(tr => tr.dataset.siteId)");
        return JSON.convertValue(ids, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static void telemetry(String site, String device, long ts, double momentPct) throws Exception {
        devices.publish("sitewatch/v1/" + site + "/" + device + "/telemetry",
                "{\"ts\":" + ts + ",\"values\":{\"moment_pct\":" + momentPct + "}}", 1);
    }
}

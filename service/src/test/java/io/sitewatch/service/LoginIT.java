package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ShiftedClock;
import io.sitewatch.service.testsupport.SseClient;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * People log in with a username and password (HTTP API 1.1 "Access") over the real HTTP API into
 * a real database: passwords kept only as bcrypt hashes; a wrong password and an unknown user get
 * the same 401; a login is a bearer token that expires, survives a restart and ends when the
 * password changes; guessing is throttled (429); and the {@code site} role sees only its own
 * sites' alarms and telemetry and cannot acknowledge.
 */
class LoginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Gulou-2026-safe";

    private static String db;
    private static SiteWatchConfig config;
    private static ShiftedClock clock;
    private static SiteWatchService service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.newDatabase();
        config = ServiceFixture.config(db, TestBroker.shared().url(), "login-it-" + UUID.randomUUID(), Map.of());
        clock = new ShiftedClock(Instant.now());
        service = new SiteWatchService(config, clock).start();
        ServiceFixture.awaitConnected(service);
        port = service.httpPort();
        ServiceFixture.registerCraneSite(port, "FZ-A", "350102", "FZ-A-TC1");
        ServiceFixture.registerCraneSite(port, "FZ-B", "350102", "FZ-B-TC1");
        expect(200, user("fz-reg", "{\"password\":\"" + PASSWORD + "\",\"name\":\"鼓楼区住建局 张工\",\"role\":\"regulator\",\"regions\":[\"350100\"]}"));
        expect(200, user("site-a", "{\"password\":\"" + PASSWORD + "\",\"name\":\"A项目 安全员\",\"role\":\"site\",\"sites\":[\"FZ-A\"]}"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static HttpResponse<String> user(String username, String body) throws Exception {
        return http(port, "PUT", "/api/v1/users/" + username, ADMIN, body);
    }

    private static HttpResponse<String> login(String username, String password) throws Exception {
        return http(port, "POST", "/api/v1/login", null, JSON.writeValueAsString(Map.of("username", username, "password", password)));
    }

    private static String token(String username, String password) throws Exception {
        HttpResponse<String> r = login(username, password);
        expect(200, r);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = http(port, "GET", path, token, null);
        expect(200, r);
        return JSON.readTree(r.body());
    }

    @Test
    void aPersonLogsInWithAPasswordKeptOnlyAsAHashAndSeesWhoTheyAre() throws Exception {
        HttpResponse<String> ok = login("fz-reg", PASSWORD);
        expect(200, ok);
        JsonNode l = JSON.readTree(ok.body());
        assertEquals("regulator", l.get("role").asText());
        assertEquals("350100", l.get("regions").get(0).asText());
        assertEquals(clock.millis() + 12 * 3_600_000L, l.get("expiresTs").asLong(), 5_000, "valid 12 h by default");
        JsonNode me = get("/api/v1/me", l.get("token").asText());
        assertEquals("fz-reg", me.get("name").asText());
        assertEquals("regulator", me.get("role").asText());

        assertEquals(1, ServiceFixture.queryLong(service, "SELECT count(*) FROM app_user WHERE username = 'fz-reg' "
                + "AND password_hash LIKE '$2a$10$%' AND strpos(password_hash, '" + PASSWORD + "') = 0"));
        assertEquals(0, ServiceFixture.queryLong(service, "SELECT count(*) FROM login_session WHERE token_sha256 = '"
                + l.get("token").asText() + "'"), "the token itself is not stored");
        JsonNode users = get("/api/v1/users", ADMIN);
        assertFalse(users.toString().contains("$2a$"), "never returned: " + users);
        assertEquals(403, http(port, "GET", "/api/v1/users", l.get("token").asText(), null).statusCode(), "users are the admin's");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() throws Exception {
        HttpResponse<String> wrong = login("fz-reg", "not-the-password");
        HttpResponse<String> unknown = login("nobody-here", "not-the-password");
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(wrong.body(), unknown.body());
        assertEquals("wrong username or password", JSON.readTree(wrong.body()).get("message").asText());
        HttpResponse<String> missing = http(port, "POST", "/api/v1/login", null, "{\"username\":\"fz-reg\"}");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("password"), missing.body());
    }

    @Test
    void guessingIsThrottledPerUsername() throws Exception {
        expect(200, user("guessed", "{\"password\":\"" + PASSWORD + "\",\"role\":\"rater\"}"));
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login("guessed", "guess-" + i).statusCode());
        }
        HttpResponse<String> throttled = login("guessed", PASSWORD);
        assertEquals(429, throttled.statusCode(), "even the right password waits: " + throttled.body());
        long retry = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 0 && retry <= 900, "Retry-After " + retry);
        assertEquals(200, login("fz-reg", PASSWORD).statusCode(), "another username is not held up");
    }

    @Test
    void aLoginExpiresAndEndsWhenThePasswordChanges() throws Exception {
        user("short", "{\"password\":\"" + PASSWORD + "\",\"role\":\"rater\"}");
        String first = token("short", PASSWORD);
        String second = token("short", PASSWORD);
        get("/api/v1/me", first);
        user("short", "{\"password\":\"Another-pass-2026\",\"role\":\"rater\"}");
        assertEquals(401, http(port, "GET", "/api/v1/me", first, null).statusCode(), "a new password ends the old logins");
        assertEquals(401, http(port, "GET", "/api/v1/me", second, null).statusCode());
        String third = token("short", "Another-pass-2026");
        get("/api/v1/me", third);
        // Changing the name only keeps the password (none given) but still ends the logins, as any change of terms does.
        expect(200, user("short", "{\"name\":\"评价员\",\"role\":\"rater\"}"));
        assertEquals(401, http(port, "GET", "/api/v1/me", third, null).statusCode());
        assertEquals(200, login("short", "Another-pass-2026").statusCode(), "the password was kept");
    }

    @Test
    void badUsersAreRefusedNamingTheField() throws Exception {
        assertBad(user("x1", "{\"password\":\"" + PASSWORD + "\",\"role\":\"boss\"}"), "role");
        assertBad(user("x2", "{\"password\":\"" + PASSWORD + "\",\"role\":\"regulator\"}"), "regions");
        assertBad(user("x3", "{\"password\":\"" + PASSWORD + "\",\"role\":\"site\"}"), "sites");
        assertBad(user("x4", "{\"password\":\"short\",\"role\":\"rater\"}"), "password");
        assertBad(user("x5", "{\"role\":\"rater\"}"), "password");
        assertBad(user("bad%20name", "{\"password\":\"" + PASSWORD + "\",\"role\":\"rater\"}"), "username");
    }

    private static void assertBad(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith(field), r.body());
    }

    @Test
    void theSiteRoleSeesOnlyItsSiteAndCannotAcknowledge() throws Exception {
        long now = clock.millis();
        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "login-it-devices")) {
            for (String dev : List.of("FZ-A-TC1", "FZ-B-TC1")) {
                String site = dev.substring(0, 4);
                d.publish("sitewatch/v1/" + site + "/" + dev + "/telemetry", "{\"ts\":" + (now - 10_000) + ",\"values\":{\"moment_pct\":105}}", 1);
                d.publish("sitewatch/v1/" + site + "/" + dev + "/telemetry", "{\"ts\":" + now + ",\"values\":{\"moment_pct\":106}}", 1);
            }
        }
        ServiceFixture.awaitQuery("both moment alarms", Duration.ofSeconds(15), () -> rules(get("/api/v1/alarms", ADMIN)).stream()
                .filter(s -> s.endsWith("tower_crane.moment")).count() == 2);
        String site = token("site-a", PASSWORD);
        assertEquals(List.of("FZ-A"), get("/api/v1/sites", site).get("items").findValuesAsText("siteId"));
        JsonNode mine = get("/api/v1/alarms?state=all", site).get("items");
        assertTrue(mine.size() > 0);
        mine.forEach(a -> assertEquals("FZ-A", a.get("siteId").asText(), a.toString()));
        String other = null;
        for (JsonNode a : get("/api/v1/alarms", ADMIN).get("items")) {
            other = a.get("siteId").asText().equals("FZ-B") ? a.get("id").asText() : other;
        }
        assertEquals(404, http(port, "GET", "/api/v1/alarms/" + other, site, null).statusCode(), "another site's alarm");
        assertEquals(404, http(port, "GET", "/api/v1/sites/FZ-B", site, null).statusCode());
        assertEquals(404, http(port, "GET", "/api/v1/devices/FZ-B-TC1/telemetry", site, null).statusCode());
        get("/api/v1/devices/FZ-A-TC1/telemetry", site);
        assertEquals(403, http(port, "POST", "/api/v1/alarms/" + mine.get(0).get("id").asText() + "/ack", site, "{}").statusCode(),
                "acknowledging is the regulator's act");
    }

    @Test
    void theSiteDisposesItsAlarmAndTheRegulatorSeesItLiveAndInTheHistory() throws Exception {
        long now = clock.millis();
        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "login-it-dispose")) {
            d.publish("sitewatch/v1/FZ-A/FZ-A-TC1/telemetry", "{\"ts\":" + (now - 5_000) + ",\"values\":{\"load_pct\":112}}", 1);
            d.publish("sitewatch/v1/FZ-A/FZ-A-TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"load_pct\":113}}", 1);
        }
        ServiceFixture.awaitQuery("the load alarm", Duration.ofSeconds(15),
                () -> rules(get("/api/v1/alarms?site=FZ-A", ADMIN)).contains("FZ-A tower_crane.load"));
        String alarmId = null;
        for (JsonNode a : get("/api/v1/alarms?site=FZ-A", ADMIN).get("items")) {
            alarmId = a.get("rule").asText().equals("tower_crane.load") ? a.get("id").asText() : alarmId;
        }
        String site = token("site-a", PASSWORD);
        String regulator = token("fz-reg", PASSWORD);
        String photo = "3f".repeat(32);
        String path = "/api/v1/alarms/" + alarmId + "/dispose";
        assertEquals(403, http(port, "POST", path, regulator, "{\"action\":\"other\"}").statusCode(), "disposal is the site's act");
        HttpResponse<String> bad = http(port, "POST", path, site, "{\"action\":\"ignored\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).get("message").asText().startsWith("action must be one of"), bad.body());
        assertEquals(400, http(port, "POST", path, site, "{\"action\":\"rectified\",\"photoSha256\":\"xyz\"}").statusCode());
        String otherSite = null;
        for (JsonNode a : get("/api/v1/alarms?site=FZ-B&state=all", ADMIN).get("items")) {
            otherSite = a.get("id").asText();
        }
        if (otherSite != null) {
            assertEquals(404, http(port, "POST", "/api/v1/alarms/" + otherSite + "/dispose", site, "{\"action\":\"other\"}").statusCode());
        }
        try (SseClient live = new SseClient(port, regulator, "").awaitOpen()) {
            HttpResponse<String> ok = http(port, "POST", path, site,
                    "{\"action\":\"stopped_work\",\"comment\":\"已停止吊装，卸载至额定起重量以内\",\"photoSha256\":\"" + photo + "\"}");
            expect(200, ok);
            List<JsonNode> seen = live.through(e -> e.get("transition").asText().equals("disposed"), Duration.ofSeconds(5));
            JsonNode e = seen.get(seen.size() - 1);
            assertEquals(alarmId, e.get("id").asText());
            assertEquals("stopped_work", e.get("action").asText());
            assertEquals("site-a", e.get("by").asText());
        }
        JsonNode history = get("/api/v1/alarms/" + alarmId, regulator).get("history");
        JsonNode last = history.get(history.size() - 1);
        assertEquals("disposed", last.get("transition").asText());
        assertEquals("stopped_work", last.get("action").asText());
        assertEquals("已停止吊装，卸载至额定起重量以内", last.get("comment").asText());
        assertEquals(photo, last.get("photoSha256").asText());
        assertEquals("site-a", last.get("by").asText());
        assertEquals("active", get("/api/v1/alarms/" + alarmId, regulator).get("state").asText(), "a disposal is not an acknowledgement");
    }

    private static List<String> rules(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("items").forEach(a -> out.add(a.get("siteId").asText() + " " + a.get("rule").asText()));
        return out;
    }

    @Test
    void aSignOutOnAnotherInstanceEndsTheLoginHereWithinAMinute() throws Exception {
        expect(200, user("roaming", "{\"password\":\"" + PASSWORD + "\",\"role\":\"rater\"}"));
        String t = token("roaming", PASSWORD);
        get("/api/v1/me", t);
        SiteWatchService second = new SiteWatchService(ServiceFixture.config(db, TestBroker.shared().url(),
                "login-it-third-" + UUID.randomUUID(), Map.of()), new ShiftedClock(Instant.ofEpochMilli(clock.millis()))).start();
        try {
            assertEquals(204, http(second.httpPort(), "POST", "/api/v1/logout", t, null).statusCode());
            assertEquals(401, http(second.httpPort(), "GET", "/api/v1/me", t, null).statusCode());
        } finally {
            second.close();
        }
        // This instance read the login less than a minute ago; once that minute is over it reads it again.
        clock.moveTo(Instant.ofEpochMilli(clock.millis() + 61_000));
        assertEquals(401, http(port, "GET", "/api/v1/me", t, null).statusCode(), "signed out elsewhere");
    }

    @Test
    void aLoginOutlivesARestartAndExpiresOnTime() throws Exception {
        user("night", "{\"password\":\"" + PASSWORD + "\",\"role\":\"rater\"}");
        String t = token("night", PASSWORD);
        ShiftedClock later = new ShiftedClock(Instant.ofEpochMilli(clock.millis()));
        SiteWatchService second = new SiteWatchService(ServiceFixture.config(db, TestBroker.shared().url(),
                "login-it-second-" + UUID.randomUUID(), Map.of()), later).start();
        try {
            int p2 = second.httpPort();
            assertEquals(200, http(p2, "GET", "/api/v1/me", t, null).statusCode(), "read from the database by another instance");
            later.moveTo(Instant.ofEpochMilli(later.millis() + 11 * 3_600_000L));
            assertEquals(200, http(p2, "GET", "/api/v1/me", t, null).statusCode());
            later.moveTo(Instant.ofEpochMilli(later.millis() + 2 * 3_600_000L));
            assertEquals(401, http(p2, "GET", "/api/v1/me", t, null).statusCode(), "expired after 12 h");
        } finally {
            second.close();
        }
    }
}

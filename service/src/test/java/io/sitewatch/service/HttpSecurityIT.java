package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.RATER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * HTTP security of the running service with its default configuration: security headers on every
 * answer (console files, API, errors), CORS closed, 413 for an oversized body, no stack trace or SQL
 * in any answer when requests are malformed or the database fails, the audit log of writes (and a
 * refused audit write costing nothing but a count), and 429 for a login brute force (last: it locks
 * this address out of logging in).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static SiteWatchService service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        service = Components.service(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "http-security-it",
                Map.of())).start();
        port = service.httpPort();
        ServiceFixture.registerCraneSite(port, "SEC-1", "350102", "SEC-1-TC1");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String[] r : List.of(new String[] {"/console/", null}, new String[] {"/assets/common.js", null},
                new String[] {"/rating/", null}, new String[] {"/health", null}, new String[] {"/api/v1/sites", null},
                new String[] {"/api/v1/sites", ADMIN}, new String[] {"/api/v1/no-such-thing", ADMIN}, new String[] {"/no-such-file.js", null},
                new String[] {"/api/v1/openapi.yaml", null})) {
            HttpResponse<String> a = send("GET", r[0], r[1], null, Map.of());
            String csp = a.headers().firstValue("Content-Security-Policy").orElse(null);
            assertNotNull(csp, r[0] + " has no Content-Security-Policy");
            for (String directive : List.of("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                    "base-uri 'self'", "form-action 'self'")) {
                assertTrue(csp.contains(directive), r[0] + ": " + directive + " missing from " + csp);
            }
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertTrue(csp.matches(".*style-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;.*"), "styles from the origin and fixed hashes only: " + csp);
            assertEquals("nosniff", a.headers().firstValue("X-Content-Type-Options").orElse(null), r[0]);
            assertEquals("DENY", a.headers().firstValue("X-Frame-Options").orElse(null), r[0]);
            assertEquals("no-referrer", a.headers().firstValue("Referrer-Policy").orElse(null), r[0]);
            assertTrue(a.headers().firstValue("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP");
        }
    }

    @Test
    @Order(2)
    void crossOriginAccessIsClosedByDefault() throws Exception {
        HttpResponse<String> read = send("GET", "/api/v1/sites", ADMIN, null, Map.of("Origin", "https://evil.example"));
        assertEquals(200, read.statusCode());
        assertTrue(read.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS header for an unlisted origin");
        HttpResponse<String> preflight = send("OPTIONS", "/api/v1/sites/SEC-1", null, null, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "authorization, content-type"));
        assertEquals(403, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals("origin_not_allowed", JSON.readTree(preflight.body()).path("error").asText());
    }

    @Test
    @Order(3)
    void anOversizedBodyGets413WithAClearMessage() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(1 << 20) + "\",\"region\":\"350102\",\"kind\":\"building\"}";
        HttpResponse<String> r = send("PUT", "/api/v1/sites/SEC-BIG", ADMIN, big, Map.of("Content-Type", "application/json"));
        assertEquals(413, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body());
        assertEquals("payload_too_large", e.path("error").asText());
        assertTrue(e.path("message").asText().contains("请求体超过 1 MiB 上限"), e.toString());
        assertTrue(e.path("message").asText().contains("request body larger than the 1 MiB limit"), e.toString());
        assertEquals(404, send("GET", "/api/v1/sites/SEC-BIG", ADMIN, null, Map.of()).statusCode(), "nothing was stored");
    }

    @Test
    @Order(4)
    void noAnswerCarriesAStackTraceOrSqlWhateverFails() throws Exception {
        List<Answer> answers = new ArrayList<>();
        answers.add(expect(400, send("PUT", "/api/v1/sites/SEC-2", ADMIN, "{\"name\": ", Map.of("Content-Type", "application/json"))));
        answers.add(expect(400, send("PUT", "/api/v1/devices/SEC-1-TC2", ADMIN, "{\"siteId\":\"SEC-1\",\"kind\":\"tower_crane\",\"periodS\":\"often\"}",
                Map.of("Content-Type", "application/json"))));
        answers.add(expect(400, send("POST", "/api/v1/login", null, "[\"admin\", \"secret\"]", Map.of("Content-Type", "application/json"))));
        answers.add(expect(404, send("GET", "/api/v1/no/such/route", ADMIN, null, Map.of())));
        answers.add(expect(404, send("DELETE", "/api/v1/sites", ADMIN, null, Map.of())));
        answers.add(expect(404, send("PATCH", "/api/v1/sites/SEC-1", ADMIN, "{}", Map.of("Content-Type", "application/json"))));
        answers.add(expect(400, raw("GET /api/v1/sites/%zz HTTP/1.1")));
        answers.add(expect(400, send("GET", "/api/v1/alarms?limit=" + "9".repeat(40), ADMIN, null, Map.of())));
        answers.add(expect(422, send("PUT", "/api/v1/rating-catalogue", ADMIN, "label: [unclosed\nitems: {", Map.of("Content-Type", "application/yaml"))));
        // The database failing under a read and a write: a table gone (as a broken migration or an operator's mistake would leave it).
        sql("ALTER TABLE app_user RENAME TO app_user_away");
        Answer internal;
        try {
            internal = expect(500, send("GET", "/api/v1/users", ADMIN, null, Map.of()));
            answers.add(internal);
            answers.add(expect(500, send("PUT", "/api/v1/users/someone", ADMIN, "{\"password\":\"Long-enough-1\",\"role\":\"rater\"}",
                    Map.of("Content-Type", "application/json"))));
        } finally {
            sql("ALTER TABLE app_user_away RENAME TO app_user");
        }
        sql("ALTER TABLE alarm RENAME TO alarm_away");
        try {
            answers.add(expect(500, send("GET", "/api/v1/alarms", ADMIN, null, Map.of())));
        } finally {
            sql("ALTER TABLE alarm_away RENAME TO alarm");
        }
        for (Answer a : answers) {
            assertNull(OpenApiContractIT.leak(a.body()), a.what() + " answered " + a.body());
            assertTrue(a.contentType().startsWith("application/json"), a.what() + ": a JSON error, not " + a.contentType());
            assertFalse(JSON.readTree(a.body()).path("message").asText().isBlank(), a.body());
        }
        String message = JSON.readTree(internal.body()).path("message").asText();
        assertTrue(message.contains("服务内部错误") && message.contains("internal error") && message.matches(".*ref [0-9a-f]{8}.*"), message);
    }

    @Test
    @Order(5)
    void everyWriteIsAuditedWithWhoWhatWhenAndNoSecret() throws Exception {
        long before = System.currentTimeMillis() - 1;
        String site = "{\"name\":\"审计工地\",\"region\":\"350102\",\"kind\":\"building\"}";
        expect(200, send("PUT", "/api/v1/sites/AUD-1", ADMIN, site, Map.of("Content-Type", "application/json")));
        expect(403, send("PUT", "/api/v1/sites/AUD-2", RATER, site, Map.of("Content-Type", "application/json")));
        expect(401, send("PUT", "/api/v1/sites/AUD-3", null, site, Map.of("Content-Type", "application/json")));
        expect(401, send("POST", "/api/v1/login", null, "{\"username\":\"aud.guess\",\"password\":\"Secret-Guess-42\"}",
                Map.of("Content-Type", "application/json")));
        expect(200, send("GET", "/api/v1/sites/AUD-1", ADMIN, null, Map.of()));
        List<JsonNode> rows = new ArrayList<>();
        ServiceFixture.awaitQuery("the audit entries", Duration.ofSeconds(10), () -> {
            rows.clear();
            JSON.readTree(send("GET", "/api/v1/audit?since=" + before, ADMIN, null, Map.of()).body()).path("items").forEach(rows::add);
            return rows.stream().anyMatch(r -> r.path("path").asText().equals("/api/v1/login"));
        });
        JsonNode put = find(rows, "/api/v1/sites/AUD-1");
        assertEquals("admin", put.path("user").asText());
        assertEquals("admin", put.path("role").asText());
        assertEquals("PUT", put.path("method").asText());
        assertEquals(200, put.path("status").asInt());
        assertEquals("AUD-1", put.path("target").path("siteId").asText());
        assertEquals("127.0.0.1", put.path("remoteAddress").asText());
        assertTrue(put.path("ts").asLong() >= before && put.path("ts").asLong() <= System.currentTimeMillis());
        JsonNode refused = find(rows, "/api/v1/sites/AUD-2");
        assertEquals("rater", refused.path("user").asText());
        assertEquals(403, refused.path("status").asInt());
        JsonNode anonymous = find(rows, "/api/v1/sites/AUD-3");
        assertTrue(anonymous.path("user").isNull());
        assertEquals(401, anonymous.path("status").asInt());
        JsonNode login = find(rows, "/api/v1/login");
        assertEquals(401, login.path("status").asInt());
        assertEquals("aud.guess", login.path("target").path("username").asText());
        assertTrue(rows.stream().noneMatch(r -> r.path("method").asText().equals("GET")), "reads are not audited");
        assertFalse(rows.toString().contains("Secret-Guess-42"), "no password in the audit log");
        // Filters, newest first.
        JsonNode mine = JSON.readTree(send("GET", "/api/v1/audit?user=rater&since=" + before, ADMIN, null, Map.of()).body()).path("items");
        assertEquals(1, mine.size(), mine.toString());
        long putTs = put.path("ts").asLong();
        JsonNode earlier = JSON.readTree(send("GET", "/api/v1/audit?since=" + before + "&until=" + putTs, ADMIN, null, Map.of()).body())
                .path("items");
        earlier.forEach(r -> assertTrue(r.path("ts").asLong() < putTs, "until is exclusive: " + r));
        assertTrue(rows.get(0).path("ts").asLong() >= rows.get(rows.size() - 1).path("ts").asLong());
        Answer bad = expect(400, send("GET", "/api/v1/audit?since=yesterday", ADMIN, null, Map.of()));
        assertTrue(JSON.readTree(bad.body()).path("message").asText().startsWith("since"), bad.body());
        expect(403, send("GET", "/api/v1/audit", RATER, null, Map.of()));
    }

    @Test
    @Order(6)
    void aRefusedAuditWriteIsLoggedAndCountedAndTheAnswerStillGoesOut() throws Exception {
        double failuresBefore = counter("sitewatch_audit_write_failures_total");
        sql("ALTER TABLE audit_log RENAME TO audit_log_away");
        long sent;
        try {
            sent = System.currentTimeMillis();
            HttpResponse<String> r = send("PUT", "/api/v1/sites/AUD-DOWN", ADMIN, "{\"name\":\"审计库不可写\",\"region\":\"350102\",\"kind\":\"building\"}",
                    Map.of("Content-Type", "application/json"));
            assertEquals(200, r.statusCode(), "the write is answered although its audit entry cannot be stored: " + r.body());
            ServiceFixture.awaitQuery("the refused audit write counted", Duration.ofSeconds(10),
                    () -> counter("sitewatch_audit_write_failures_total") > failuresBefore);
        } finally {
            sql("ALTER TABLE audit_log_away RENAME TO audit_log");
        }
        // Once the table is back the entry that waited is stored.
        ServiceFixture.awaitQuery("the waiting entry stored", Duration.ofSeconds(10), () -> JSON.readTree(send("GET",
                "/api/v1/audit?since=" + (sent - 1), ADMIN, null, Map.of()).body()).path("items").toString().contains("/api/v1/sites/AUD-DOWN"));
        assertEquals(0.0, counter("sitewatch_audit_dropped_total"));
    }

    @Test
    @Order(7)
    void aLoginBruteForceGets429PerUsernameAndPerAddress() throws Exception {
        ServiceFixture.expect(200, send("PUT", "/api/v1/users/brute.target", ADMIN, "{\"password\":\"The-right-one-1\",\"role\":\"rater\"}",
                Map.of("Content-Type", "application/json")));
        for (int i = 0; i < 5; i++) {
            expect(401, login("brute.target", "guess-" + i));
        }
        HttpResponse<String> user = login("brute.target", "The-right-one-1");
        expect(429, user);
        assertTrue(Long.parseLong(user.headers().firstValue("Retry-After").orElse("0")) > 0, "Retry-After says when");
        assertEquals("too_many_attempts", JSON.readTree(user.body()).path("error").asText());
        // From one address across usernames (password spraying): at most 20 failures in the window, the 5 above
        // and any earlier in this class included, then 429 for any username.
        int sprayed = 0;
        HttpResponse<String> r;
        do {
            r = login("spray." + sprayed, "Password-" + sprayed);
            sprayed += r.statusCode() == 401 ? 1 : 0;
        } while (r.statusCode() == 401 && sprayed <= 20);
        expect(429, r);
        assertTrue(sprayed <= 15, "refused after " + sprayed + " more failures");
        expect(429, login("someone.else", "whatever-password"));
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<String> login(String user, String password) throws Exception {
        return send("POST", "/api/v1/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}",
                Map.of("Content-Type", "application/json"));
    }

    private static JsonNode find(List<JsonNode> rows, String path) {
        return rows.stream().filter(r -> r.path("path").asText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry for " + path + " in " + rows));
    }

    /** An answer as the tests look at it. */
    record Answer(String what, int status, String contentType, String body) {
    }

    private static Answer expect(int status, HttpResponse<String> r) {
        return expect(status, new Answer(r.request().method() + " " + r.uri(), r.statusCode(),
                r.headers().firstValue("content-type").orElse(""), r.body()));
    }

    private static Answer expect(int status, Answer a) {
        assertEquals(status, a.status(), a.what() + ": " + a.body());
        return a;
    }

    /** A request line no HTTP client library would send (a malformed URL), over a socket of its own. */
    private static Answer raw(String requestLine) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            String head = text.substring(0, text.indexOf("\r\n\r\n"));
            String type = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).map(l -> l.substring(13).trim())
                    .findFirst().orElse("");
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
            }
            return new Answer(requestLine, status, type, body);
        }
    }

    private static double counter(String name) throws Exception {
        String metrics = send("GET", "/metrics", null, null, Map.of()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " not in /metrics");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = service.database().pool().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.sitewatch.service.testsupport;

import io.sitewatch.service.SiteWatchService;
import io.sitewatch.core.config.ConfigLoader;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Builds configurations for tests and talks to a running service over HTTP and JDBC. */
public final class ServiceFixture {

    public static final String ADMIN = "test-admin-token-0123456789";
    public static final String REG_FUZHOU = "test-regulator-fuzhou-0123456789";
    public static final String REG_XIAMEN = "test-regulator-xiamen-0123456789";
    public static final String RATER = "test-rater-token-0123456789";
    public static final String DEVICE_ADMIN = "test-device-admin-0123456789";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceFixture() {
    }

    public static SiteWatchConfig config(String jdbcUrl, String mqttUrl, String clientId, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>();
        o.put("http.port", "0");
        o.put("http.host", "127.0.0.1");
        o.put("mqtt.url", mqttUrl);
        o.put("mqtt.clientId", clientId);
        o.put("database.jdbcUrl", jdbcUrl);
        o.put("database.user", TestPostgres.user());
        o.put("database.rollupIntervalS", "1");
        o.putAll(extra);
        SiteWatchConfig c = ConfigLoader.load(null, o);
        return c.withTokens(List.of(
                new SiteWatchConfig.TokenGrant(ADMIN, "admin", "admin", List.of()),
                new SiteWatchConfig.TokenGrant(REG_FUZHOU, "fz", "regulator", List.of("350100")),
                new SiteWatchConfig.TokenGrant(REG_XIAMEN, "xm", "regulator", List.of("350200")),
                new SiteWatchConfig.TokenGrant(RATER, "rater", "rater", List.of()),
                new SiteWatchConfig.TokenGrant(DEVICE_ADMIN, "da", "device-admin", List.of())));
    }

    public static HttpResponse<String> http(int port, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Registers one site (region 350102, Fuzhou 鼓楼区) with the given devices of kind tower_crane. */
    public static void registerCraneSite(int port, String siteId, String region, String... deviceIds) throws Exception {
        expect(200, http(port, "PUT", "/api/v1/sites/" + siteId, ADMIN, """
                {"name":"测试工地 %s","region":"%s","enterprise":{"code":"91350100TEST","name":"测试建设公司"},
                 "kind":"building","costCny":120000000,"startDate":"2025-01-01","endDate":"2027-01-01"}""".formatted(siteId, region)));
        for (String d : deviceIds) {
            expect(200, http(port, "PUT", "/api/v1/devices/" + d, ADMIN,
                    "{\"siteId\":\"" + siteId + "\",\"kind\":\"tower_crane\",\"name\":\"" + d + "\",\"periodS\":10}"));
        }
    }

    public static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + r.statusCode() + ": " + r.body());
        }
    }

    public static long queryLong(SiteWatchService service, String sql) throws Exception {
        try (Connection c = service.database().pool().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static long queryLong(String jdbcUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, TestPostgres.user(), null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Transitions of the device's alarms (all states), oldest alarm first, as "rule level transition",
     * read through the API: what scenario tests compare with their exact expected sequence.
     */
    public static java.util.List<String> alarmHistory(int port, String device) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<String> out = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode items = json.readTree(http(port, "GET", "/api/v1/alarms?state=all&device=" + device,
                ADMIN, null).body()).get("items");
        for (int i = items.size() - 1; i >= 0; i--) {
            com.fasterxml.jackson.databind.JsonNode a = json.readTree(http(port, "GET", "/api/v1/alarms/" + items.get(i).get("id").asText(),
                    ADMIN, null).body());
            for (com.fasterxml.jackson.databind.JsonNode h : a.get("history")) {
                out.add(a.get("rule").asText() + " " + h.get("level").asText() + " " + h.get("transition").asText());
            }
        }
        return out;
    }

    /**
     * Closes what a test class started, in the order given (a browser before the devices before the
     * service), passing over what never started; the first failure is thrown after all were tried.
     */
    public static void closeAll(AutoCloseable... things) throws Exception {
        Exception first = null;
        for (AutoCloseable t : things) {
            try {
                if (t != null) {
                    t.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Waits until the service's MQTT consumer is connected to the broker. */
    public static void awaitConnected(SiteWatchService service) throws InterruptedException {
        await("consumer connected", Duration.ofSeconds(20),
                () -> service.prometheus().get(IngestMetrics.BROKER_CONNECTED).gauge().value() == 1);
    }

    /** Waits until {@code condition} holds (testkit's {@link Await#until}). */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }

    /** Like {@link #await} for conditions that query and may throw (a failing check counts as "not yet"). */
    public static void awaitQuery(String what, Duration timeout, Await.Condition condition) throws InterruptedException {
        Await.untilChecked(what, timeout, condition);
    }
}

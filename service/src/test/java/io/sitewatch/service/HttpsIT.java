package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.SelfSignedCertificate;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS as configured by {@code http.tls} (a self-signed certificate made at test time), with the
 * browser-facing extras that go with it: HSTS, and CORS open to the one configured origin only.
 */
class HttpsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "https://dashboard.example.org";
    private static SelfSignedCertificate cert;
    private static SiteWatchService service;
    private static HttpClient https;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedCertificate.create(Path.of("target", "https-it"));
        SiteWatchConfig base = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "https-it", Map.of());
        SiteWatchConfig.Http http = new SiteWatchConfig.Http(base.http().host(), 0,
                new SiteWatchConfig.HttpTls(cert.certificate().toString(), cert.key().toString()), new SiteWatchConfig.Cors(List.of(ALLOWED)));
        service = Components.service(new SiteWatchConfig(http, base.mqtt(), base.database(), base.ingest(), base.auth(), base.fleetFile(),
                base.alarms(), base.notifications()).validate()).start();
        port = service.httpPort();
        https = HttpClient.newBuilder().sslContext(cert.trustingContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theApiAndConsolesAreServedOverTlsOnly() throws Exception {
        assertEquals("https", service.httpScheme());
        HttpResponse<String> health = get("/health", null, Map.of());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("max-age=31536000", health.headers().firstValue("Strict-Transport-Security").orElse(null));
        HttpResponse<String> me = get("/api/v1/me", ADMIN, Map.of());
        assertEquals("admin", JSON.readTree(me.body()).path("role").asText());
        assertEquals(200, get("/console/", null, Map.of()).statusCode());
        // Plain HTTP on the same port gets no answer; a client that does not trust the certificate gets none either.
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        assertThrows(SSLHandshakeException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void onlyTheConfiguredOriginMayCallFromABrowser() throws Exception {
        HttpResponse<String> allowed = get("/api/v1/sites", ADMIN, Map.of("Origin", ALLOWED));
        assertEquals(200, allowed.statusCode());
        assertEquals(ALLOWED, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(allowed.headers().allValues("Vary").contains("Origin"), allowed.headers().toString());
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Credentials").isEmpty(), "bearer tokens, never cookies");
        HttpResponse<String> preflight = send("OPTIONS", "/api/v1/sites/X1", Map.of("Origin", ALLOWED, "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "authorization, content-type"));
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(ALLOWED, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PUT"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("authorization"));

        HttpResponse<String> other = get("/api/v1/sites", ADMIN, Map.of("Origin", "https://dashboard.example.org.evil.example"));
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "another origin gets no CORS header");
        assertEquals(403, send("OPTIONS", "/api/v1/sites/X1", Map.of("Origin", "http://dashboard.example.org",
                "Access-Control-Request-Method", "PUT")).statusCode(), "the same host over plain http is another origin");
    }

    @Test
    void aCertificateThatCannotBeReadStopsTheStartNamingTheKey() throws Exception {
        SiteWatchConfig base = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "https-it-bad", Map.of());
        Path missing = Path.of("target", "https-it", "no-such.crt");
        Files.deleteIfExists(missing);
        SiteWatchConfig.Http http = new SiteWatchConfig.Http(base.http().host(), 0,
                new SiteWatchConfig.HttpTls(missing.toString(), cert.key().toString()), null);
        SiteWatchService bad = Components.service(new SiteWatchConfig(http, base.mqtt(), base.database(), base.ingest(), base.auth(),
                base.fleetFile(), base.alarms(), base.notifications()));
        try {
            Exception e = assertThrows(Exception.class, bad::start);
            assertTrue(e.getMessage().contains("http.tls.certFile") && e.getMessage().contains("no-such.crt"), e.getMessage());
        } finally {
            bad.close();
        }
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> new SiteWatchConfig(
                new SiteWatchConfig.Http("127.0.0.1", 0, new SiteWatchConfig.HttpTls(cert.certificate().toString(), null), null),
                base.mqtt(), base.database(), base.ingest(), base.auth(), base.fleetFile(), base.alarms(), base.notifications()).validate());
        assertTrue(half.getMessage().contains("http.tls"), half.getMessage());
    }

    private static HttpResponse<String> get(String path, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.sitewatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The service's HTTP API as the benchmark uses it: health, registry PUTs, Prometheus metrics. */
final class ServiceApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String token;

    ServiceApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** True when /health says the service is up and connected to the broker. */
    boolean ready() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body().replace(" ", "");
            return r.statusCode() == 200 && body.contains("\"status\":\"up\"") && body.contains("\"connected\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void putSite(String siteId) throws IOException, InterruptedException {
        put("/api/v1/sites/" + siteId, "{\"name\":\"Benchmark site " + siteId + "\",\"region\":\"350102\",\"kind\":\"building\"}");
    }

    void putDevice(String deviceId, String siteId) throws IOException, InterruptedException {
        putDevice(deviceId, siteId, "tower_crane", 1);
    }

    void putDevice(String deviceId, String siteId, String kind, int periodS) throws IOException, InterruptedException {
        put("/api/v1/devices/" + deviceId, "{\"siteId\":\"" + siteId + "\",\"kind\":\"" + kind + "\",\"periodS\":" + periodS + "}");
    }

    Prometheus metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics: HTTP " + r.statusCode());
        }
        return new Prometheus(r.body());
    }

    private void put(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }
}

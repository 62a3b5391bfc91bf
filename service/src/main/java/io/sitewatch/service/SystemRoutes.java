package io.sitewatch.service;

import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.RouteGroup;

import static io.sitewatch.platform.http.ApiContext.json;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.ingest.store.StorageMode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** {@code /health}, {@code /metrics} (no token) and the OpenAPI description. */
public final class SystemRoutes implements RouteGroup {

    private final ApiContext api;
    private final PrometheusMeterRegistry prometheus;
    private final IngestMetrics metrics;
    private final StorageMode storage;
    private final DataSource ds;
    private final Buffer openapi;

    public SystemRoutes(ApiContext api, PrometheusMeterRegistry prometheus, IngestMetrics metrics, StorageMode storage,
                        DataSource ds) {
        this.api = api;
        this.prometheus = prometheus;
        this.metrics = metrics;
        this.storage = storage;
        this.ds = ds;
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/api/openapi.yaml")) {
            this.openapi = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> api.blocking(prometheus::scrape)
                .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(e -> ApiContext.fail(ctx, e)));
        router.get("/api/v1/me").handler(ctx -> {
            io.sitewatch.platform.auth.Principal p = ApiContext.principal(ctx);
            json(ctx, 200, Map.of("name", p.name(), "displayName", p.displayName(), "role", p.role().code(), "regions", p.regions(),
                    "sites", p.sites()));
        });
        router.get("/api/v1/openapi.yaml").handler(ctx ->
                ctx.response().putHeader("content-type", "application/yaml; charset=utf-8").end(openapi));
    }

    private void health(RoutingContext ctx) {
        api.blocking(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.setQueryTimeout(2);
                st.execute("SELECT 1");
                return true;
            } catch (Exception e) {
                return false;
            }
        }).onComplete(ar -> {
            boolean dbUp = ar.succeeded() && ar.result();
            boolean brokerUp = metrics.isConnected();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", dbUp && brokerUp ? "up" : dbUp ? "degraded" : "down");
            body.put("storage", storage.label());
            body.put("database", Map.of("reachable", dbUp));
            body.put("broker", Map.of("connected", brokerUp));
            body.put("backlog", metrics.pending());
            json(ctx, dbUp ? 200 : 503, body);
        });
    }
}

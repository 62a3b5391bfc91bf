package io.sitewatch.ingest.http;

import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;

import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.longParam;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.core.model.Topic;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.ingest.store.DeadLetterQueries;
import io.sitewatch.ingest.store.TelemetryQueries;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import io.sitewatch.core.model.RejectReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stored telemetry and dead letters (http-api.md, "Telemetry"). */
public final class TelemetryRoutes implements RouteGroup {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;
    static final long DEFAULT_WINDOW_MS = 3_600_000L;
    static final long MAX_BUCKETS = 100_000;

    private final ApiContext api;
    private final RegistryLookup registry;
    private final TelemetryQueries telemetry;
    private final DeadLetterQueries deadLetters;

    public TelemetryRoutes(ApiContext api, RegistryLookup registry, TelemetryQueries telemetry,
                           DeadLetterQueries deadLetters) {
        this.api = api;
        this.registry = registry;
        this.telemetry = telemetry;
        this.deadLetters = deadLetters;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/devices/:deviceId/telemetry").handler(this::telemetry);
        router.get("/api/v1/deadletters").handler(this::deadLetters);
    }

    private void telemetry(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.RATER, Role.SITE);
        String deviceId = ctx.pathParam("deviceId");
        Device device = registry.device(deviceId);
        Site site = device == null ? null : registry.site(device.siteId());
        if (device == null || !p.canSeeSite(device.siteId(), site == null ? null : site.region())) {
            throw ApiError.notFound("device " + deviceId);
        }
        String metric = param(ctx, "metric");
        if (metric != null && !metric.matches("[A-Za-z0-9_]{1,64}")) {
            throw ApiError.badRequest("metric must be a metric name such as moment_pct");
        }
        long to = longParam(ctx, "to", System.currentTimeMillis());
        long from = longParam(ctx, "from", to - DEFAULT_WINDOW_MS);
        if (from >= to) {
            throw ApiError.badRequest("from must be before to");
        }
        // Without bucket: the raw points; with it, at least one second.
        long bucket = param(ctx, "bucket") == null ? 0 : longParam(ctx, "bucket", 0, 1, Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", deviceId);
        if (metric != null) {
            out.put("metric", metric);
        }
        out.put("from", from);
        out.put("to", to);
        if (bucket == 0) {
            api.blocking(() -> telemetry.points(deviceId, metric, from, to, limit)).onSuccess(points -> {
                List<Map<String, Object>> items = new ArrayList<>(points.size());
                for (TelemetryQueries.Point pt : points) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ts", pt.ts());
                    if (metric == null) {
                        m.put("metric", pt.metric());
                    }
                    m.put("value", pt.value());
                    items.add(m);
                }
                out.put("points", items);
                out.put("truncated", points.size() == limit);
                json(ctx, 200, out);
            }).onFailure(e -> ApiContext.fail(ctx, e));
            return;
        }
        if ((to - from) / 1000 / bucket > MAX_BUCKETS) {
            throw ApiError.badRequest("bucket must be a positive number of seconds giving at most " + MAX_BUCKETS + " buckets");
        }
        out.put("bucket", bucket);
        api.blocking(() -> telemetry.buckets(deviceId, metric, from, to, bucket, limit)).onSuccess(buckets -> {
            List<Map<String, Object>> items = new ArrayList<>(buckets.size());
            for (TelemetryQueries.Bucket b : buckets) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ts", b.ts());
                if (metric == null) {
                    m.put("metric", b.metric());
                }
                m.put("min", b.min());
                m.put("max", b.max());
                m.put("avg", b.avg());
                m.put("count", b.count());
                items.add(m);
            }
            out.put("buckets", items);
            json(ctx, 200, out);
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void deadLetters(RoutingContext ctx) {
        require(ctx, Role.ADMIN);
        long since = longParam(ctx, "since", System.currentTimeMillis() - 86_400_000L);
        int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
        String reason = param(ctx, "reason");
        if (reason != null && Arrays.stream(RejectReason.values()).noneMatch(r -> r.code().equals(reason))) {
            throw ApiError.badRequest("reason must be one of " + Arrays.stream(RejectReason.values()).map(RejectReason::code).toList()
                    + ", got " + reason);
        }
        api.blocking(() -> deadLetters.since(since, reason, limit)).onSuccess(rows -> {
            List<Map<String, Object>> items = new ArrayList<>(rows.size());
            for (DeadLetterQueries.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("ts", r.ts());
                m.put("topic", r.topic());
                m.put("reason", r.reason());
                m.put("detail", r.detail());
                String text = utf8(r.payload());
                m.put("payload", text != null ? text : Base64.getEncoder().encodeToString(r.payload()));
                m.put("payloadEncoding", text != null ? "utf-8" : "base64");
                m.put("payloadBytes", r.payloadBytes());
                m.put("truncated", r.payloadBytes() > r.payload().length);
                Topic t = Topic.parse(r.topic());
                if (t != null) {
                    m.put("siteId", t.siteId());
                    m.put("deviceId", t.deviceId());
                }
                items.add(m);
            }
            json(ctx, 200, Map.of("items", items));
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

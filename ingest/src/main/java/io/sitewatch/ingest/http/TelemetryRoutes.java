package io.sitewatch.ingest.http;

import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;

import static io.sitewatch.platform.http.ApiContext.json;
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
    static final long MAX_BUCKET_SECONDS = 366 * 86_400L;

    /**
     * The query of {@code GET /api/v1/devices/{deviceId}/telemetry}: a metric name or all, the
     * window {@code from}..{@code to} (epoch ms; the last hour by default), {@code bucket} seconds
     * (0: the raw points) and at most {@code limit} rows.
     */
    public record TelemetryQuery(String metric, long from, long to, long bucket, int limit) {

        /** @param now server time, epoch ms: where the window ends unless {@code to} is given */
        public static TelemetryQuery parse(QueryParams q, long now) {
            String metric = q.text("metric");
            if (metric != null && !metric.matches("[A-Za-z0-9_]{1,64}")) {
                throw ApiError.badRequest("metric must be a metric name such as moment_pct");
            }
            long to = q.epochMillis("to", now);
            long from = q.epochMillis("from", Math.max(QueryParams.MIN_EPOCH_MS, to - DEFAULT_WINDOW_MS));
            if (from >= to) {
                throw ApiError.badRequest("from must be before to");
            }
            long bucket = q.integer("bucket", 0);
            // Compared as a long: a cast first turned -4294967295 into 1.
            long limit = q.integer("limit", DEFAULT_LIMIT);
            if (limit <= 0) {
                throw ApiError.badRequest("limit must be positive");
            }
            // Refused, not quietly cut to the maximum: the caller would take a cut series for the whole.
            if (limit > MAX_LIMIT) {
                throw ApiError.badRequest("limit must be at most " + MAX_LIMIT + ", got " + limit);
            }
            // (to - from) / 1000 / bucket: bucket * 1000 could wrap around to 0 or below.
            if (bucket != 0 && (bucket < 1 || (to - from) / 1000 / bucket > MAX_BUCKETS)) {
                throw ApiError.badRequest("bucket must be a positive number of seconds giving at most " + MAX_BUCKETS + " buckets");
            }
            // The database's intervals end near 292 000 years; a bucket longer than a year means nothing here.
            if (bucket > MAX_BUCKET_SECONDS) {
                throw ApiError.badRequest("bucket must be at most " + MAX_BUCKET_SECONDS + " seconds (366 days), got " + bucket);
            }
            return new TelemetryQuery(metric, from, to, bucket, (int) limit);
        }
    }

    /** The query of {@code GET /api/v1/deadletters}: since (epoch ms; the last day by default), up to 1000 rows, a reason. */
    public record DeadLetterQuery(long since, String reason, int limit) {

        public static DeadLetterQuery parse(QueryParams q, long now) {
            long since = q.integer("since", now - 86_400_000L);
            int limit = (int) q.integer("limit", 100, 1, 1000); // bounded before the cast
            String reason = q.oneOf("reason", REASONS, null);
            return new DeadLetterQuery(since, reason, limit);
        }

        /** The rejection reasons a dead letter may carry. */
        static final List<String> REASONS = Arrays.stream(RejectReason.values()).map(RejectReason::code).toList();
    }

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
        TelemetryQuery q = TelemetryQuery.parse(QueryParams.of(ctx), System.currentTimeMillis());
        String metric = q.metric();
        long from = q.from();
        long to = q.to();
        long bucket = q.bucket();
        int limit = q.limit();
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
        DeadLetterQuery q = DeadLetterQuery.parse(QueryParams.of(ctx), System.currentTimeMillis());
        api.blocking(() -> deadLetters.since(q.since(), q.reason(), q.limit())).onSuccess(rows -> {
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

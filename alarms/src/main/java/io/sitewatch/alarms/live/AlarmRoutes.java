package io.sitewatch.alarms.live;

import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.alarms.engine.AlarmEngine;
import io.sitewatch.alarms.engine.AlarmJson;
import io.sitewatch.alarms.engine.AlarmStore;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.InvalidRulesException;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Alarm list, detail with history, acknowledge (regulators), the site's disposal (HTTP API 1.1),
 * and the rules in force (http-api.md, "Alarms").
 */
public final class AlarmRoutes implements RouteGroup {

    private static final int MAX_COMMENT = 2000;
    /** open (not cleared, the default), closed (cleared), all, or one state of an alarm (http-api.md 1.1). */
    static final List<String> STATES = List.of("open", "closed", "all", "active", "acknowledged", "cleared");

    /**
     * The query of {@code GET /api/v1/alarms}: {@code state} (see {@link #STATES}; open by default), a
     * {@code region}, {@code site} and {@code device}, raised {@code since} (epoch ms) and at most
     * {@code limit} (1–1000, default 200) alarms.
     */
    public record ListQuery(String state, String region, String site, String device, Long since, int limit) {

        public static ListQuery parse(QueryParams q) {
            String state = q.oneOf("state", STATES, "open");
            String region = q.region("region");
            long since = q.integer("since", -1, 0, Long.MAX_VALUE);
            // Out of range is refused, not quietly clamped: the caller would miss alarms without knowing.
            int limit = (int) q.integer("limit", 200, 1, 1000);
            return new ListQuery(state, region, q.id("site"), q.id("device"), since < 0 ? null : since, limit);
        }
    }
    private static final java.util.Set<String> ACTIONS = java.util.Set.of("stopped_work", "rectified", "false_alarm", "other");

    private final ApiContext api;
    private final AlarmEngine engine;
    private final AlarmStore store;

    public AlarmRoutes(ApiContext api, AlarmEngine engine, AlarmStore store) {
        this.api = api;
        this.engine = engine;
        this.store = store;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/alarms").handler(this::list);
        router.get("/api/v1/alarm-summary").handler(this::summary);
        router.get("/api/v1/alarm-rules").handler(this::rules);
        router.post("/api/v1/alarm-rules/reload").handler(this::reload);
        router.get("/api/v1/alarms/:id").handler(this::get);
        router.post("/api/v1/alarms/:id/ack").handler(this::ack);
        router.post("/api/v1/alarms/:id/dispose").handler(this::dispose);
    }

    /**
     * The site's staff say how they handled an alarm (处置): kept in its history and published on
     * the alarm stream as a {@code disposed} transition, so the regulator sees it live.
     */
    private void dispose(RoutingContext ctx) {
        Principal p = require(ctx, Role.SITE);
        String id = ctx.pathParam("id");
        JsonObject body;
        try {
            body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            throw ApiError.badRequest("body must be {\"action\", \"comment\", \"photoSha256\"}");
        }
        Object rawAction = body.getValue("action");
        if (!(rawAction instanceof String action) || !ACTIONS.contains(action)) {
            throw ApiError.badRequest("action must be one of " + new java.util.TreeSet<>(ACTIONS));
        }
        Object rawComment = body.getValue("comment");
        if (rawComment != null && !(rawComment instanceof String)) {
            throw ApiError.badRequest("comment must be a string");
        }
        String comment = (String) rawComment;
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw ApiError.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        Object rawPhoto = body.getValue("photoSha256");
        if (rawPhoto != null && !(rawPhoto instanceof String s && s.matches("[0-9a-f]{64}"))) {
            throw ApiError.badRequest("photoSha256 must be 64 lower-case hex digits (the photo's SHA-256)");
        }
        String photo = (String) rawPhoto;
        long at = engine.clock().millis();
        api.blocking(() -> {
            Alarm alarm = store.get(id);
            if (alarm == null || !p.canSeeSite(alarm.siteId(), alarm.region())) {
                return null;
            }
            store.dispose(alarm, at, p.name(), action, comment, photo);
            return alarm;
        }).onSuccess(alarm -> {
            if (alarm == null) {
                ApiContext.fail(ctx, ApiError.notFound("alarm " + id));
                return;
            }
            JsonObject event = AlarmJson.alarm(alarm).put("transition", "disposed").put("at", at).put("by", p.name())
                    .put("action", action).put("comment", comment).put("photoSha256", photo);
            ctx.vertx().eventBus().publish(AlarmEngine.ADDRESS, event);
            json(ctx, 200, event.getMap());
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void list(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        ListQuery l = ListQuery.parse(QueryParams.of(ctx));
        AlarmStore.Query q = new AlarmStore.Query(p.role() == Role.REGULATOR ? p.regions() : null,
                p.role() == Role.SITE ? p.sites() : null, l.region(), l.site(), l.device(), l.state(), l.since(), l.limit());
        api.blocking(() -> store.list(q)).onSuccess(alarms -> {
            JsonArray items = new JsonArray();
            alarms.forEach(a -> items.add(AlarmJson.alarm(a)));
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("items", items).encode());
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    /**
     * The overview's figures in the caller's scope (and {@code region}): open alarms by level,
     * alarms raised today (Asia/Shanghai), the median time to acknowledge over 30 days, and the
     * devices by connection (online, off, offline, never heard of).
     */
    private void summary(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String region = QueryParams.of(ctx).region("region");
        AlarmStore.Query q = new AlarmStore.Query(p.role() == Role.REGULATOR ? p.regions() : null,
                p.role() == Role.SITE ? p.sites() : null, region, null, null, "all", null, 1);
        long now = engine.clock().millis();
        long today = java.time.Instant.ofEpochMilli(now).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate()
                .atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        Principal inRegion = region == null ? null : new Principal("filter", Role.REGULATOR, List.of(region));
        java.util.function.Predicate<String> sites = siteId -> {
            String r = engine.regionOf(siteId);
            return p.canSeeSite(siteId, r) && (inRegion == null || inRegion.canSeeRegion(r));
        };
        long monthAgo = java.time.Instant.ofEpochMilli(today).minus(java.time.Duration.ofDays(29)).toEpochMilli();
        api.blocking(() -> Map.entry(store.summary(q, today, now - 30L * 86_400_000L), store.perDay(q, monthAgo, "Asia/Shanghai")))
                .compose(read -> engine.connectionCounts(sites).map(devices -> {
                    AlarmStore.Summary sum = read.getKey();
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    out.put("openAlarms", Map.of("alarm", sum.openAlarms(), "warning", sum.openWarnings()));
                    out.put("raisedToday", sum.raisedSince());
                    out.put("medianAckSeconds", sum.medianAckSeconds());
                    out.put("devices", devices);
                    // Every one of the last 30 days, those without alarms too, oldest first.
                    List<Map<String, Object>> days = new java.util.ArrayList<>();
                    java.time.LocalDate first = java.time.Instant.ofEpochMilli(monthAgo).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
                    for (int i = 0; i < 30; i++) {
                        String date = first.plusDays(i).toString();
                        Map<String, Integer> n = read.getValue().getOrDefault(date, Map.of());
                        days.add(Map.of("date", date, "alarm", n.getOrDefault("alarm", 0), "warning", n.getOrDefault("warning", 0)));
                    }
                    out.put("perDay", days);
                    return out;
                }))
                .onSuccess(out -> json(ctx, 200, out))
                .onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void get(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String id = ctx.pathParam("id");
        api.blocking(() -> {
            Alarm a = store.get(id);
            return a == null || !p.canSeeSite(a.siteId(), a.region()) ? null : Map.entry(a, store.history(id));
        }).onSuccess(found -> {
            if (found == null) {
                ApiContext.fail(ctx, ApiError.notFound("alarm " + id));
                return;
            }
            JsonArray history = new JsonArray();
            for (AlarmStore.Event e : found.getValue()) {
                history.add(new JsonObject().put("at", e.at()).put("transition", e.transition()).put("level", e.level())
                        .put("state", e.state()).put("value", e.value()).put("by", e.actor()).put("comment", e.comment())
                        .put("action", e.action()).put("photoSha256", e.photoSha256()));
            }
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(AlarmJson.alarm(found.getKey()).put("history", history).encode());
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void ack(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String id = ctx.pathParam("id");
        String comment = null;
        if (ctx.body() != null && ctx.body().length() > 0) {
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (RuntimeException e) {
                throw ApiError.badRequest("body must be {\"comment\": \"...\"}");
            }
            comment = body == null ? null : body.getString("comment");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw ApiError.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        String note = comment;
        api.blocking(() -> store.get(id)).onSuccess(alarm -> {
            if (alarm == null || !p.canSeeRegion(alarm.region())) {
                ApiContext.fail(ctx, ApiError.notFound("alarm " + id));
                return;
            }
            engine.acknowledge(alarm, p.name(), note)
                    .onSuccess(a -> json(ctx, 200, AlarmJson.alarm(a).getMap()))
                    .onFailure(e -> ApiContext.fail(ctx, e instanceof AlarmEngine.NotOpenException
                            ? new ApiError(409, "not_open", e.getMessage()) : e));
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void rules(RoutingContext ctx) {
        require(ctx, Role.values());
        json(ctx, 200, describe(engine.rules(), engine.ruleSource().lastError()));
    }

    private void reload(RoutingContext ctx) {
        require(ctx, Role.ADMIN);
        api.blocking(engine::reloadRules).onSuccess(r -> json(ctx, 200, describe(r, null)))
                .onFailure(e -> ApiContext.fail(ctx, e instanceof InvalidRulesException
                        ? new ApiError(422, "invalid_rules", e.getMessage() + " (the previous rules stay in force)") : e));
    }

    private static Map<String, Object> describe(RuleSet rules, String lastError) {
        JsonArray items = new JsonArray();
        for (AlarmRule r : rules.rules()) {
            items.add(new JsonObject().put("id", r.id()).put("type", r.type().yamlName())
                    .put("deviceKinds", new JsonArray(List.copyOf(r.deviceKinds()))).put("metric", r.metric())
                    .put("source", r.source())
                    .put("majorHazard", r.majorHazard() == null ? null : AlarmJson.majorHazard(r.majorHazard())));
        }
        JsonObject out = new JsonObject().put("version", rules.version()).put("origin", rules.origin())
                .put("loadedAt", rules.loadedAt()).put("lastRefusedReload", lastError).put("rules", items);
        return out.getMap();
    }
}

package io.sitewatch.supervision.hazard;

import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.longParam;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hazard ledger over HTTP (http-api.md 1.1, "Hazards"): the list and one hazard with its history
 * (regulators within their regions, a site's staff for their sites, admins), the site's
 * rectification, the regulator's review, a regulator's own report, and the 动态清零 board. Scoped
 * as the alarms are: what a caller may not see is not found (404), a role that may not act 403.
 */
public final class HazardRoutes implements RouteGroup {

    private static final int MAX_TEXT = 2000;
    private static final int MAX_SHORT = 200;
    private static final Set<String> STATES = Set.of("open", "rectified", "closed", "all");
    private static final int TREND_DAYS = 30;

    private final ApiContext api;
    private final HazardLedger ledger;
    private final HazardStore store;
    private final RegistryLookup registry;

    public HazardRoutes(ApiContext api, HazardLedger ledger, HazardStore store, RegistryLookup registry) {
        this.api = api;
        this.ledger = ledger;
        this.store = store;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/hazards").handler(this::list);
        router.post("/api/v1/hazards").handler(this::report);
        router.get("/api/v1/hazards/summary").handler(this::summary);
        router.get("/api/v1/hazard-deadlines").handler(this::deadlines);
        router.get("/api/v1/hazards/:id").handler(this::get);
        router.post("/api/v1/hazards/:id/rectify").handler(this::rectify);
        router.post("/api/v1/hazards/:id/review").handler(this::review);
    }

    private String siteName(String siteId) {
        Site s = registry.site(siteId);
        return s == null ? null : s.name();
    }

    private static String region(RoutingContext ctx) {
        String region = param(ctx, "region");
        if (region != null && !region.matches("\\d{6}")) {
            throw ApiError.badRequest("region must be a 6-digit 行政区划 code, got " + region);
        }
        return region;
    }

    private void list(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String region = region(ctx);
        String state = param(ctx, "state");
        if (state != null && !STATES.contains(state)) {
            throw ApiError.badRequest("state must be open, rectified, closed or all, got " + state);
        }
        String level = param(ctx, "level");
        if (level != null && !level.equals(Hazard.MAJOR) && !level.equals(Hazard.GENERAL)) {
            throw ApiError.badRequest("level must be general or major, got " + level);
        }
        String overdue = param(ctx, "overdue");
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            throw ApiError.badRequest("overdue must be true or false, got " + overdue);
        }
        long limit = longParam(ctx, "limit", 200);
        if (limit < 1 || limit > 1000) {
            throw ApiError.badRequest("limit must be 1..1000, got " + limit);
        }
        long now = ledger.clock().millis();
        HazardStore.Query q = new HazardStore.Query(p.role() == Role.REGULATOR ? p.regions() : null,
                p.role() == Role.SITE ? p.sites() : null, region, param(ctx, "site"), "all".equals(state) ? null : state, level,
                overdue == null ? null : Boolean.valueOf(overdue), now, (int) limit);
        api.blocking(() -> store.list(q)).onSuccess(found -> {
            JsonArray items = new JsonArray();
            found.forEach(h -> items.add(HazardJson.hazard(h, now, siteName(h.siteId()))));
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("items", items).encode());
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void get(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String id = ctx.pathParam("id");
        long now = ledger.clock().millis();
        api.blocking(() -> {
            Hazard h = store.get(id);
            return h == null || !p.canSeeSite(h.siteId(), h.region()) ? null
                    : HazardJson.detail(h, now, siteName(h.siteId()), store.history(id), store.alarms(id));
        }).onSuccess(found -> {
            if (found == null) {
                ApiContext.fail(ctx, ApiError.notFound("hazard " + id));
                return;
            }
            ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(found.encode());
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    /** A regulator (or admin) enters a hazard found on a site of its regions. */
    private void report(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        JsonObject body = body(ctx, "{\"siteId\", \"level\", \"category\", \"clause\", \"text\", \"deviceId\", \"location\", \"deadlineTs\"}");
        String siteId = string(body, "siteId", MAX_SHORT, true);
        String level = string(body, "level", MAX_SHORT, true);
        if (!level.equals(Hazard.MAJOR) && !level.equals(Hazard.GENERAL)) {
            throw ApiError.badRequest("level must be general or major, got " + level);
        }
        String category = string(body, "category", MAX_SHORT, true);
        String text = string(body, "text", MAX_TEXT, true);
        String clause = string(body, "clause", MAX_SHORT, false);
        if (clause != null && !Clauses.ID.matcher(clause).matches()) {
            throw ApiError.badRequest("clause must name a clause of the 判定标准 as edition-article[-item[-subitem]], e.g. 2024-8-1"
                    + " for the 2024 edition 第八条(一), got " + clause);
        }
        String deviceId = string(body, "deviceId", MAX_SHORT, false);
        String location = string(body, "location", MAX_SHORT, false);
        Object rawDeadline = body.getValue("deadlineTs");
        long now = ledger.clock().millis();
        if (rawDeadline != null && !(rawDeadline instanceof Number n && n.longValue() > now && n.doubleValue() == n.longValue())) {
            throw ApiError.badRequest("deadlineTs must be a time after now, in epoch milliseconds");
        }
        Long deadline = rawDeadline == null ? null : ((Number) rawDeadline).longValue();
        Site site = registry.site(siteId);
        if (site == null || !p.canSeeSite(siteId, site.region())) {
            throw ApiError.notFound("site " + siteId);
        }
        if (deviceId != null) {
            Device d = registry.device(deviceId);
            if (d == null || !d.siteId().equals(siteId)) {
                throw ApiError.badRequest("deviceId " + deviceId + " is not a registered device of site " + siteId);
            }
        }
        ledger.report(new HazardLedger.Report(siteId, level, category, clause, text, deviceId, location, deadline), p.name())
                .onSuccess(h -> json(ctx, 201, HazardJson.hazard(h, ledger.clock().millis(), site.name()).getMap()))
                .onFailure(e -> ApiContext.fail(ctx, e));
    }

    /** The site's rectification: what was done, and the SHA-256 of the photo that shows it. */
    private void rectify(RoutingContext ctx) {
        Principal p = require(ctx, Role.SITE);
        JsonObject body = body(ctx, "{\"text\", \"photoSha256\"}");
        String text = string(body, "text", MAX_TEXT, true);
        Object rawPhoto = body.getValue("photoSha256");
        if (!(rawPhoto instanceof String photo && photo.matches("[0-9a-f]{64}"))) {
            throw ApiError.badRequest("photoSha256 must be 64 lower-case hex digits (the SHA-256 of the rectification photo)");
        }
        String id = ctx.pathParam("id");
        visible(id, p, false).compose(h -> ledger.rectify(id, p.name(), text, (String) rawPhoto))
                .onSuccess(h -> json(ctx, 200, HazardJson.hazard(h, ledger.clock().millis(), siteName(h.siteId())).getMap()))
                .onFailure(e -> ApiContext.fail(ctx, mapped(e)));
    }

    /** The regulator's review: accepted closes the hazard, rejected opens it again (a comment says why). */
    private void review(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        JsonObject body = body(ctx, "{\"accept\": true|false, \"comment\"}");
        if (!(body.getValue("accept") instanceof Boolean accept)) {
            throw ApiError.badRequest("accept must be true or false");
        }
        String comment = string(body, "comment", MAX_TEXT, false);
        if (!accept && comment == null) {
            throw ApiError.badRequest("comment is required when rejecting: say what is still wrong");
        }
        String id = ctx.pathParam("id");
        visible(id, p, true).compose(h -> ledger.review(id, p.name(), accept, comment))
                .onSuccess(h -> json(ctx, 200, HazardJson.hazard(h, ledger.clock().millis(), siteName(h.siteId())).getMap()))
                .onFailure(e -> ApiContext.fail(ctx, mapped(e)));
    }

    /** The hazard if the caller may act on it: its site for a site's staff, its region for a regulator; else 404. */
    private Future<Hazard> visible(String id, Principal p, boolean region) {
        return api.blocking(() -> store.get(id)).compose(h -> {
            boolean sees = h != null && (region ? p.canSeeRegion(h.region()) : p.canSeeSite(h.siteId(), h.region()));
            return sees ? Future.succeededFuture(h) : Future.failedFuture(ApiError.notFound("hazard " + id));
        });
    }

    private static Throwable mapped(Throwable e) {
        if (e instanceof HazardLedger.StateException s) {
            return new ApiError(s.code().equals("not_found") ? 404 : 409, s.code(), s.getMessage());
        }
        return e;
    }

    /** The 动态清零 board in the caller's scope, and {@code region}. */
    private void summary(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String region = region(ctx);
        long now = ledger.clock().millis();
        List<String> regions = p.role() == Role.REGULATOR ? p.regions() : null;
        List<String> sites = p.role() == Role.SITE ? p.sites() : null;
        api.blocking(() -> HazardBoard.compute(store.board(regions, sites, region, HazardBoard.monthStart(now)),
                        store.majorSpans(regions, sites, region, HazardBoard.trendStart(now, TREND_DAYS), now + 1), now, TREND_DAYS,
                        this::siteName))
                .onSuccess(board -> json(ctx, 200, board))
                .onFailure(e -> ApiContext.fail(ctx, e));
    }

    /** The deadlines per level in force, with their sources (for the consoles and for people who ask why). */
    private void deadlines(RoutingContext ctx) {
        require(ctx, Role.values());
        JsonArray items = new JsonArray();
        for (String level : List.of(Hazard.MAJOR, Hazard.GENERAL)) {
            Deadlines.Level l = ledger.deadlines().level(level);
            items.add(new JsonObject().put("level", level).put("days", l.days()).put("zh", l.zh()).put("en", l.en())
                    .put("source", l.source()));
        }
        json(ctx, 200, Map.of("items", items.getList()));
    }

    private static JsonObject body(RoutingContext ctx, String shape) {
        JsonObject body;
        try {
            body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            throw ApiError.badRequest("body must be a JSON object " + shape);
        }
        return body;
    }

    /** A text field: a string of at most {@code max} characters, not blank when required. */
    private static String string(JsonObject body, String field, int max, boolean required) {
        Object v = body.getValue(field);
        if (v == null || v instanceof String s && s.isBlank()) {
            if (required) {
                throw ApiError.badRequest(field + " is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest(field + " must be a string");
        }
        if (s.length() > max) {
            throw ApiError.badRequest(field + " is longer than " + max + " characters");
        }
        return s.trim();
    }
}

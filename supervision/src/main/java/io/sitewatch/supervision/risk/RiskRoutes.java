package io.sitewatch.supervision.risk;

import io.sitewatch.core.region.RegionCodes;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The early-warning ranking over HTTP (http-api.md 1.1, "Early warning"): {@code GET /api/v1/risk}
 * ranks projects, enterprises or regions over a window, {@code GET /api/v1/risk/model} explains the
 * model, {@code GET /api/v1/risk/{scope}/{id}/evidence?factor=} lists every id behind a factor.
 * Regulators see the projects of their regions only (an enterprise or region is aggregated from
 * those), admins everything; a site's staff are refused (403): the ranking names other sites.
 */
public final class RiskRoutes implements RouteGroup {

    static final Set<String> SCOPES = Set.of("project", "enterprise", "region");
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(366);
    /** Bare dates in from/to are days of this zone (the province's). */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final ApiContext api;
    private final RiskRanking ranking;
    private final RegistryLookup registry;
    private final InstantSource clock;
    private final InspectionStore inspections;
    private final java.security.SecureRandom seeds = new java.security.SecureRandom();
    private final Function<String, Set<String>> themeProjects;

    public RiskRoutes(ApiContext api, RiskRanking ranking, RegistryLookup registry, InstantSource clock, InspectionStore inspections) {
        this(api, ranking, registry, clock, inspections, theme -> null);
    }

    /**
     * With monthly themes: {@code themeProjects} answers the ids of the projects a theme selects
     * (null for a theme not shipped), so a draw can be made among them.
     */
    public RiskRoutes(ApiContext api, RiskRanking ranking, RegistryLookup registry, InstantSource clock, InspectionStore inspections,
                      Function<String, Set<String>> themeProjects) {
        this.api = api;
        this.ranking = ranking;
        this.registry = registry;
        this.clock = clock;
        this.inspections = inspections;
        this.themeProjects = themeProjects;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/risk").handler(this::list);
        router.get("/api/v1/risk/model").handler(this::model);
        router.get("/api/v1/risk/inspections").handler(this::inspections);
        router.post("/api/v1/risk/inspections").handler(this::draw);
        router.get("/api/v1/risk/:scope/:id/evidence").handler(this::evidence);
    }

    /** The window [from, to): epoch milliseconds, an ISO instant, or a date (its start in China time; {@code to} exclusive). */
    record Window(Instant from, Instant to) {
    }

    static Window window(RoutingContext ctx, Instant now) {
        Instant to = instant(param(ctx, "to"), "to");
        Instant from = instant(param(ctx, "from"), "from");
        if (to == null) {
            to = now;
        }
        if (from == null) {
            from = to.minus(DEFAULT_WINDOW);
        }
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("from must be before to, got from " + from + " and to " + to);
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiError.badRequest("from..to must span at most 366 days, got " + Duration.between(from, to).toDays() + " days");
        }
        return new Window(from, to);
    }

    static Instant instant(String v, String name) {
        if (v == null) {
            return null;
        }
        try {
            if (v.matches("-?\\d{1,15}")) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay(ZONE).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiError.badRequest(name + " must be epoch milliseconds, an ISO-8601 instant or a date (YYYY-MM-DD), got " + v);
        }
    }

    static String scope(String v) {
        String s = v == null ? "project" : v;
        if (!SCOPES.contains(s)) {
            throw ApiError.badRequest("scope must be project, enterprise or region, got " + v);
        }
        return s;
    }

    RiskModel modelParam(RoutingContext ctx) {
        String v = param(ctx, "model");
        try {
            return ranking.model(v);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("model must be a shipped risk model version (e.g. " + RiskModel.DEFAULT_VERSION + "), got " + v);
        }
    }

    /**
     * The regions a caller ranks: a regulator's own, an admin's all; narrowed by {@code ?region=}
     * (a city or province code covers its districts, as in the alarms' scope).
     */
    static Predicate<String> regions(RoutingContext ctx, Principal p) {
        String region = param(ctx, "region");
        if (region != null && !region.matches("\\d{6}")) {
            throw ApiError.badRequest("region must be a 6-digit 行政区划 code, got " + region);
        }
        Predicate<String> asked = region == null ? r -> true : r -> covers(region, r);
        return r -> r != null && p.canSeeRegion(r) && asked.test(r);
    }

    /** Whether the 6-digit code {@code scope} is {@code region} or a city or province that contains it. */
    static boolean covers(String scope, String region) {
        return RegionCodes.covers(scope, region);
    }

    private void list(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String scope = scope(param(ctx, "scope"));
        RiskModel model = modelParam(ctx);
        Window w = window(ctx, clock.instant());
        long limit = ApiContext.longParam(ctx, "limit", 0);
        // Absent means all; a given limit is 1..100000 (0 is not "all", it is a mistake).
        if (param(ctx, "limit") != null && (limit < 1 || limit > 100_000)) {
            throw ApiError.badRequest("limit must be 1..100000 (or absent for all), got " + limit);
        }
        Predicate<String> regions = regions(ctx, p);
        api.blocking(() -> ranking.rank(model, scope, w.from(), w.to(), regions)).onSuccess(items -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (RiskItem i : limit > 0 && items.size() > limit ? items.subList(0, (int) limit) : items) {
                out.add(item(model, i));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model.version());
            body.put("scope", scope);
            body.put("from", w.from().toEpochMilli());
            body.put("to", w.to().toEpochMilli());
            body.put("items", out);
            ApiContext.json(ctx, 200, body);
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    static Map<String, Object> item(RiskModel model, RiskItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("region", i.region());
        m.put("score", i.score());
        m.put("rank", i.rank());
        m.put("level", RiskLevel.of(i.score()).code());
        List<Map<String, Object>> factors = new ArrayList<>();
        for (RiskItem.FactorScore f : i.factors()) {
            RiskModel.Factor mf = model.factor(f.id());
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("id", f.id());
            fm.put("name", mf.name());
            fm.put("nameEn", mf.nameEn());
            fm.put("value", f.value());
            fm.put("weight", f.weight());
            fm.put("contribution", f.contribution());
            fm.put("evidence", f.evidence());
            factors.add(fm);
        }
        m.put("factors", factors);
        return m;
    }

    private void model(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.REGULATOR);
        RiskModel model = modelParam(ctx);
        List<Map<String, Object>> factors = new ArrayList<>();
        for (RiskModel.Factor f : model.factors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("name", f.name());
            m.put("nameEn", f.nameEn());
            m.put("normalisation", f.kind().normalisation());
            m.put("weight", f.weight());
            m.put("saturation", f.saturation());
            m.put("why", f.why());
            m.put("whyEn", f.whyEn());
            factors.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model.version());
        body.put("versions", RiskModel.SHIPPED);
        body.put("defaultVersion", RiskModel.DEFAULT_VERSION);
        body.put("label", model.label());
        body.put("labelEn", model.labelEn());
        body.put("factors", factors);
        body.put("aggregation", model.aggregation());
        ApiContext.json(ctx, 200, body);
    }

    private void evidence(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String scope = scope(ctx.pathParam("scope"));
        String id = ctx.pathParam("id");
        RiskModel model = modelParam(ctx);
        String factor = param(ctx, "factor");
        if (factor == null || model.factor(factor) == null) {
            throw ApiError.badRequest("factor must name a factor of model " + model.version() + " ("
                    + String.join(", ", model.factors().stream().map(RiskModel.Factor::id).toList()) + "), got " + factor);
        }
        Window w = window(ctx, clock.instant());
        Predicate<String> regions = regions(ctx, p);
        if ("project".equals(scope)) {
            Site site = registry.site(id);
            if (site == null || !p.canSeeSite(site.siteId(), site.region()) || !regions.test(site.region())) {
                throw ApiError.notFound("project " + id);
            }
            api.blocking(() -> ranking.data().evidence(model, factor, site, w.from(), w.to())).onSuccess(items -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("model", model.version());
                body.put("scope", scope);
                body.put("id", id);
                body.put("factor", factor);
                body.put("from", w.from().toEpochMilli());
                body.put("to", w.to().toEpochMilli());
                body.put("items", items);
                ApiContext.json(ctx, 200, body);
            }).onFailure(e -> ApiContext.fail(ctx, e));
            return;
        }
        api.blocking(() -> {
            Map<String, List<RiskItem>> all = ranking.rankAll(model, w.from(), w.to(), regions);
            RiskItem group = all.get(scope).stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
            if (group == null) {
                return null;
            }
            List<Map<String, Object>> members = new ArrayList<>();
            for (String projectId : group.factor(factor).evidence().isEmpty() ? List.<String>of() : members(all, scope, id, factor)) {
                RiskItem pi = all.get("project").stream().filter(i -> i.id().equals(projectId)).findFirst().orElseThrow();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "project");
                m.put("id", pi.id());
                m.put("name", pi.name());
                m.put("measure", pi.factor(factor).contribution());
                members.add(m);
            }
            return members;
        }).onSuccess(items -> {
            if (items == null) {
                ApiContext.fail(ctx, ApiError.notFound(scope + " " + id));
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model.version());
            body.put("scope", scope);
            body.put("id", id);
            body.put("factor", factor);
            body.put("from", w.from().toEpochMilli());
            body.put("to", w.to().toEpochMilli());
            body.put("items", items);
            ApiContext.json(ctx, 200, body);
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    /**
     * Draws projects for unannounced inspection (四不两直) from the caller's regions (or the
     * {@code region} asked for), by risk over the window, with a fresh seed that is recorded with
     * the picks. A site's staff may never see the list (403).
     */
    private void draw(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        io.vertx.core.json.JsonObject body;
        try {
            body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            throw ApiError.badRequest("body must be a JSON object {\"count\", \"region\", \"from\", \"to\", \"model\", \"theme\"}");
        }
        Object rawCount = body.getValue("count");
        if (!(rawCount instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1 || n.intValue() > 1000) {
            throw ApiError.badRequest("count must be a whole number from 1 to 1000, got " + rawCount);
        }
        int count = ((Number) rawCount).intValue();
        String region = body.getValue("region") == null ? null : String.valueOf(body.getValue("region"));
        if (region != null && (!region.matches("\\d{6}") || !p.canSeeRegion(region))) {
            throw ApiError.badRequest("region must be a 6-digit code within the caller's regions, got " + region);
        }
        String version = body.getValue("model") == null ? null : String.valueOf(body.getValue("model"));
        RiskModel model;
        try {
            model = ranking.model(version);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("model must be a shipped risk model version (e.g. " + RiskModel.DEFAULT_VERSION + "), got " + version);
        }
        Object rawTheme = body.getValue("theme");
        String theme = rawTheme == null ? null : String.valueOf(rawTheme);
        Set<String> themed = theme == null ? null : themeProjects.apply(theme);
        if (theme != null && (!(rawTheme instanceof String) || themed == null)) {
            throw ApiError.badRequest("theme must be the id of a monthly theme (GET /api/v1/themes), got " + rawTheme);
        }
        Instant now = clock.instant();
        Instant to = body.getValue("to") == null ? now : instant(String.valueOf(body.getValue("to")), "to");
        Instant from = body.getValue("from") == null ? to.minus(DEFAULT_WINDOW) : instant(String.valueOf(body.getValue("from")), "from");
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiError.badRequest("from must be before to, at most 366 days apart");
        }
        List<String> scope = region != null ? List.of(region) : p.role() == Role.REGULATOR ? List.copyOf(p.regions()) : List.of("*");
        Predicate<String> inScope = r -> r != null && p.canSeeRegion(r) && (region == null || covers(region, r));
        long seed = seeds.nextLong();
        api.blocking(() -> {
            List<RiskItem> ranked = ranking.rank(model, "project", from, to, inScope);
            if (themed != null) {
                ranked = ranked.stream().filter(i -> themed.contains(i.id())).toList();
            }
            List<RiskItem> picks = InspectionDraw.draw(ranked, count, seed);
            List<Map<String, Object>> out = new ArrayList<>();
            for (RiskItem i : picks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("name", i.name());
                m.put("region", i.region());
                m.put("score", i.score());
                out.add(m);
            }
            InspectionStore.Draw d = new InspectionStore.Draw(0, now, p.name(), scope, model.version(), from, to, seed, count, out, theme);
            long id = inspections.insert(d);
            return drawJson(new InspectionStore.Draw(id, now, p.name(), scope, model.version(), from, to, seed, count, out, theme));
        }).onSuccess(json -> ApiContext.json(ctx, 201, json)).onFailure(e -> ApiContext.fail(ctx, e));
    }

    /**
     * The recorded draws the caller may see (every region of the draw within its own), newest first;
     * with {@code ?theme=} only those drawn among that theme's projects.
     */
    private void inspections(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String theme = param(ctx, "theme");
        if (theme != null && themeProjects.apply(theme) == null) {
            throw ApiError.badRequest("theme must be the id of a monthly theme (GET /api/v1/themes), got " + theme);
        }
        api.blocking(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (InspectionStore.Draw d : inspections.latest(200)) {
                boolean visible = p.role() != Role.REGULATOR || d.scope().stream().allMatch(r -> !r.equals("*") && p.canSeeRegion(r));
                if (visible && (theme == null || theme.equals(d.theme()))) {
                    out.add(drawJson(d));
                }
            }
            return Map.of("items", out);
        }).onSuccess(json -> ApiContext.json(ctx, 200, json)).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private static Map<String, Object> drawJson(InspectionStore.Draw d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("drawnAt", d.drawnAt().toEpochMilli());
        m.put("drawnBy", d.drawnBy());
        m.put("scope", d.scope());
        m.put("model", d.model());
        m.put("from", d.from().toEpochMilli());
        m.put("to", d.to().toEpochMilli());
        m.put("seed", String.valueOf(d.seed()));
        m.put("count", d.count());
        m.put("picks", d.picks());
        m.put("theme", d.theme());
        return m;
    }

    /** The projects of an enterprise or region contributing to the factor, the largest first. */
    private List<String> members(Map<String, List<RiskItem>> all, String scope, String id, String factor) {
        List<RiskItem> ps = new ArrayList<>();
        for (RiskItem pi : all.get("project")) {
            Site s = registry.site(pi.id());
            String group = s == null ? null : "region".equals(scope) ? s.region() : s.enterprise() == null ? null : s.enterprise().code();
            if (id.equals(group) && pi.factor(factor).contribution().signum() > 0) {
                ps.add(pi);
            }
        }
        ps.sort((a, b) -> b.factor(factor).contribution().compareTo(a.factor(factor).contribution()) != 0
                ? b.factor(factor).contribution().compareTo(a.factor(factor).contribution()) : a.id().compareTo(b.id()));
        return ps.stream().map(RiskItem::id).toList();
    }
}

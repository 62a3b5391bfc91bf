package io.sitewatch.supervision.theme;

import io.sitewatch.core.region.RegionCodes;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;
import io.sitewatch.supervision.theme.ThemeCatalog.Indicator;
import io.sitewatch.supervision.theme.ThemeCatalog.Theme;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The monthly themes over HTTP (http-api.md, "Monthly themes"): {@code GET /api/v1/themes} lists
 * them with the current month's, {@code GET /api/v1/themes/{themeId}/report?month=&region=} is a
 * theme's report for a month. Regulators see the projects of their regions only, admins all; a
 * site's staff are refused (403): the report names other sites. The unannounced inspection list
 * for a theme is the early warning's draw with {@code theme} (RiskRoutes).
 */
public final class ThemeRoutes implements RouteGroup {

    private final ApiContext api;
    private final ThemeCatalog catalog;
    private final ThemeData data;
    private final InstantSource clock;

    public ThemeRoutes(ApiContext api, ThemeCatalog catalog, ThemeData data, InstantSource clock) {
        this.api = api;
        this.catalog = catalog;
        this.data = data;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/themes").handler(this::list);
        router.get("/api/v1/themes/:themeId/report").handler(this::report);
    }

    private YearMonth now() {
        return YearMonth.from(clock.instant().atZone(ThemeData.ZONE));
    }

    private void list(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.REGULATOR);
        YearMonth month = now();
        Theme current = catalog.themeOf(month);
        List<Map<String, Object>> themes = new ArrayList<>();
        for (Theme t : catalog.themes()) {
            themes.add(themeJson(t));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", catalog.version());
        body.put("month", month.toString());
        body.put("current", current == null ? null : current.id());
        body.put("standout", standoutJson(catalog.standout()));
        body.put("themes", themes);
        ApiContext.json(ctx, 200, body);
    }

    static Map<String, Object> themeJson(Theme t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("nameEn", t.nameEn());
        m.put("months", t.months().stream().map(YearMonth::toString).toList());
        m.put("rules", t.rules());
        m.put("deviceKinds", t.deviceKinds());
        m.put("hazardCategories", t.hazardCategories());
        List<Map<String, Object>> indicators = new ArrayList<>();
        for (Indicator i : t.indicators()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("id", i.id());
            im.put("rules", i.rules());
            im.put("label", i.label());
            im.put("labelEn", i.labelEn());
            im.put("perKinds", i.perKinds());
            indicators.add(im);
        }
        m.put("indicators", indicators);
        m.put("why", t.why());
        m.put("whyEn", t.whyEn());
        return m;
    }

    private static Map<String, Object> standoutJson(ThemeCatalog.Standout s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factor", s.factor());
        m.put("minEvents", s.minEvents());
        m.put("why", s.why());
        m.put("whyEn", s.whyEn());
        return m;
    }

    static YearMonth month(String v, YearMonth fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            if (!v.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("", v, 0);
            }
            return YearMonth.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("month must be YYYY-MM, got " + v);
        }
    }

    /** The regions a caller's report covers: a regulator's own, an admin's all; narrowed by {@code ?region=}. */
    static Predicate<String> regions(RoutingContext ctx, Principal p) {
        String region = param(ctx, "region");
        if (region != null && !region.matches("\\d{6}")) {
            throw ApiError.badRequest("region must be a 6-digit 行政区划 code, got " + region);
        }
        return r -> r != null && p.canSeeRegion(r) && (region == null || covers(region, r));
    }

    /** Whether the 6-digit code {@code scope} is {@code region} or a city or province that contains it. */
    static boolean covers(String scope, String region) {
        return RegionCodes.covers(scope, region);
    }

    private void report(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String id = ctx.pathParam("themeId");
        YearMonth month = month(param(ctx, "month"), now());
        Predicate<String> inScope = regions(ctx, p);
        Theme theme = catalog.theme(id);
        if (theme == null) {
            throw ApiError.notFound("theme " + id);
        }
        api.blocking(() -> json(theme, data.report(catalog, theme, month, inScope)))
                .onSuccess(body -> ApiContext.json(ctx, 200, body)).onFailure(e -> ApiContext.fail(ctx, e));
    }

    static Map<String, Object> json(Theme theme, ThemeReport.Result r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("theme", themeJson(theme));
        body.put("month", r.month().toString());
        body.put("from", ThemeData.start(r.month()).toEpochMilli());
        body.put("to", ThemeData.end(r.month()).toEpochMilli());
        body.put("scheduled", r.scheduled());
        body.put("districts", r.districts().stream().map(ThemeRoutes::rowJson).toList());
        body.put("cities", r.cities().stream().map(ThemeRoutes::rowJson).toList());
        body.put("total", rowJson(r.total()));
        List<Map<String, Object>> standouts = new ArrayList<>();
        for (ThemeReport.StandoutSite s : r.standouts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("siteId", s.siteId());
            m.put("name", s.name());
            m.put("region", s.region());
            m.put("indicator", s.indicator());
            m.put("count", s.count());
            m.put("deviceDays", s.deviceDays());
            m.put("rate", s.rate());
            m.put("reportRate", s.reportRate());
            standouts.add(m);
        }
        body.put("standouts", standouts);
        List<Map<String, Object>> hazards = new ArrayList<>();
        for (ThemeReport.HazardFact h : r.hazards()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("siteId", h.siteId());
            m.put("region", h.region());
            m.put("category", h.category());
            m.put("level", h.level());
            m.put("state", h.state());
            m.put("reportedTs", h.reportedTs());
            m.put("found", h.found());
            m.put("closed", h.closed());
            hazards.add(m);
        }
        body.put("hazards", hazards);
        return body;
    }

    private static Map<String, Object> rowJson(ThemeReport.Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", row.region());
        m.put("level", row.level());
        m.put("sites", row.sites());
        m.put("deviceDays", row.deviceDays());
        List<Map<String, Object>> values = new ArrayList<>();
        for (ThemeReport.Value v : row.indicators()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("id", v.indicator());
            vm.put("count", v.count());
            vm.put("deviceDays", v.deviceDays());
            vm.put("per100DeviceDays", v.rate());
            values.add(vm);
        }
        m.put("indicators", values);
        m.put("hazardsFound", row.hazardsFound());
        m.put("hazardsClosed", row.hazardsClosed());
        return m;
    }
}

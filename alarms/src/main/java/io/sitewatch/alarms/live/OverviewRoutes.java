package io.sitewatch.alarms.live;

import static io.sitewatch.platform.http.ApiContext.JSON;
import static io.sitewatch.platform.http.ApiContext.longParam;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.alarms.engine.AlarmEngine;
import io.sitewatch.alarms.engine.AlarmEngine.SiteConnections;
import io.sitewatch.alarms.engine.AlarmStore;
import io.sitewatch.alarms.engine.AlarmStore.SiteAlarms;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The regulator's overview, aggregated on the server so that a console over 10,000 sites never
 * reads each site's detail:
 * <ul>
 * <li>{@code GET /api/v1/overview?region=&markers=}: per district of the caller's scope, its sites,
 *     open alarms and warnings, devices with an open offline alarm and devices by connection; and a
 *     compact marker per site (id, district, counts, location when registered) for the map;
 * <li>{@code GET /api/v1/overview/sites?region=&q=&offset=&limit=}: the sites ranked by open
 *     alarms, then warnings, then offline devices, one page at a time, with the total.
 * </ul>
 * Open alarms are counted in the database (the partial index of open alarms, so any instance
 * answers the same), connections by the alarm engine's shards, sites from the registry's memory.
 */
public final class OverviewRoutes implements RouteGroup {

    static final int DEFAULT_PAGE = 25;
    static final int MAX_PAGE = 500;
    static final int MAX_QUERY = 100;
    /** The markers' columns; {@code lat} and {@code lon} only for a site with a registered location. */
    static final List<String> MARKER_COLUMNS = List.of("siteId", "region", "alarm", "warning", "offline", "lat", "lon");

    private final ApiContext api;
    private final AlarmEngine engine;
    private final AlarmStore store;
    private final RegistryLookup registry;

    public OverviewRoutes(ApiContext api, AlarmEngine engine, AlarmStore store, RegistryLookup registry) {
        this.api = api;
        this.engine = engine;
        this.store = store;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/overview").handler(this::overview);
        router.get("/api/v1/overview/sites").handler(this::rankedSites);
    }

    /** Who asks, for which region, and the registered sites that leaves, by district then id. */
    private record Scope(Principal principal, String region, List<Site> sites) {

        AlarmStore.Query query() {
            return new AlarmStore.Query(principal.role() == Role.REGULATOR ? principal.regions() : null,
                    principal.role() == Role.SITE ? principal.sites() : null, region, null, null, "open", null, 1);
        }
    }

    private Scope scope(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String region = param(ctx, "region");
        if (region != null && !region.matches("\\d{6}")) {
            throw ApiError.badRequest("region must be a 6-digit 行政区划 code");
        }
        Principal inRegion = region == null ? null : new Principal("filter", Role.REGULATOR, List.of(region));
        List<Site> sites = new ArrayList<>();
        for (Site s : registry.sites()) {
            if (p.canSeeSite(s.siteId(), s.region()) && (inRegion == null || inRegion.canSeeRegion(s.region()))) {
                sites.add(s);
            }
        }
        sites.sort(Comparator.comparing(Site::region).thenComparing(Site::siteId));
        return new Scope(p, region, sites);
    }

    private void overview(RoutingContext ctx) {
        Scope scope = scope(ctx);
        String markersParam = param(ctx, "markers");
        if (markersParam != null && !markersParam.equals("true") && !markersParam.equals("false")) {
            throw ApiError.badRequest("markers must be true or false");
        }
        boolean markers = !"false".equals(markersParam);
        Set<String> ids = new HashSet<>(scope.sites().size() * 2);
        scope.sites().forEach(s -> ids.add(s.siteId()));
        Context here = Vertx.currentContext();
        api.blocking(() -> store.openBySite(scope.query()))
                .compose(open -> engine.connectionsBySite(ids::contains)
                        .compose(conn -> api.blocking(() -> JSON.writeValueAsString(overview(scope, open, conn, markers)))))
                .onComplete(ar -> here.runOnContext(v -> answer(ctx, ar)));
    }

    private Map<String, Object> overview(Scope scope, Map<String, SiteAlarms> open, Map<String, SiteConnections> conn,
                                         boolean withMarkers) {
        Map<String, Integer> devicesOfSite = new HashMap<>();
        for (Device d : registry.devices()) {
            devicesOfSite.merge(d.siteId(), 1, Integer::sum);
        }
        Map<String, int[]> districts = new TreeMap<>();
        List<List<Object>> rows = new ArrayList<>(withMarkers ? scope.sites().size() : 0);
        int[] total = new int[8];
        for (Site s : scope.sites()) {
            SiteAlarms a = open.getOrDefault(s.siteId(), SiteAlarms.NONE);
            SiteConnections c = conn.getOrDefault(s.siteId(), SiteConnections.NONE);
            int registered = devicesOfSite.getOrDefault(s.siteId(), 0);
            int unknown = Math.max(0, registered - c.online() - c.off() - c.offline());
            int[] d = districts.computeIfAbsent(s.region(), k -> new int[8]);
            int[] add = {1, a.alarm(), a.warning(), a.offline(), c.online(), c.off(), c.offline(), unknown};
            for (int i = 0; i < add.length; i++) {
                d[i] += add[i];
                total[i] += add[i];
            }
            if (withMarkers) {
                List<Object> row = new ArrayList<>(7);
                row.add(s.siteId());
                row.add(s.region());
                row.add(a.alarm());
                row.add(a.warning());
                row.add(a.offline());
                if (s.location() != null) {
                    row.add(s.location().lat());
                    row.add(s.location().lon());
                }
                rows.add(row);
            }
        }
        List<Map<String, Object>> perDistrict = new ArrayList<>();
        districts.forEach((code, d) -> {
            Map<String, Object> m = counts(d);
            m.put("code", code);
            perDistrict.add(m);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        Principal p = scope.principal();
        out.put("regions", p.role() == Role.REGULATOR ? p.regions() : null);
        out.put("region", scope.region());
        out.put("totals", counts(total));
        out.put("districts", perDistrict);
        if (withMarkers) {
            out.put("markers", Map.of("columns", MARKER_COLUMNS, "rows", rows));
        }
        return out;
    }

    /** sites, alarm, warning, offline (devices with an open offline alarm), devices by connection. */
    private static Map<String, Object> counts(int[] d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sites", d[0]);
        m.put("alarm", d[1]);
        m.put("warning", d[2]);
        m.put("offline", d[3]);
        m.put("devices", Map.of("online", d[4], "off", d[5], "offline", d[6], "unknown", d[7]));
        return m;
    }

    private void rankedSites(RoutingContext ctx) {
        Scope scope = scope(ctx);
        long offset = longParam(ctx, "offset", 0);
        if (offset < 0) {
            throw ApiError.badRequest("offset must be 0 or more");
        }
        long limit = longParam(ctx, "limit", DEFAULT_PAGE);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_PAGE);
        }
        String q = param(ctx, "q");
        if (q != null && q.length() > MAX_QUERY) {
            throw ApiError.badRequest("q must be at most " + MAX_QUERY + " characters");
        }
        String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
        Context here = Vertx.currentContext();
        api.blocking(() -> {
            Map<String, SiteAlarms> open = store.openBySite(scope.query());
            List<Site> matching = needle == null ? scope.sites() : scope.sites().stream()
                    .filter(s -> s.siteId().toLowerCase(Locale.ROOT).contains(needle)
                            || s.name() != null && s.name().toLowerCase(Locale.ROOT).contains(needle))
                    .toList();
            Comparator<Site> worstFirst = Comparator
                    .comparingInt((Site s) -> -open.getOrDefault(s.siteId(), SiteAlarms.NONE).alarm())
                    .thenComparingInt(s -> -open.getOrDefault(s.siteId(), SiteAlarms.NONE).warning())
                    .thenComparingInt(s -> -open.getOrDefault(s.siteId(), SiteAlarms.NONE).offline());
            // Sites come by district then id already; the sort is stable, so ties keep that order.
            List<Site> ranked = new ArrayList<>(matching);
            ranked.sort(worstFirst);
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = (int) Math.min(offset, ranked.size()); i < Math.min(offset + limit, ranked.size()); i++) {
                Site s = ranked.get(i);
                SiteAlarms a = open.getOrDefault(s.siteId(), SiteAlarms.NONE);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("siteId", s.siteId());
                m.put("name", s.name());
                m.put("region", s.region());
                m.put("alarm", a.alarm());
                m.put("warning", a.warning());
                m.put("offline", a.offline());
                items.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", items);
            out.put("total", ranked.size());
            out.put("offset", offset);
            out.put("limit", limit);
            return JSON.writeValueAsString(out);
        }).onComplete(ar -> here.runOnContext(v -> answer(ctx, ar)));
    }

    private static void answer(RoutingContext ctx, io.vertx.core.AsyncResult<String> ar) {
        if (ar.failed()) {
            ApiContext.fail(ctx, ar.cause());
            return;
        }
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(ar.result());
    }
}

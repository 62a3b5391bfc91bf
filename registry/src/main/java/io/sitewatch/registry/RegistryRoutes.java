package io.sitewatch.registry;

import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;

import static io.sitewatch.platform.http.ApiContext.body;
import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.longParam;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.core.region.Regions;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.InvalidEntryException;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Sites, devices and operator certificates (http-api.md, "Registry", with the 1.1 site and device
 * fields). Reads come from the cache.
 */
public final class RegistryRoutes implements RouteGroup {

    record SiteBody(String siteId, String name, String region, Enterprise enterprise, String kind, String timezone,
                    BigDecimal costCny, String startDate, String endDate, JsonNode params, LocationBody location,
                    HoursBody workingHours) {
    }

    record LocationBody(Double lat, Double lon, Double radiusM) {
    }

    record HoursBody(String from, String to, List<Integer> days) {
    }

    record DeviceBody(String deviceId, String siteId, String kind, String name, Integer periodS, JsonNode params,
                      String installDate, String removeDate, String schedule, DeviceService.Registration registration,
                      DeviceService.Validity inspection, DeviceService.Validity fallArrester) {
    }

    record OperatorBody(String certNo, String name, String kind, String validFrom, String validTo) {
    }

    static final int MAX_PAGE = 1000;
    static final int MAX_IDS = 500;

    private final ApiContext api;
    private final RegistryService registry;
    private final RegistryCache cache;

    public RegistryRoutes(ApiContext api, RegistryService registry) {
        this.api = api;
        this.registry = registry;
        this.cache = registry.cache();
    }

    @Override
    public void mount(Router router) {
        router.put("/api/v1/sites/:siteId").handler(this::putSite);
        router.get("/api/v1/sites").handler(this::listSites);
        router.get("/api/v1/regions").handler(this::listRegions);
        router.get("/api/v1/sites/:siteId").handler(this::getSite);
        router.get("/api/v1/sites/:siteId/devices").handler(this::listDevices);
        router.put("/api/v1/devices/:deviceId").handler(this::putDevice);
        router.get("/api/v1/devices/:deviceId").handler(this::getDevice);
        router.put("/api/v1/operators/:certNo").handler(this::putOperator);
        router.get("/api/v1/operators/:certNo").handler(this::getOperator);
    }

    private void putSite(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.DEVICE_ADMIN);
        String id = ctx.pathParam("siteId");
        SiteBody b = body(ctx, SiteBody.class);
        sameId(id, b.siteId(), "siteId");
        LocationBody l = b.location() == null ? new LocationBody(null, null, null) : b.location();
        HoursBody h = b.workingHours();
        respond(ctx, api, () -> registry.putSite(new Site(id, b.name(), b.region(), b.enterprise(), b.kind(), b.timezone(),
                b.costCny(), b.startDate(), b.endDate(), b.params(), Entries.location(l.lat(), l.lon(), l.radiusM()),
                Entries.workingHours(h != null, h == null ? null : h.from(), h == null ? null : h.to(), h == null ? null : h.days()))));
    }

    private void putDevice(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.DEVICE_ADMIN);
        String id = ctx.pathParam("deviceId");
        DeviceBody b = body(ctx, DeviceBody.class);
        sameId(id, b.deviceId(), "deviceId");
        Device device = new Device(id, b.siteId(), b.kind(), b.name(), b.periodS() == null ? 0 : b.periodS(), b.params(),
                new DeviceService(b.installDate(), b.removeDate(), b.schedule(), b.registration(), b.inspection(), b.fallArrester()));
        respond(ctx, api, () -> registry.putDevice(device));
    }

    private void putOperator(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.DEVICE_ADMIN);
        String id = ctx.pathParam("certNo");
        OperatorBody b = body(ctx, OperatorBody.class);
        sameId(id, b.certNo(), "certNo");
        OperatorCert op = new OperatorCert(id, b.name(), b.kind(), b.validFrom(), b.validTo());
        respond(ctx, api, () -> registry.putOperator(op));
    }

    /**
     * The sites the caller may see, by id, with their {@code total}. Optional filters: {@code region}
     * (a district, city or province code) and {@code ids} (comma-separated, at most
     * {@value #MAX_IDS}); optional paging: {@code limit} (1–{@value #MAX_PAGE}) and {@code offset}.
     * Without {@code limit} every matching site is listed, as before paging existed.
     */
    private void listSites(RoutingContext ctx) {
        Principal p = require(ctx, Role.values());
        String region = param(ctx, "region");
        if (region != null && !region.matches("\\d{6}")) {
            throw ApiError.badRequest("region must be a 6-digit 行政区划 code");
        }
        Set<String> ids = null;
        String idList = param(ctx, "ids");
        if (idList != null) {
            ids = new HashSet<>(Arrays.asList(idList.split(",")));
            if (ids.size() > MAX_IDS) {
                throw ApiError.badRequest("ids lists at most " + MAX_IDS + " site ids");
            }
        }
        long offset = longParam(ctx, "offset", 0);
        if (offset < 0) {
            throw ApiError.badRequest("offset must be 0 or more");
        }
        long limit = longParam(ctx, "limit", -1);
        if (param(ctx, "limit") != null && (limit < 1 || limit > MAX_PAGE)) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_PAGE);
        }
        Principal inRegion = region == null ? null : new Principal("filter", Role.REGULATOR, List.of(region));
        Set<String> wanted = ids;
        List<Site> all = cache.sites().stream()
                .filter(s -> p.canSeeSite(s.siteId(), s.region()))
                .filter(s -> inRegion == null || inRegion.canSeeRegion(s.region()))
                .filter(s -> wanted == null || wanted.contains(s.siteId()))
                .sorted(Comparator.comparing(Site::siteId)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        if (limit < 0) {
            out.put("items", offset == 0 ? all : all.subList((int) Math.min(offset, all.size()), all.size()));
        } else {
            int from = (int) Math.min(offset, all.size());
            out.put("items", all.subList(from, (int) Math.min(all.size(), from + limit)));
            out.put("offset", offset);
            out.put("limit", limit);
        }
        out.put("total", all.size());
        json(ctx, 200, out);
    }

    /** The administrative divisions by code with their names (reference data, for every role). */
    private void listRegions(RoutingContext ctx) {
        require(ctx, Role.values());
        Regions regions = Regions.bundled();
        json(ctx, 200, Map.of("source", regions.source(), "items", regions.all()));
    }

    private void getSite(RoutingContext ctx) {
        json(ctx, 200, visibleSite(ctx, cache, ctx.pathParam("siteId")));
    }

    private void listDevices(RoutingContext ctx) {
        Site site = visibleSite(ctx, cache, ctx.pathParam("siteId"));
        json(ctx, 200, Map.of("items", cache.devices().stream()
                .filter(d -> d.siteId().equals(site.siteId()))
                .sorted(Comparator.comparing(Device::deviceId)).toList()));
    }

    private void getDevice(RoutingContext ctx) {
        Principal p = require(ctx, Role.values());
        Device d = cache.device(ctx.pathParam("deviceId"));
        Site s = d == null ? null : cache.site(d.siteId());
        if (d == null || !p.canSeeSite(d.siteId(), s == null ? null : s.region())) {
            throw ApiError.notFound("device " + ctx.pathParam("deviceId"));
        }
        json(ctx, 200, d);
    }

    private void getOperator(RoutingContext ctx) {
        require(ctx, Role.values());
        OperatorCert o = cache.operator(ctx.pathParam("certNo"));
        if (o == null) {
            throw ApiError.notFound("operator certificate " + ctx.pathParam("certNo"));
        }
        json(ctx, 200, o);
    }

    /** A site the caller may see; one outside a regulator's regions looks like a missing one. */
    static Site visibleSite(RoutingContext ctx, RegistryCache cache, String siteId) {
        Principal p = require(ctx, Role.values());
        Site s = cache.site(siteId);
        if (s == null || !p.canSeeSite(s.siteId(), s.region())) {
            throw ApiError.notFound("site " + siteId);
        }
        return s;
    }

    /** Runs registry work off the event loop and answers its result; an invalid entry is a 400 naming the field. */
    static <T> void respond(RoutingContext ctx, ApiContext api, Callable<T> work) {
        Future<T> f = api.blocking(work);
        f.onSuccess(v -> json(ctx, 200, v)).onFailure(e -> ApiContext.fail(ctx,
                e instanceof InvalidEntryException ? new ApiError(400, "invalid_entry", e.getMessage()) : e));
    }

    static void sameId(String path, String inBody, String field) {
        if (inBody != null && !inBody.equals(path)) {
            throw ApiError.badRequest(field + " in the body (" + inBody + ") differs from the path (" + path + ")");
        }
    }
}

package io.sitewatch.registry;

import static io.sitewatch.platform.http.ApiContext.body;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.Map;

/**
 * A site's key personnel and their monthly attendance (http-api.md 1.1, "Registry"). Admins and
 * device admins keep the personnel; every role reads within its scope. Personnel are read from the
 * database (they are not on the message path); attendance reads the month's clock-ins through
 * ingest's port ({@link SiteAttendance}).
 */
public final class PersonnelRoutes implements RouteGroup {

    record PersonBody(String personId, String name, String role, String certNo) {
    }

    private final ApiContext api;
    private final RegistryService registry;
    private final RegistryCache cache;
    private final SiteAttendance attendance;

    public PersonnelRoutes(ApiContext api, RegistryService registry, SiteAttendance attendance) {
        this.api = api;
        this.registry = registry;
        this.cache = registry.cache();
        this.attendance = attendance;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/sites/:siteId/personnel").handler(this::list);
        router.put("/api/v1/sites/:siteId/personnel/:personId").handler(this::put);
        router.get("/api/v1/sites/:siteId/personnel/:personId").handler(this::get);
        router.delete("/api/v1/sites/:siteId/personnel/:personId").handler(this::remove);
        router.get("/api/v1/sites/:siteId/attendance").handler(this::attendance);
    }

    private void list(RoutingContext ctx) {
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        RegistryRoutes.respond(ctx, api, () -> Map.of("items", registry.personnel(site.siteId())));
    }

    private void put(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.DEVICE_ADMIN);
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        String id = ctx.pathParam("personId");
        PersonBody b = body(ctx, PersonBody.class);
        RegistryRoutes.sameId(id, b.personId(), "personId");
        RegistryRoutes.respond(ctx, api, () -> registry.putPerson(new KeyPerson(site.siteId(), id, b.name(), b.role(),
                b.certNo() == null || b.certNo().isBlank() ? null : b.certNo().trim())));
    }

    private void get(RoutingContext ctx) {
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        String id = ctx.pathParam("personId");
        RegistryRoutes.respond(ctx, api, () -> registry.person(site.siteId(), id)
                .orElseThrow(() -> ApiError.notFound("person " + id + " of site " + site.siteId())));
    }

    private void remove(RoutingContext ctx) {
        require(ctx, Role.ADMIN, Role.DEVICE_ADMIN);
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        String id = ctx.pathParam("personId");
        RegistryRoutes.respond(ctx, api, () -> {
            if (!registry.removePerson(site.siteId(), id)) {
                throw ApiError.notFound("person " + id + " of site " + site.siteId());
            }
            return Map.of("removed", id);
        });
    }

    private void attendance(RoutingContext ctx) {
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        YearMonth month = month(QueryParams.of(ctx));
        RegistryRoutes.respond(ctx, api, () -> attendance.month(site.siteId(), month));
    }

    /** The {@code month} of {@code GET /api/v1/sites/{siteId}/attendance} (YYYY-MM, required). */
    public static YearMonth month(QueryParams q) {
        String m = q.text("month");
        if (m == null) {
            throw ApiError.badRequest("month is required (YYYY-MM)");
        }
        try {
            return YearMonth.parse(m);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("month must be YYYY-MM, got " + m);
        }
    }
}

package io.sitewatch.registry;

import static io.sitewatch.platform.http.ApiContext.body;
import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.Holiday;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A site's calendar (http-api.md 1.1, "Registry"): its days merged from the national statutory
 * holidays, its own week and the dates marked on it. Admins and device admins mark as the site,
 * regulators (within their regions) as the regulator; a regulator's mark is replaced or removed
 * only by a regulator or an admin. Reads come from the cache.
 */
public final class CalendarRoutes implements RouteGroup {

    /** The longest span one read returns: a year, leap day included. */
    static final int MAX_DAYS = 366;

    /** The query of {@code GET /api/v1/sites/{siteId}/calendar}: the days {@code from}..{@code to}, at most {@value #MAX_DAYS}. */
    public record DaysQuery(LocalDate from, LocalDate to) {

        public static DaysQuery parse(QueryParams q) {
            LocalDate from = dateParam("from", q.text("from"));
            LocalDate to = dateParam("to", q.text("to"));
            if (to.isBefore(from)) {
                throw ApiError.badRequest("to (" + to + ") is before from (" + from + ")");
            }
            long span = ChronoUnit.DAYS.between(from, to) + 1;
            if (span > MAX_DAYS) {
                throw ApiError.badRequest("from–to spans " + span + " days; ask for at most " + MAX_DAYS + " at a time");
            }
            return new DaysQuery(from, to);
        }
    }

    record MarkBody(Boolean working, String reason, String note, ExtraBody extraHours) {
    }

    record ExtraBody(String from, String to, String permit) {
    }

    /**
     * One date of the calendar. {@code note} is the mark's note, or the national holiday's Chinese
     * name ({@code noteEn} its English one); {@code calendarMissing}: that year's national holidays
     * are not published, so only the site's week and its marks count.
     */
    record DayView(String date, boolean working, String reason, String source, CalendarMark.ExtraHours extraHours,
                   String note, String noteEn, boolean calendarMissing) {
    }

    private final ApiContext api;
    private final RegistryService registry;
    private final RegistryCache cache;

    public CalendarRoutes(ApiContext api, RegistryService registry) {
        this.api = api;
        this.registry = registry;
        this.cache = registry.cache();
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/sites/:siteId/calendar").handler(this::days);
        router.put("/api/v1/sites/:siteId/calendar/:date").handler(this::mark);
        router.delete("/api/v1/sites/:siteId/calendar/:date").handler(this::unmark);
    }

    private void days(RoutingContext ctx) {
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        DaysQuery q = DaysQuery.parse(QueryParams.of(ctx));
        LocalDate from = q.from();
        LocalDate to = q.to();
        SiteCalendar calendar = cache.calendar(site.siteId());
        List<DayView> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(view(calendar.day(d)));
        }
        json(ctx, 200, Map.of("siteId", site.siteId(), "days", days));
    }

    private void mark(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.DEVICE_ADMIN, Role.REGULATOR);
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        LocalDate date = dateParam("date", ctx.pathParam("date"));
        MarkBody b = body(ctx, MarkBody.class);
        ExtraBody x = b.extraHours();
        String source = p.is(Role.REGULATOR) ? "regulator" : "site";
        RegistryRoutes.respond(ctx, api, () -> {
            CalendarMark m = Entries.mark(date, b.working(), b.reason(), b.note(), x != null, x == null ? null : x.from(),
                    x == null ? null : x.to(), x == null ? null : x.permit(), source);
            if (!registry.putMark(site.siteId(), m, p.name(), p.is(Role.ADMIN, Role.REGULATOR))) {
                throw regulatorsMark(date);
            }
            return view(cache.calendar(site.siteId()).day(date));
        });
    }

    private void unmark(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.DEVICE_ADMIN, Role.REGULATOR);
        Site site = RegistryRoutes.visibleSite(ctx, cache, ctx.pathParam("siteId"));
        LocalDate date = dateParam("date", ctx.pathParam("date"));
        RegistryRoutes.respond(ctx, api, () -> switch (registry.removeMark(site.siteId(), date, p.is(Role.ADMIN, Role.REGULATOR))) {
            case REMOVED -> view(cache.calendar(site.siteId()).day(date));
            case NONE -> throw ApiError.notFound("a mark on " + date + " of site " + site.siteId());
            case REFUSED -> throw regulatorsMark(date);
        });
    }

    private static ApiError regulatorsMark(LocalDate date) {
        return ApiError.forbidden("a regulator marked " + date + "; only a regulator or an admin can change that mark");
    }

    static DayView view(SiteCalendar.Day d) {
        String noteEn = null;
        if ("national".equals(d.source())) {
            noteEn = switch (NationalCalendar.bundled().kindOf(d.date())) {
                case HOLIDAY -> NationalCalendar.bundled().holiday(d.date()).map(Holiday::nameEn).orElse(null);
                case MAKEUP_WORKDAY -> "make-up working day";
                default -> null;
            };
        }
        return new DayView(d.date().toString(), d.working(), d.reason(), d.source(), d.extraHours(), d.note(), noteEn,
                d.calendarMissing());
    }

    private static LocalDate dateParam(String name, String value) {
        if (value == null) {
            throw ApiError.badRequest(name + " is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw ApiError.badRequest(name + " must be a date YYYY-MM-DD, got " + value);
        }
    }
}

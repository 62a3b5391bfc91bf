package io.sitewatch.rating.http;

import static io.sitewatch.platform.http.ApiContext.body;
import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.rating.catalogue.CatalogueVersion;
import io.sitewatch.rating.catalogue.InvalidCatalogueException;
import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.text.Lang;
import io.sitewatch.rating.workflow.RatingWorkflow;
import io.sitewatch.rating.store.Submission;
import io.sitewatch.rating.workflow.WorkflowException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

/** Ratings (http-api.md "Ratings") and the review workflow (openapi.yaml, tag ratings). */
public final class RatingRoutes implements RouteGroup {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

    /**
     * The query of {@code GET /api/v1/sites/{siteId}/rating}: the window {@code from}..{@code to}
     * (epoch ms; the 90 days up to now by default), the {@code format} (json by default) and the
     * report's {@code lang} (zh by default).
     */
    public record RatingQuery(Instant from, Instant to, RatingReport.Format format, Lang lang) {

        /** @param now server time, epoch ms: where the window ends unless {@code to} is given */
        public static RatingQuery parse(QueryParams q, long now) {
            // Within the years 1 to 9999: to - 90 days overflowed a long near its minimum (a 500).
            Instant to = Instant.ofEpochMilli(q.epochMillis("to", now));
            Instant from = Instant.ofEpochMilli(q.epochMillis("from",
                    Math.max(QueryParams.MIN_EPOCH_MS, to.minus(DEFAULT_WINDOW).toEpochMilli())));
            if (!to.isAfter(from)) {
                throw ApiError.badRequest("to must be after from");
            }
            return new RatingQuery(from, to, RatingRoutes.format(q, "json"), RatingRoutes.lang(q));
        }
    }
    private static final Role[] READERS = {Role.ADMIN, Role.RATER, Role.REGULATOR};
    private static final Role[] RATERS = {Role.ADMIN, Role.RATER};

    record SubmitBody(Integer targetStar, Long from, Long to, String comment) {
    }

    record ReviewBody(List<Submission.Adjustment> adjustments, String comment) {
    }

    record CommentBody(String comment) {
    }

    record ManualBody(Double value, String comment, String attachmentSha256) {
    }

    private final ApiContext api;
    private final RegistryLookup registry;
    private final RatingWorkflow workflow;

    public RatingRoutes(ApiContext api, RegistryLookup registry, RatingWorkflow workflow) {
        this.api = api;
        this.registry = registry;
        this.workflow = workflow;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/sites/:siteId/rating").handler(this::compute);
        router.get("/api/v1/sites/:siteId/ratings").handler(this::list);
        router.post("/api/v1/sites/:siteId/ratings").handler(this::submit);
        router.get("/api/v1/sites/:siteId/rating-history").handler(this::history);
        router.get("/api/v1/sites/:siteId/manual-evidence").handler(this::manual);
        router.put("/api/v1/sites/:siteId/manual-evidence/:key").handler(this::putManual);
        router.get("/api/v1/ratings/:id").handler(this::get);
        router.post("/api/v1/ratings/:id/review").handler(this::review);
        router.post("/api/v1/ratings/:id/approve").handler(this::approve);
        router.post("/api/v1/ratings/:id/reject").handler(this::reject);
        router.get("/api/v1/ratings/:id/report").handler(this::report);
        router.get("/api/v1/rating-catalogue").handler(this::catalogue);
        router.put("/api/v1/rating-catalogue").handler(this::putCatalogue);
        router.get("/api/v1/rating-catalogue/versions").handler(this::catalogueVersions);
    }

    private void compute(RoutingContext ctx) {
        require(ctx, READERS);
        Site site = visibleSite(ctx);
        RatingQuery q = RatingQuery.parse(QueryParams.of(ctx), System.currentTimeMillis());
        run(ctx, () -> rendered(workflow.compute(site.siteId(), q.from(), q.to()).result(), 0, q.format(), q.lang()),
                out -> send(ctx, out));
    }

    private void list(RoutingContext ctx) {
        require(ctx, READERS);
        Site site = visibleSite(ctx);
        run(ctx, () -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("published", workflow.published(site.siteId()).orElse(null));
            out.put("items", workflow.store().submissions(site.siteId()));
            return out;
        }, out -> json(ctx, 200, out));
    }

    private void submit(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN);
        Site site = visibleSite(ctx);
        SubmitBody b = body(ctx, SubmitBody.class);
        if (b.targetStar() == null || b.from() == null || b.to() == null) {
            throw ApiError.badRequest("targetStar, from and to are required");
        }
        run(ctx, () -> workflow.submit(p.name(), site.siteId(), b.targetStar(), Instant.ofEpochMilli(b.from()),
                Instant.ofEpochMilli(b.to()), b.comment()), s -> {
            ApiContext.auditTarget(ctx, "ratingId", Long.toString(s.id())); // for the audit log: the application it created
            json(ctx, 201, s);
        });
    }

    private void history(RoutingContext ctx) {
        require(ctx, READERS);
        Site site = visibleSite(ctx);
        run(ctx, () -> Map.of("items", workflow.store().history(site.siteId())), out -> json(ctx, 200, out));
    }

    private void manual(RoutingContext ctx) {
        require(ctx, RATERS);
        Site site = visibleSite(ctx);
        run(ctx, () -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("entries", workflow.manualEntries(site.siteId()));
            out.put("audit", workflow.store().manualAudit(site.siteId()));
            return out;
        }, out -> json(ctx, 200, out));
    }

    private void putManual(RoutingContext ctx) {
        Principal p = require(ctx, RATERS);
        Site site = visibleSite(ctx);
        String key = ctx.pathParam("key");
        ManualBody b = body(ctx, ManualBody.class);
        if (b.value() == null) {
            throw ApiError.badRequest("value is required");
        }
        run(ctx, () -> {
            workflow.putManual(site.siteId(), key, b.value(), b.comment(), b.attachmentSha256(), p.name());
            return Map.of("siteId", site.siteId(), "key", key, "value", b.value());
        }, out -> json(ctx, 200, out));
    }

    private void get(RoutingContext ctx) {
        require(ctx, READERS);
        long id = id(ctx);
        run(ctx, () -> visible(ctx, workflow.get(id)), s -> json(ctx, 200, s));
    }

    private void review(RoutingContext ctx) {
        Principal p = require(ctx, RATERS);
        long id = id(ctx);
        ReviewBody b = body(ctx, ReviewBody.class);
        run(ctx, () -> workflow.review(id, p.name(), b.adjustments() == null ? List.of() : b.adjustments(), b.comment()),
                s -> json(ctx, 200, s));
    }

    private void approve(RoutingContext ctx) {
        Principal p = require(ctx, RATERS);
        long id = id(ctx);
        String comment = ctx.body() == null || ctx.body().length() == 0 ? null : body(ctx, CommentBody.class).comment();
        run(ctx, () -> workflow.approve(id, p.name(), comment), s -> json(ctx, 200, s));
    }

    private void reject(RoutingContext ctx) {
        Principal p = require(ctx, RATERS);
        long id = id(ctx);
        CommentBody b = body(ctx, CommentBody.class);
        run(ctx, () -> workflow.reject(id, p.name(), b.comment()), s -> json(ctx, 200, s));
    }

    private void report(RoutingContext ctx) {
        require(ctx, READERS);
        long id = id(ctx);
        RatingReport.Format f = format(ctx, "html");
        Lang lang = lang(ctx);
        // the stored result: an approved report never changes with later catalogues
        run(ctx, () -> rendered(visible(ctx, workflow.get(id)).result(), id, f, lang), out -> send(ctx, out));
    }

    private void catalogue(RoutingContext ctx) {
        require(ctx, Role.values());
        run(ctx, () -> catalogueJson(workflow.store().currentCatalogue(), true), out -> json(ctx, 200, out));
    }

    private void catalogueVersions(RoutingContext ctx) {
        require(ctx, Role.values());
        run(ctx, () -> Map.of("items", workflow.store().catalogues().stream().map(c -> catalogueJson(c, false)).toList()),
                out -> json(ctx, 200, out));
    }

    private void putCatalogue(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN);
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw ApiError.badRequest("the catalogue YAML is the body");
        }
        String yaml = ctx.body().asString("UTF-8");
        run(ctx, () -> catalogueJson(workflow.store().addCatalogue(yaml, p.name()), false), out -> json(ctx, 201, out));
    }

    private static Map<String, Object> catalogueJson(CatalogueVersion c, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", c.version());
        m.put("label", c.label());
        m.put("createdBy", c.createdBy());
        m.put("createdAt", c.createdAt());
        if (full) {
            m.put("yaml", c.yaml());
            m.put("catalogue", c.catalogue());
        }
        return m;
    }

    private Site visibleSite(RoutingContext ctx) {
        String id = ctx.pathParam("siteId");
        Site s = registry.site(id);
        if (s == null || !ApiContext.principal(ctx).canSeeSite(s.siteId(), s.region())) {
            throw ApiError.notFound("site " + id);
        }
        return s;
    }

    private Submission visible(RoutingContext ctx, Submission s) {
        Site site = registry.site(s.siteId());
        if (!ApiContext.principal(ctx).canSeeSite(s.siteId(), site == null ? null : site.region())) {
            throw ApiError.notFound("rating " + s.id());
        }
        return s;
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("rating " + ctx.pathParam("id"));
        }
    }

    private static RatingReport.Format format(RoutingContext ctx, String fallback) {
        return format(QueryParams.of(ctx), fallback);
    }

    private static RatingReport.Format format(QueryParams q, String fallback) {
        String f = q.text("format");
        try {
            return RatingReport.format(f == null ? fallback : f);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** {@code lang} (zh or en) of the printable report; zh when not given. */
    private static Lang lang(RoutingContext ctx) {
        return lang(QueryParams.of(ctx));
    }

    private static Lang lang(QueryParams q) {
        try {
            return Lang.of(q.text("lang"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** A result and, unless it goes out as JSON, its report rendered (on the worker: a PDF takes a moment). */
    private record Rendered(RatingResult result, RatingReport.Format format, byte[] body, String fileName) {
    }

    private Rendered rendered(RatingResult r, long submissionId, RatingReport.Format f, Lang lang) {
        if (f == RatingReport.Format.JSON) {
            return new Rendered(r, f, null, null);
        }
        return new Rendered(r, f, RatingReport.export(r, f, heading(registry.site(r.siteId())), lang),
                RatingReport.fileName(r.siteId(), submissionId, f));
    }

    private void send(RoutingContext ctx, Rendered out) {
        if (out.format() == RatingReport.Format.JSON) {
            json(ctx, 200, out.result());
            return;
        }
        if (out.format() == RatingReport.Format.PDF) {
            // shown in the browser's viewer, saved under a name that says what it is
            ctx.response().putHeader("content-disposition", "inline; filename=\"" + out.fileName() + "\"");
        } else if (out.format() == RatingReport.Format.CSV) {
            ctx.response().putHeader("content-disposition", "attachment; filename=\"" + out.fileName() + "\"");
        }
        ctx.response().putHeader("content-type", RatingReport.contentType(out.format())).end(Buffer.buffer(out.body()));
    }

    /** The report's heading from the registry's site (null when the site is gone: the bare breakdown). */
    static RatingReport.Heading heading(Site s) {
        return s == null ? null : new RatingReport.Heading(s.name(), s.enterprise() == null ? null : s.enterprise().name(),
                s.region(), s.costCny(), s.timezone());
    }

    interface Handler<T> {
        void accept(T t);
    }

    private <T> void run(RoutingContext ctx, Callable<T> work, Handler<T> then) {
        api.blocking(work).onSuccess(then::accept).onFailure(e -> ApiContext.fail(ctx, translate(e)));
    }

    private static Throwable translate(Throwable e) {
        if (e instanceof WorkflowException w) {
            return w.conflict() ? new ApiError(409, "conflict", w.getMessage()) : ApiError.badRequest(w.getMessage());
        }
        if (e instanceof InvalidCatalogueException c) {
            return new ApiError(422, "invalid_catalogue", c.getMessage());
        }
        if (e instanceof NoSuchElementException n) {
            return ApiError.notFound(n.getMessage());
        }
        if (e instanceof IllegalArgumentException i) {
            return ApiError.badRequest(i.getMessage());
        }
        return e;
    }
}

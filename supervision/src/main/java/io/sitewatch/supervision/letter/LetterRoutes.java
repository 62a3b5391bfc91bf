package io.sitewatch.supervision.letter;

import io.sitewatch.core.region.RegionCodes;
import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.sitewatch.supervision.risk.RiskModel;
import io.sitewatch.supervision.risk.RiskRanking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Warning letters over HTTP (http-api.md "Early warning"; the OpenAPI file): a regulator (or an
 * admin) drafts one from a risk item, issues, closes or returns it, withdraws a draft; the site's
 * staff answer letters to their own projects (or their enterprise's, through them). Regulators see
 * the letters of their regions only, site staff only issued letters that name one of their sites;
 * another scope's letter is 404, a role that may not act 403. Each letter prints as HTML or PDF.
 */
public final class LetterRoutes implements RouteGroup {

    static final List<String> SCOPES = List.of(Letter.PROJECT, Letter.ENTERPRISE);
    static final List<String> STATES = List.of("draft", "issued", "answered", "closed", "withdrawn", "all");
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(366);
    private static final int MAX_TEXT = 4000;
    private static final int MAX_SHORT = 2000;

    private final ApiContext api;
    private final LetterDesk desk;
    private final RiskRanking ranking;
    private final RegistryLookup registry;

    public LetterRoutes(ApiContext api, LetterDesk desk, RiskRanking ranking, RegistryLookup registry) {
        this.api = api;
        this.desk = desk;
        this.ranking = ranking;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/letters").handler(this::list);
        router.post("/api/v1/letters").handler(this::draft);
        router.get("/api/v1/letters/:id").handler(this::get);
        router.delete("/api/v1/letters/:id").handler(this::withdraw);
        router.post("/api/v1/letters/:id/issue").handler(this::issue);
        router.post("/api/v1/letters/:id/answer").handler(this::answer);
        router.post("/api/v1/letters/:id/return").handler(this::returnAnswer);
        router.post("/api/v1/letters/:id/close").handler(this::close);
        router.get("/api/v1/letters/:id/report").handler(this::report);
    }

    // ------------------------------------------------------------------ reading

    private void list(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        QueryParams q = QueryParams.of(ctx);
        String state = q.oneOf("state", STATES, "all");
        String scope = q.oneOf("scope", SCOPES, null);
        String region = q.region("region");
        String overdue = q.oneOf("overdue", List.of("true", "false"), null);
        long limit = q.integer("limit", 50, 1, 500);
        long offset = q.integer("offset", 0, 0, 1_000_000);
        long now = desk.clock().millis();
        LetterStore.Query query = new LetterStore.Query(p.role() == Role.REGULATOR ? p.regions() : null,
                p.role() == Role.SITE ? p.sites() : null, region, "all".equals(state) ? null : state, scope,
                overdue == null ? null : Boolean.valueOf(overdue), now, (int) limit, offset);
        run(ctx, () -> {
            LetterStore.Page page = desk.store().list(query);
            List<Map<String, Object>> items = new ArrayList<>();
            page.items().forEach(l -> items.add(LetterJson.summary(l, now)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", page.total());
            body.put("limit", limit);
            body.put("offset", offset);
            body.put("items", items);
            return body;
        }, body -> json(ctx, 200, body));
    }

    private void get(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        String id = ctx.pathParam("id");
        long now = desk.clock().millis();
        run(ctx, () -> LetterJson.detail(visible(id, p), now, desk.store().history(id)), body -> json(ctx, 200, body));
    }

    /** The letter if the caller may see it: its region for a regulator, one of its sites (once issued) for a site's staff; else 404. */
    private Letter visible(String id, Principal p) throws java.sql.SQLException {
        Letter l = id.length() > 64 ? null : desk.store().get(id);
        if (l == null || !sees(p, l)) {
            throw ApiError.notFound("letter " + id);
        }
        return l;
    }

    static boolean sees(Principal p, Letter l) {
        if (p.role() == Role.SITE) {
            return l.state() != LetterState.DRAFT && l.state() != LetterState.WITHDRAWN && l.siteIds().stream().anyMatch(p.sites()::contains);
        }
        return p.canSeeRegion(l.region());
    }

    private void report(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        QueryParams q = QueryParams.of(ctx);
        String format = q.oneOf("format", List.of("html", "pdf"), "html");
        String lang = q.oneOf("lang", List.of("zh", "en"), "zh");
        String id = ctx.pathParam("id");
        long now = desk.clock().millis();
        run(ctx, () -> {
            Letter l = visible(id, p);
            String page = LetterReport.render(l, desk.store().history(id), now, "en".equals(lang), regionName(l.region(), lang));
            return "pdf".equals(format) ? LetterReport.pdf(page, l.id()) : page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }, bytes -> {
            if ("pdf".equals(format)) {
                ctx.response().putHeader("content-disposition", "inline; filename=\"letter-" + id + ".pdf\"")
                        .putHeader("content-type", "application/pdf");
            } else {
                ctx.response().putHeader("content-type", "text/html; charset=utf-8");
            }
            ctx.response().end(Buffer.buffer(bytes));
        });
    }

    /** 福建省 福州市 鼓楼区 (Gulou, Fuzhou, Fujian) from the bundled divisions; the code when it is not listed. */
    static String regionName(String code, String lang) {
        io.sitewatch.core.region.Regions regions = io.sitewatch.core.region.Regions.bundled();
        List<String> names = new ArrayList<>();
        for (io.sitewatch.core.region.Regions.Region x = regions.get(code); x != null; x = regions.get(x.parent())) {
            names.add(0, "en".equals(lang) ? x.en() : x.zh());
        }
        if (names.isEmpty()) {
            return code;
        }
        if ("en".equals(lang)) {
            java.util.Collections.reverse(names);
            return String.join(", ", names);
        }
        return String.join(" ", names);
    }

    // ------------------------------------------------------------------ writing

    /** A regulator drafts a letter from a ranked item of its regions: {"scope", "id", "from", "to", "model", "region", "deadlineDays"}. */
    private void draft(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        JsonObject body = body(ctx, "{\"scope\", \"id\", \"from\", \"to\", \"model\", \"region\", \"deadlineDays\"}", true);
        String scope = string(body, "scope", 20, true);
        if (!SCOPES.contains(scope)) {
            throw ApiError.badRequest("scope must be project or enterprise, got " + scope);
        }
        String id = string(body, "id", 64, true);
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiError.badRequest("id must be a project's site id or an enterprise's code (1-64 of A-Z a-z 0-9 _ -)");
        }
        String version = string(body, "model", 20, false);
        RiskModel model;
        try {
            model = ranking.model(version);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("model must be a shipped risk model version (e.g. " + RiskModel.DEFAULT_VERSION + "), got " + version);
        }
        String region = string(body, "region", 6, false);
        if (region != null && (!region.matches("\\d{6}") || !p.canSeeRegion(region))) {
            throw ApiError.badRequest("region must be a 6-digit code within the caller's regions, got " + region);
        }
        Object rawDays = body.getValue("deadlineDays");
        if (rawDays != null && !(rawDays instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 90)) {
            throw ApiError.badRequest("deadlineDays must be a whole number of days from 1 to 90, got " + rawDays);
        }
        Integer days = rawDays == null ? null : ((Number) rawDays).intValue();
        Instant now = desk.clock().instant();
        Instant to = instant(body.getValue("to"), "to");
        Instant from = instant(body.getValue("from"), "from");
        to = to == null ? now : to;
        from = from == null ? to.minus(DEFAULT_WINDOW) : from;
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("from must be before to, got from " + from + " and to " + to);
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiError.badRequest("from..to must span at most 366 days");
        }
        if (Letter.PROJECT.equals(scope)) {
            Site site = registry.site(id);
            if (site == null || !p.canSeeSite(site.siteId(), site.region()) || region != null && !covers(region, site.region())) {
                throw ApiError.notFound("project " + id);
            }
        }
        Predicate<String> regions = r -> r != null && p.canSeeRegion(r) && (region == null || covers(region, r));
        LetterDesk.DraftRequest req = new LetterDesk.DraftRequest(scope, id, from, to, model, regions, days);
        run(ctx, () -> {
            Letter l = desk.draft(req, p.name());
            if (!p.canSeeRegion(l.region())) {
                // cannot be reached for a regulator's own projects; said plainly if it ever is
                throw ApiError.badRequest("the letter's region " + l.region() + " lies outside the caller's regions: give region");
            }
            return l;
        }, l -> {
            ApiContext.auditTarget(ctx, "letterId", l.id());
            ApiContext.auditTarget(ctx, scope, id);
            json(ctx, 201, LetterJson.detail(l, desk.clock().millis(), List.of()));
        });
    }

    private void issue(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String id = ctx.pathParam("id");
        act(ctx, () -> {
            visible(id, p);
            return desk.issue(id, p.name());
        });
    }

    /** The site's answer: what was done, and the SHA-256 of an attachment that shows it (optional). */
    private void answer(RoutingContext ctx) {
        Principal p = require(ctx, Role.SITE);
        JsonObject body = body(ctx, "{\"text\", \"attachmentSha256\"}", true);
        String text = string(body, "text", MAX_TEXT, true);
        Object rawSha = body.getValue("attachmentSha256");
        if (rawSha != null && !(rawSha instanceof String sha && sha.matches("[0-9a-f]{64}"))) {
            throw ApiError.badRequest("attachmentSha256 must be 64 lower-case hex digits (the SHA-256 of the attachment)");
        }
        String id = ctx.pathParam("id");
        act(ctx, () -> {
            visible(id, p);
            return desk.answer(id, p.name(), text, (String) rawSha);
        });
    }

    private void returnAnswer(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        JsonObject body = body(ctx, "{\"reason\"}", true);
        String reason = string(body, "reason", MAX_SHORT, true);
        String id = ctx.pathParam("id");
        act(ctx, () -> {
            visible(id, p);
            return desk.returnAnswer(id, p.name(), reason);
        });
    }

    private void close(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        JsonObject body = body(ctx, "{\"comment\"}", false);
        String comment = body == null ? null : string(body, "comment", MAX_SHORT, false);
        String id = ctx.pathParam("id");
        act(ctx, () -> {
            visible(id, p);
            return desk.close(id, p.name(), comment);
        });
    }

    private void withdraw(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR);
        String id = ctx.pathParam("id");
        act(ctx, () -> {
            visible(id, p);
            return desk.withdraw(id, p.name());
        });
    }

    private void act(RoutingContext ctx, Callable<Letter> work) {
        run(ctx, work, l -> json(ctx, 200, LetterJson.summary(l, desk.clock().millis())));
    }

    // ---------------------------------------------------------------- plumbing

    interface Then<T> {
        void accept(T t);
    }

    private <T> void run(RoutingContext ctx, Callable<T> work, Then<T> then) {
        api.blocking(work).onSuccess(then::accept).onFailure(e -> ApiContext.fail(ctx, mapped(e)));
    }

    private static Throwable mapped(Throwable e) {
        if (e instanceof LetterMachine.StateException s) {
            return new ApiError(409, s.code(), s.getMessage());
        }
        if (e instanceof LetterDesk.NotFound n) {
            return ApiError.notFound(n.getMessage());
        }
        if (e instanceof IllegalArgumentException i) {
            return ApiError.badRequest(i.getMessage());
        }
        return e;
    }

    /** Whether the 6-digit code {@code scope} is {@code region} or a city or province that contains it. */
    static boolean covers(String scope, String region) {
        return RegionCodes.covers(scope, region);
    }

    /** from/to of a draft: epoch milliseconds, an ISO instant, or a date (its start in China time); null when absent. */
    static Instant instant(Object v, String name) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v);
        try {
            if (v instanceof Number n && n.doubleValue() == n.longValue()) {
                long ms = n.longValue();
                if (ms < QueryParams.MIN_EPOCH_MS || ms > QueryParams.MAX_EPOCH_MS) {
                    throw ApiError.badRequest(name + " must be epoch milliseconds within the years 1 to 9999, got " + ms);
                }
                return Instant.ofEpochMilli(ms);
            }
            if (!(v instanceof String)) {
                throw ApiError.badRequest(name + " must be epoch milliseconds, an ISO-8601 instant or a date (YYYY-MM-DD)");
            }
            if (s.matches("-?\\d{1,15}")) {
                return Instant.ofEpochMilli(Long.parseLong(s));
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s).atStartOfDay(LetterTemplate.ZONE).toInstant();
            }
            return Instant.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiError.badRequest(name + " must be epoch milliseconds, an ISO-8601 instant or a date (YYYY-MM-DD), got " + s);
        }
    }

    /** The JSON object body; null when absent and not {@code required}; else a 400 saying its shape. */
    private static JsonObject body(RoutingContext ctx, String shape, boolean required) {
        // length() is -1 when no body came at all
        boolean empty = ctx.body() == null || ctx.body().length() <= 0;
        if (empty && !required) {
            return null;
        }
        JsonObject body;
        try {
            body = empty ? null : ctx.body().asJsonObject();
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

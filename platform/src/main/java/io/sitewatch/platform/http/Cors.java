package io.sitewatch.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access, closed unless configured ({@code http.cors.allowedOrigins}). A request from an
 * allowed origin gets {@code Access-Control-Allow-Origin} naming that origin (never {@code *});
 * from any other origin it gets no CORS header, so the browser keeps the answer from the page;
 * a preflight from another origin is refused (403). Same-origin requests (the consoles) need none of
 * this. Bearer tokens, not cookies, carry the identity, so credentials are never allowed.
 */
public final class Cors implements Handler<RoutingContext> {

    static final String METHODS = "GET, POST, PUT, DELETE";
    static final String HEADERS = "Authorization, Content-Type";
    /** What a page may read of an answer besides the simple headers: when to try again, a report's file name. */
    static final String EXPOSED = "Retry-After, Content-Disposition";

    private final Set<String> origins;

    public Cors(List<String> allowedOrigins) {
        this.origins = Set.copyOf(allowedOrigins);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        HttpServerResponse r = ctx.response();
        boolean allowed = origins.contains(origin);
        if (!origins.isEmpty()) {
            r.putHeader("Vary", "Origin");
        }
        boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader("Access-Control-Request-Method") != null;
        if (allowed) {
            r.putHeader("Access-Control-Allow-Origin", origin);
            r.putHeader("Access-Control-Expose-Headers", EXPOSED);
        }
        if (!preflight) {
            ctx.next();
            return;
        }
        if (!allowed) {
            ApiContext.fail(ctx, new ApiError(403, "origin_not_allowed", "不允许来自 " + origin + " 的跨域访问 / cross-origin requests from "
                    + origin + " are not allowed (http.cors.allowedOrigins)"));
            return;
        }
        r.putHeader("Access-Control-Allow-Methods", METHODS)
                .putHeader("Access-Control-Allow-Headers", HEADERS)
                .putHeader("Access-Control-Max-Age", "600")
                .setStatusCode(204).end();
    }
}

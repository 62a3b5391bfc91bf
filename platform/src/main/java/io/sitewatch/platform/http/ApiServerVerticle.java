package io.sitewatch.platform.http;

import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.SessionLookup;
import io.sitewatch.platform.auth.TokenAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: bearer-token access for {@code /api/v1/*} (the OpenAPI file excepted), then the
 * mounted route groups. Handlers either answer on the event loop from memory or hand JDBC work to
 * the API worker pool.
 */
public final class ApiServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerVerticle.class);

    private final String host;
    private final int port;
    private final TokenAuthenticator auth;
    private final List<RouteGroup> groups;
    private HttpServer server;
    private Router router;

    private final SessionLookup sessions;

    public ApiServerVerticle(String host, int port, TokenAuthenticator auth, List<RouteGroup> groups) {
        this(host, port, auth, SessionLookup.NONE, groups);
    }

    /** With logins: a bearer token that is not a configured one may be a login's ({@code sessions}). */
    public ApiServerVerticle(String host, int port, TokenAuthenticator auth, SessionLookup sessions, List<RouteGroup> groups) {
        this.host = host;
        this.port = port;
        this.auth = auth;
        this.sessions = sessions;
        this.groups = List.copyOf(groups);
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.route("/api/*").handler(ctx -> {
            String path = ctx.request().path();
            if (path.equals("/api/v1/openapi.yaml") || path.equals("/api/v1/login")) {
                ctx.next();
                return;
            }
            String header = ctx.request().getHeader("Authorization");
            Principal p = auth.authenticate(header);
            if (p != null) {
                ctx.put(ApiContext.PRINCIPAL, p);
                ctx.next();
                return;
            }
            String token = TokenAuthenticator.bearer(header);
            if (!SessionLookup.isLoginToken(token)) {
                unauthorized(ctx);
                return;
            }
            sessions.principal(token).onComplete(ar -> {
                if (ar.failed()) {
                    ApiContext.fail(ctx, ar.cause());
                } else if (ar.result() == null) {
                    unauthorized(ctx);
                } else {
                    ctx.put(ApiContext.PRINCIPAL, ar.result());
                    ctx.next();
                }
            });
        });
        groups.forEach(g -> g.mount(router));
        router.route().last().handler(ctx -> ApiContext.fail(ctx, new ApiError(404, "not_found",
                "no such resource: " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ctx -> {
            Throwable t = ctx.failure();
            if (t == null) {
                int status = ctx.statusCode();
                t = new ApiError(status, status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : "bad_request",
                        "request failed with status " + status);
            }
            ApiContext.fail(ctx, t);
        });
        // Responses are compressed (gzip/deflate) for clients that accept it: the consoles' assets,
        // the district map and the overview's JSON shrink several-fold on a regulator's slow link.
        // A stream that must not be buffered (Server-Sent Events) opts out with Content-Encoding: identity.
        // No cleartext HTTP/2 upgrade (h2c): a client that offers it (Java's HttpClient does on its first
        // request) got a compressed answer it read as HTTP/2 frames ("frame length exceeds
        // MAX_FRAME_SIZE"); HTTP/1.1 is what browsers use without TLS anyway.
        HttpServerOptions options = new HttpServerOptions().setCompressionSupported(true).setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options).requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            LOG.info("HTTP API listening on {}:{}", host, s.actualPort());
        });
    }

    private static void unauthorized(io.vertx.ext.web.RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ApiContext.fail(ctx, new ApiError(401, "unauthorized", "a valid bearer token is required (log in, or an access token)"));
    }

    /** Paths of the mounted routes in OpenAPI form ({@code /api/v1/sites/{siteId}}). */
    public java.util.Set<String> routePaths() {
        java.util.Set<String> paths = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() != null && !r.getPath().endsWith("/")) {
                paths.add(r.getPath().replaceAll(":([A-Za-z]+)", "{$1}"));
            }
        }
        return paths;
    }

    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}

package io.sitewatch.platform.http;

import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.SessionLookup;
import io.sitewatch.platform.auth.TokenAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: security headers and CORS on every answer, the audit of every write, bearer-token
 * access for {@code /api/v1/*} (the OpenAPI file and the login excepted), then the mounted route
 * groups. Handlers either answer on the event loop from memory or hand JDBC work to the API worker
 * pool. HTTPS instead of HTTP when {@code http.tls} names a certificate and key.
 */
public final class ApiServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerVerticle.class);

    /** The largest request body the API reads. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

    private final SiteWatchConfig.Http http;
    private final TokenAuthenticator auth;
    private final List<RouteGroup> groups;
    private final AuditEntry.Sink audit;
    private final SecurityHeaders headers;
    private HttpServer server;
    private Router router;

    private final SessionLookup sessions;

    public ApiServerVerticle(String host, int port, TokenAuthenticator auth, List<RouteGroup> groups) {
        this(host, port, auth, SessionLookup.NONE, groups);
    }

    /** With logins: a bearer token that is not a configured one may be a login's ({@code sessions}). */
    public ApiServerVerticle(String host, int port, TokenAuthenticator auth, SessionLookup sessions, List<RouteGroup> groups) {
        this(new SiteWatchConfig.Http(host, port), auth, sessions, null, List.of(), groups);
    }

    /**
     * @param http         where to listen, TLS and CORS
     * @param audit        where writes are recorded (null: not recorded)
     * @param styleSources extra {@code style-src} sources of the Content-Security-Policy (hashes of fixed inline style elements)
     */
    public ApiServerVerticle(SiteWatchConfig.Http http, TokenAuthenticator auth, SessionLookup sessions, AuditEntry.Sink audit,
                             List<String> styleSources, List<RouteGroup> groups) {
        this.http = http;
        this.auth = auth;
        this.sessions = sessions;
        this.audit = audit;
        this.headers = new SecurityHeaders(styleSources, http.tls().enabled());
        this.groups = List.copyOf(groups);
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        router.route().handler(headers);
        router.route().handler(new Cors(http.cors().allowedOrigins()));
        if (audit != null) {
            // Before the body is read: a write refused for its size (413) is recorded too.
            router.route("/api/*").handler(this::audited);
        }
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
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
        // What the router refuses before any route runs (a path it cannot decode) is answered alike.
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, ctx -> {
                if (!ctx.response().headWritten()) {
                    headers.set(ctx.response().headers());
                }
                ApiContext.fail(ctx, statusError(ctx, status));
            });
        }
        router.route().failureHandler(ctx -> {
            Throwable t = ctx.failure();
            if (t == null) {
                t = statusError(ctx, ctx.statusCode());
            } else if (t instanceof HttpException h) {
                t = statusError(ctx, h.getStatusCode());
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
        if (http.tls().enabled()) {
            for (String[] file : List.of(new String[] {"http.tls.certFile", http.tls().certFile()},
                    new String[] {"http.tls.keyFile", http.tls().keyFile()})) {
                if (!Files.isReadable(Path.of(file[1]))) {
                    return Future.failedFuture(new IllegalArgumentException(file[0] + ": cannot read " + file[1]));
                }
            }
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(http.tls().certFile())
                    .setKeyPath(http.tls().keyFile()));
        }
        return vertx.createHttpServer(options).requestHandler(router).listen(http.port(), http.host()).onSuccess(s -> {
            server = s;
            LOG.info("HTTP API listening on {}://{}:{}", http.scheme(), http.host(), s.actualPort());
        });
    }

    /** An error the router itself answers (bad URL, body too large, no such route) as a JSON error saying so. */
    private static ApiError statusError(RoutingContext ctx, int code) {
        int status = code < 400 ? 500 : code;
        return switch (status) {
            case 400 -> new ApiError(400, "bad_request", "请求格式不正确（如地址中的百分号编码）/ malformed request (e.g. a bad percent-encoding in the URL)");
            case 404 -> new ApiError(404, "not_found", "没有这个资源 / no such resource: " + ctx.request().method() + " "
                    + ctx.request().path());
            case 405 -> new ApiError(405, "method_not_allowed", "不支持此请求方法 / method not allowed: " + ctx.request().method());
            case 413 -> new ApiError(413, "payload_too_large", "请求体超过 " + (MAX_BODY_BYTES >> 20) + " MiB 上限 / request body larger than the "
                    + (MAX_BODY_BYTES >> 20) + " MiB limit");
            case 415 -> new ApiError(415, "unsupported_media_type", "不支持此内容类型 / unsupported content type");
            default -> status >= 500 ? new ApiError(status, "internal", "服务内部错误，详见服务日志 / internal error; see the service log")
                    : new ApiError(status, "bad_request", "请求被拒绝（状态 " + status + "）/ request refused with status " + status);
        };
    }

    /** Records a write once it is answered (or the client left): who, what, when, and the answer's status. */
    private void audited(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (!WRITES.contains(method)) {
            ctx.next();
            return;
        }
        long ts = System.currentTimeMillis();
        String path = ctx.request().path();
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        ctx.addEndHandler(ar -> {
            Principal p = ctx.get(ApiContext.PRINCIPAL);
            Map<String, String> target = new LinkedHashMap<>(ctx.pathParams());
            Map<String, String> extra = ctx.get(ApiContext.AUDIT_TARGETS);
            if (extra != null) {
                target.putAll(extra);
            }
            int status = ar.succeeded() ? ctx.response().getStatusCode() : 0;
            audit.record(new AuditEntry(ts, p == null ? null : p.name(), p == null ? null : p.role().code(), method.name(), path,
                    target, status, address));
        });
        ctx.next();
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ApiContext.fail(ctx, new ApiError(401, "unauthorized",
                "需要有效的令牌（请登录，或使用访问令牌）/ a valid bearer token is required (log in, or an access token)"));
    }

    /** Paths of the mounted routes in OpenAPI form ({@code /api/v1/sites/{siteId}}). */
    public Set<String> routePaths() {
        Set<String> paths = new TreeSet<>();
        for (Route r : router.getRoutes()) {
            if (r.getPath() != null && !r.getPath().endsWith("/")) {
                paths.add(openApiPath(r.getPath()));
            }
        }
        return paths;
    }

    /**
     * The mounted routes as {@code METHOD /path} in OpenAPI form ({@code GET /api/v1/sites/{siteId}});
     * a route mounted for every method shows as {@code ANY /path}. Catch-alls ({@code /api/*}, the
     * console files under {@code /}) are not listed.
     */
    public Set<String> routes() {
        Set<String> out = new TreeSet<>();
        for (Route r : router.getRoutes()) {
            if (r.getPath() == null || r.getPath().endsWith("/")) {
                continue;
            }
            String path = openApiPath(r.getPath());
            if (r.methods() == null || r.methods().isEmpty()) {
                out.add("ANY " + path);
            } else {
                r.methods().forEach(m -> out.add(m.name() + " " + path));
            }
        }
        return out;
    }

    private static String openApiPath(String vertxPath) {
        return vertxPath.replaceAll(":([A-Za-z]+)", "{$1}");
    }

    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}

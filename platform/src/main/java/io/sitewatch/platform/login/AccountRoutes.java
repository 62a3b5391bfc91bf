package io.sitewatch.platform.login;

import static io.sitewatch.platform.http.ApiContext.body;
import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.auth.SessionLookup;
import io.sitewatch.platform.auth.TokenAuthenticator;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logging in with a username and password and managing the people who may (HTTP API 1.1
 * "Access"): {@code POST /api/v1/login} (no token needed), {@code POST /api/v1/logout},
 * {@code PUT /api/v1/users/{username}} and {@code GET /api/v1/users} (admin).
 */
public final class AccountRoutes implements RouteGroup {

    record LoginBody(String username, String password) {
    }

    record UserBody(String username, String password, String name, String role, List<String> regions, List<String> sites) {
    }

    private final ApiContext api;
    private final Accounts accounts;
    private final LoginThrottle throttle;

    public AccountRoutes(ApiContext api, Accounts accounts, LoginThrottle throttle) {
        this.api = api;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/login").handler(this::login);
        router.post("/api/v1/logout").handler(this::logout);
        router.put("/api/v1/users/:username").handler(this::putUser);
        router.get("/api/v1/users").handler(this::listUsers);
    }

    private void login(RoutingContext ctx) {
        LoginBody b = body(ctx, LoginBody.class);
        if (b.username() == null || b.username().isBlank()) {
            throw ApiError.badRequest("username is required");
        }
        if (b.password() == null || b.password().isEmpty()) {
            throw ApiError.badRequest("password is required");
        }
        // Whose account was tried, for the audit log; only what can be a username (never a password typed in its place).
        if (b.username().matches("[A-Za-z0-9._@-]{1,64}")) {
            ApiContext.auditTarget(ctx, "username", b.username());
        }
        String address = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        long wait = throttle.retryAfterS(b.username(), address);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            throw new ApiError(429, "too_many_attempts", "登录失败次数过多，请 " + wait + " 秒后再试 / too many failed logins; try again in "
                    + wait + " s");
        }
        api.blocking(() -> accounts.login(b.username(), b.password())).onSuccess(login -> {
            if (login == null) {
                throttle.failed(b.username(), address);
                ApiContext.fail(ctx, new ApiError(401, "unauthorized", "wrong username or password"));
                return;
            }
            throttle.succeeded(b.username());
            Principal p = login.principal();
            ctx.put(ApiContext.PRINCIPAL, p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", login.token());
            out.put("name", p.name());
            out.put("displayName", p.displayName());
            out.put("role", p.role().code());
            out.put("regions", p.regions());
            out.put("sites", p.sites());
            out.put("expiresTs", login.expiresTs());
            json(ctx, 200, out);
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void logout(RoutingContext ctx) {
        require(ctx, Role.values());
        String token = TokenAuthenticator.bearer(ctx.request().getHeader("Authorization"));
        if (!SessionLookup.isLoginToken(token)) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        api.blocking(() -> {
            accounts.logout(token);
            return null;
        }).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(e -> ApiContext.fail(ctx, e));
    }

    private void putUser(RoutingContext ctx) {
        require(ctx, Role.ADMIN);
        String username = ctx.pathParam("username");
        UserBody b = body(ctx, UserBody.class);
        if (b.username() != null && !b.username().equals(username)) {
            throw ApiError.badRequest("username in the body must match the path");
        }
        api.blocking(() -> accounts.put(username, b.password(), b.name(), b.role(), b.regions(), b.sites()))
                .onSuccess(u -> json(ctx, 200, u))
                .onFailure(e -> ApiContext.fail(ctx, e instanceof Accounts.InvalidUserException i ? ApiError.badRequest(i.getMessage()) : e));
    }

    private void listUsers(RoutingContext ctx) {
        require(ctx, Role.ADMIN);
        api.blocking(accounts::list).onSuccess(users -> json(ctx, 200, Map.of("items", users)))
                .onFailure(e -> ApiContext.fail(ctx, e));
    }
}

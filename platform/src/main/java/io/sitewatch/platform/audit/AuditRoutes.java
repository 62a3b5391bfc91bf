package io.sitewatch.platform.audit;

import static io.sitewatch.platform.http.ApiContext.json;
import static io.sitewatch.platform.http.ApiContext.longParam;
import static io.sitewatch.platform.http.ApiContext.param;
import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.AuditEntry;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/audit?since=&until=&user=&limit=} (admin): the audit log of writes, newest
 * first: {@code {items: [{id, ts, user, role, method, path, target, status, remoteAddress}]}}.
 */
public final class AuditRoutes implements RouteGroup {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String USERNAME = "[A-Za-z0-9._@-]{1,64}";

    private final ApiContext api;
    private final AuditLog log;

    public AuditRoutes(ApiContext api, AuditLog log) {
        this.api = api;
        this.log = log;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/audit").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        require(ctx, Role.ADMIN);
        Long since = param(ctx, "since") == null ? null : longParam(ctx, "since", 0, 0, Long.MAX_VALUE);
        Long until = param(ctx, "until") == null ? null : longParam(ctx, "until", 0, 0, Long.MAX_VALUE);
        if (since != null && until != null && until <= since) {
            throw ApiError.badRequest("until must be after since");
        }
        String user = param(ctx, "user");
        if (user != null && !user.matches(USERNAME)) {
            throw ApiError.badRequest("user must be a username (1-64 letters, digits or . _ @ -)");
        }
        int limit = (int) longParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        api.blocking(() -> log.read(since, until, user, limit)).onSuccess(rows -> {
            List<Map<String, Object>> items = new ArrayList<>(rows.size());
            for (AuditLog.Row r : rows) {
                AuditEntry e = r.entry();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("ts", e.ts());
                m.put("user", e.user());
                m.put("role", e.role());
                m.put("method", e.method());
                m.put("path", e.path());
                m.put("target", e.target());
                m.put("status", e.status());
                m.put("remoteAddress", e.remoteAddress());
                items.add(m);
            }
            json(ctx, 200, Map.of("items", items));
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }
}

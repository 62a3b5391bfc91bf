package io.sitewatch.alarms.live;

import io.sitewatch.alarms.engine.AlarmEngine;
import io.sitewatch.alarms.engine.DeviceConnection;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the device's connection as the alarm engine sees it to {@code GET /api/v1/devices/{deviceId}},
 * which the registry serves: {@code connection: {state: online|off|offline, since, reason}}; and
 * to {@code GET /api/v1/sites/{siteId}/devices} the connections of the site's devices the engine
 * has heard of: {@code connections: {deviceId: {state, since, reason}}} (a device never heard
 * from has none). Mount it before the registry's routes; it only adds the field and passes the
 * request on, so the registry still decides who may see the site or device and answers 404.
 */
public final class DeviceConnectionRoutes implements RouteGroup {

    private final AlarmEngine engine;

    public DeviceConnectionRoutes(AlarmEngine engine) {
        this.engine = engine;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/devices/:deviceId").handler(this::connection);
        router.get("/api/v1/sites/:siteId/devices").handler(this::siteConnections);
    }

    private void siteConnections(RoutingContext ctx) {
        Context here = Vertx.currentContext();
        engine.connectionsOfSite(ctx.pathParam("siteId")).onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded()) {
                Map<String, Object> all = new LinkedHashMap<>();
                ar.result().forEach((id, c) -> all.put(id, json(c)));
                ApiContext.extend(ctx, "connections", all);
            }
            ctx.next();
        }));
    }

    private void connection(RoutingContext ctx) {
        Context here = Vertx.currentContext();
        engine.connection(ctx.pathParam("deviceId")).onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded() && ar.result() != null) {
                ApiContext.extend(ctx, "connection", json(ar.result()));
            }
            ctx.next();
        }));
    }

    static Map<String, Object> json(DeviceConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", c.state());
        m.put("since", c.since());
        m.put("reason", c.reason());
        return m;
    }
}

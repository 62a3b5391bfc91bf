package io.sitewatch.alarms.live;

import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.alarms.engine.AlarmEngine;
import io.sitewatch.alarms.engine.AlarmMetrics;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/alarms/stream}: Server-Sent Events, event {@code alarm}, on every raise,
 * escalation, acknowledgement and clear the caller may see (its regions, and the region/site
 * filters it asked for). A client that does not keep up is disconnected (and counted) rather than
 * buffered without limit, so a slow browser never slows ingest; EventSource reconnects by itself
 * and the console reloads the list.
 */
public final class AlarmStream implements RouteGroup {

    private static final int WRITE_QUEUE_BYTES = 256 * 1024;
    private static final long PING_MS = 15_000;

    private final Vertx vertx;
    private final AlarmMetrics metrics;

    public AlarmStream(Vertx vertx, AlarmMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/alarms/stream").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        Principal p = require(ctx, Role.ADMIN, Role.REGULATOR, Role.SITE);
        QueryParams query = QueryParams.of(ctx);
        String site = query.id("site");
        String region = query.region("region");
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                // Not compressed: each event must reach the browser as it is written.
                .putHeader("Content-Encoding", "identity");
        r.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        r.write("retry: 2000\n: connected\n\n");
        metrics.streamClient(1);
        MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(AlarmEngine.ADDRESS);
        consumer.handler(msg -> {
            JsonObject a = msg.body();
            String alarmRegion = a.getString("region");
            if (!p.canSeeSite(a.getString("siteId"), alarmRegion)
                    || region != null && !new Principal("filter", Role.REGULATOR, java.util.List.of(region)).canSeeRegion(alarmRegion)
                    || site != null && !site.equals(a.getString("siteId"))) {
                return;
            }
            if (r.writeQueueFull()) {
                metrics.streamDropped();
                r.reset();
                return;
            }
            r.write("event: alarm\ndata: " + a.encode() + "\n\n");
        });
        long ping = vertx.setPeriodic(PING_MS, id -> {
            if (!r.writeQueueFull()) {
                r.write(": ping\n\n");
            }
        });
        r.closeHandler(v -> {
            consumer.unregister();
            vertx.cancelTimer(ping);
            metrics.streamClient(-1);
        });
    }
}

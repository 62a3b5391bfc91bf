package io.sitewatch.supervision.notify;

import static io.sitewatch.platform.http.ApiContext.require;

import io.sitewatch.platform.auth.Role;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiError;
import io.sitewatch.platform.http.QueryParams;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The outbox as an admin sees it: {@code GET /api/v1/notifications?state=queued|sent|failed|all&limit=},
 * newest first, with the count in each state. Names of events and states come in Chinese and English.
 */
public final class NotificationRoutes implements RouteGroup {

    private static final List<String> STATES = List.of(Outbox.QUEUED, Outbox.SENT, Outbox.FAILED, "all");
    private static final Map<String, String[]> EVENT_NAMES = Map.of(
            Message.ALARM_OPENED, new String[] {"告警发生", "alarm opened"},
            Message.ALARM_ESCALATION, new String[] {"告警升级（无人确认）", "alarm escalated (unacknowledged)"},
            Message.HAZARD_OPENED, new String[] {"隐患登记", "hazard opened"},
            Message.HAZARD_OVERDUE, new String[] {"隐患逾期", "hazard overdue"});
    private static final Map<String, String[]> STATE_NAMES = Map.of(
            Outbox.QUEUED, new String[] {"待发送", "queued"},
            Outbox.SENT, new String[] {"已送达", "sent"},
            Outbox.FAILED, new String[] {"发送失败（不再重试）", "failed (no more retries)"});

    /** The query of {@code GET /api/v1/notifications}: a {@code state} (all by default) and at most {@code limit} (1..1000, default 100). */
    public record ListQuery(String state, int limit) {

        public static ListQuery parse(QueryParams q) {
            String state = q.text("state") == null ? "all" : q.text("state");
            if (!STATES.contains(state)) {
                throw ApiError.badRequest("state 须为 queued、sent、failed 或 all / state must be queued, sent, failed or all, got " + state);
            }
            long limit = q.integer("limit", 100);
            if (limit < 1 || limit > 1000) {
                throw ApiError.badRequest("limit 须为 1..1000 / limit must be 1..1000, got " + limit);
            }
            return new ListQuery(state, (int) limit);
        }
    }

    private final ApiContext api;
    private final Outbox outbox;

    NotificationRoutes(ApiContext api, Outbox outbox) {
        this.api = api;
        this.outbox = outbox;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/notifications").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        require(ctx, Role.ADMIN);
        ListQuery q = ListQuery.parse(QueryParams.of(ctx));
        String filter = "all".equals(q.state()) ? null : q.state();
        int limit = q.limit();
        api.blocking(() -> Map.entry(outbox.list(filter, limit), outbox.counts())).onSuccess(read -> {
            JsonArray items = new JsonArray();
            for (Outbox.Entry e : read.getKey()) {
                String[] event = EVENT_NAMES.getOrDefault(e.event(), new String[] {e.event(), e.event()});
                String[] st = STATE_NAMES.getOrDefault(e.state(), new String[] {e.state(), e.state()});
                items.add(new JsonObject()
                        .put("id", e.id())
                        .put("idempotencyKey", e.key())
                        .put("event", e.event())
                        .put("eventName", new JsonObject().put("zh", event[0]).put("en", event[1]))
                        .put("subjectKind", e.subjectKind())
                        .put("subjectId", e.subjectId())
                        .put("siteId", e.siteId())
                        .put("region", e.region())
                        .put("channel", e.channel())
                        .put("recipient", e.recipient())
                        .put("lang", e.lang())
                        .put("title", e.title())
                        .put("state", e.state())
                        .put("stateName", new JsonObject().put("zh", st[0]).put("en", st[1]))
                        .put("attempts", e.attempts())
                        .put("nextAttemptTs", e.nextAttemptTs())
                        .put("lastError", e.lastError())
                        .put("createdTs", e.createdTs())
                        .put("sentTs", e.sentTs()));
            }
            JsonObject counts = new JsonObject();
            read.getValue().forEach(counts::put);
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("items", items).put("counts", counts).encode());
        }).onFailure(e -> ApiContext.fail(ctx, e));
    }
}

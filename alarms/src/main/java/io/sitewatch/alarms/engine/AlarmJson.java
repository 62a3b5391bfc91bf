package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.vertx.core.json.JsonObject;

/** The alarm JSON of the HTTP API (http-api.md, "Alarms"), also the data of the SSE events. */
public final class AlarmJson {

    private AlarmJson() {
    }

    public static JsonObject alarm(Alarm a) {
        return new JsonObject()
                .put("id", a.id())
                .put("siteId", a.siteId())
                .put("region", a.region())
                .put("deviceId", a.deviceId())
                .put("kind", a.kind())
                .put("rule", a.rule())
                .put("metric", a.metric())
                .put("level", a.level().code())
                .put("state", a.state().code())
                .put("value", Double.isNaN(a.value()) ? null : a.value())
                .put("threshold", Double.isNaN(a.threshold()) ? null : a.threshold())
                .put("startTs", a.startTs())
                .put("endTs", a.endTs())
                .put("ackBy", a.ackBy())
                .put("ackTs", a.ackTs())
                .put("ackComment", a.ackComment())
                .put("detail", a.detail())
                .put("detailZh", DetailText.zh(a.detail()));
    }

    /** A rule's mark as evidence of a major hazard: {@code {"clause", "category", "afterMs"}}. */
    public static JsonObject majorHazard(io.sitewatch.alarms.rule.AlarmRule.MajorHazard m) {
        return new JsonObject().put("clause", m.clause()).put("category", m.category()).put("afterMs", m.afterMs());
    }

    /** The alarm after a change, with {@code transition} and {@code at} added. */
    public static JsonObject change(AlarmChange c) {
        return alarm(c.alarm()).put("transition", c.transition().code()).put("at", c.at());
    }
}

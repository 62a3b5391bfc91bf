package io.sitewatch.supervision.hazard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The hazard JSON of the HTTP API (http-api.md 1.1, "Hazards") and of the ledger's event-bus messages. */
public final class HazardJson {

    private HazardJson() {
    }

    /**
     * A hazard as the API shows it at {@code now}: the contract's fields, then {@code overdue} (open
     * past its deadline), the clause as a person cites it (Chinese, English) with its text, and the site's name.
     */
    public static JsonObject hazard(Hazard h, long now, String siteName) {
        Clauses.Clause clause = Clauses.bundled().find(h.clause());
        return new JsonObject()
                .put("id", h.id())
                .put("siteId", h.siteId())
                .put("siteName", siteName)
                .put("region", h.region())
                .put("level", h.level())
                .put("category", h.category())
                .put("clause", h.clause())
                .put("clauseLabel", Clauses.label(h.clause()))
                .put("clauseLabelEn", Clauses.labelEn(h.clause()))
                .put("clauseText", clause == null ? null : new JsonObject().put("zh", clause.zh()).put("en", clause.en()))
                .put("text", h.text())
                .put("textEn", h.textEn())
                .put("source", h.source())
                .put("sourceRef", h.sourceRef())
                .put("deviceId", h.deviceId())
                .put("location", h.location())
                .put("photoSha256", h.photoSha256())
                .put("reportedBy", h.reportedBy())
                .put("state", h.state().code())
                .put("overdue", h.overdueAt(now))
                .put("reportedTs", h.reportedTs())
                .put("deadlineTs", h.deadlineTs())
                .put("rectifiedTs", h.rectifiedTs())
                .put("closedTs", h.closedTs());
    }

    /**
     * A hazard with its history and the alarms that are its evidence. {@code confirmedByData} (an
     * alarm-born hazard once rectified): every one of its alarms has cleared and none joined since
     * the rectification, i.e. its rule has stayed clear; null for other hazards and while open.
     */
    public static JsonObject detail(Hazard h, long now, String siteName, List<HazardEvent> history, List<AttachedAlarm> alarms) {
        JsonArray events = new JsonArray();
        for (HazardEvent e : history) {
            events.add(new JsonObject().put("at", e.at()).put("transition", e.transition()).put("state", e.state())
                    .put("by", e.by()).put("comment", e.comment()).put("text", e.text()).put("photoSha256", e.photoSha256()));
        }
        JsonArray evidence = new JsonArray();
        for (AttachedAlarm a : alarms) {
            evidence.add(new JsonObject().put("alarmId", a.alarmId()).put("rule", a.rule()).put("deviceId", a.deviceId())
                    .put("attachedTs", a.attachedAt()).put("clearedTs", a.clearedAt()));
        }
        return hazard(h, now, siteName).put("history", events).put("alarms", evidence)
                .put("confirmedByData", confirmedByData(h, alarms));
    }

    static Boolean confirmedByData(Hazard h, List<AttachedAlarm> alarms) {
        if (!Hazard.ALARM.equals(h.source()) || h.rectifiedTs() == null || alarms.isEmpty()) {
            return null;
        }
        for (AttachedAlarm a : alarms) {
            if (a.clearedAt() == null || a.attachedAt() > h.rectifiedTs()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A committed transition as published on {@link HazardLedger#ADDRESS}: {@code hazardId, siteId,
     * region, level, category, clause, text, transition, state, deadlineTs, ts, by}.
     */
    public static JsonObject change(HazardChange c) {
        Hazard h = c.hazard();
        return new JsonObject()
                .put("hazardId", h.id())
                .put("siteId", h.siteId())
                .put("region", h.region())
                .put("level", h.level())
                .put("category", h.category())
                .put("clause", h.clause())
                .put("text", h.text())
                .put("transition", c.transition().code())
                .put("state", h.state().code())
                .put("deadlineTs", h.deadlineTs())
                .put("ts", c.at())
                .put("by", c.by());
    }
}

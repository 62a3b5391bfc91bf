package io.sitewatch.supervision.letter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Letters as the HTTP API and the event bus show them (http-api.md "Early warning", the OpenAPI file). */
public final class LetterJson {

    private LetterJson() {
    }

    /** A letter in a list: no body, no facts. {@code overdue} is computed at {@code now}. */
    public static Map<String, Object> summary(Letter l, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("scope", l.scope());
        m.put("targetId", l.targetId());
        m.put("targetName", l.targetName());
        m.put("region", l.region());
        m.put("siteIds", l.siteIds());
        m.put("state", l.state().code());
        m.put("overdue", l.overdueAt(now));
        m.put("title", l.title());
        m.put("titleEn", l.titleEn());
        m.put("score", l.facts().score());
        m.put("level", l.facts().level());
        m.put("deadlineDays", l.deadlineDays());
        m.put("createdBy", l.createdBy());
        m.put("createdTs", l.createdTs());
        m.put("issuedTs", l.issuedTs());
        m.put("deadlineTs", l.deadlineTs());
        m.put("answeredTs", l.answeredTs());
        m.put("closedTs", l.closedTs());
        return m;
    }

    /** One letter whole: its text in both languages, the facts it was drafted from, the answer, the history. */
    public static Map<String, Object> detail(Letter l, long now, List<LetterEvent> history) {
        Map<String, Object> m = summary(l, now);
        m.put("template", l.template());
        m.put("body", l.body());
        m.put("bodyEn", l.bodyEn());
        m.put("issuedBy", l.issuedBy());
        m.put("answeredBy", l.answeredBy());
        m.put("answerText", l.answerText());
        m.put("answerSha256", l.answerSha256());
        m.put("facts", facts(l.facts()));
        List<Map<String, Object>> events = new ArrayList<>();
        for (LetterEvent e : history) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("at", e.at());
            em.put("transition", e.transition());
            em.put("state", e.state());
            em.put("by", e.by());
            em.put("comment", e.comment());
            em.put("text", e.text());
            em.put("attachmentSha256", e.attachmentSha256());
            events.add(em);
        }
        m.put("history", events);
        return m;
    }

    static Map<String, Object> facts(RiskSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model());
        m.put("from", s.from());
        m.put("to", s.to());
        m.put("score", s.score());
        m.put("level", s.level());
        m.put("rank", s.rank());
        m.put("count", s.count());
        List<Map<String, Object>> factors = new ArrayList<>();
        for (RiskSnapshot.Factor f : s.factors()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("id", f.id());
            fm.put("name", f.name());
            fm.put("nameEn", f.nameEn());
            fm.put("value", f.value());
            fm.put("weight", f.weight());
            fm.put("contribution", f.contribution());
            fm.put("evidence", f.evidence());
            factors.add(fm);
        }
        m.put("factors", factors);
        return m;
    }

    /** A committed change as published on {@link LetterDesk#ADDRESS}. */
    public static io.vertx.core.json.JsonObject change(LetterDesk.Change ch) {
        Letter l = ch.letter();
        return new io.vertx.core.json.JsonObject().put("letterId", l.id()).put("scope", l.scope()).put("targetId", l.targetId())
                .put("targetName", l.targetName()).put("region", l.region())
                .put("siteIds", new io.vertx.core.json.JsonArray(new ArrayList<Object>(l.siteIds())))
                .put("title", l.title()).put("transition", ch.event().transition()).put("state", l.state().code())
                .put("deadlineTs", l.deadlineTs()).put("ts", ch.event().at()).put("by", ch.event().by());
    }
}

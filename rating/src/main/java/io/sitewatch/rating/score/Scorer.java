package io.sitewatch.rating.score;

import io.sitewatch.rating.catalogue.Applies;
import io.sitewatch.rating.catalogue.Catalogue;
import io.sitewatch.rating.catalogue.CatalogueNames;
import io.sitewatch.rating.catalogue.Gate;
import io.sitewatch.rating.catalogue.Item;
import io.sitewatch.rating.catalogue.NoEvidence;
import io.sitewatch.rating.catalogue.StarLevel;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.evidence.SiteFacts;
import io.sitewatch.rating.text.Msg;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a catalogue and frozen evidence into a rating. Pure: the same inputs always give the same
 * result, which is what makes an approved rating reproducible from its snapshot.
 *
 * <p>Every sentence is made twice: the English of the fields the API always had ({@code starReason},
 * {@code why}, {@code evidence}) and, for evidence whose explanations are messages
 * ({@link Evidence#localized()}), a {@link Msg} said in Chinese and English ({@code *Text}); for
 * older snapshots the texts stay out, so their ratings are reproduced exactly as they were made.
 */
public final class Scorer {

    private Scorer() {
    }

    public static RatingResult score(Catalogue catalogue, int catalogueVersion, Evidence evidence) {
        boolean texts = evidence.localized();
        List<RatingResult.DeviceVerdict> verdicts = evidence.devices().stream()
                .map(d -> DataQualityJudge.judge(d, catalogue.dataQuality(), texts)).toList();

        List<RatingResult.ItemResult> items = new ArrayList<>();
        double base = 0;
        double applicableMax = 0;
        List<String> notApplicable = new ArrayList<>();
        double bonusRaw = 0;
        for (Item item : catalogue.items()) {
            RatingResult.ItemResult r = named(catalogue, item, item(item, false, evidence, verdicts), texts);
            items.add(r);
            base += r.points();
            if (r.notApplicable()) {
                notApplicable.add(r.id());
            } else {
                applicableMax += item.maxPoints();
            }
        }
        for (Item item : catalogue.bonus().items()) {
            RatingResult.ItemResult r = named(catalogue, item, item(item, true, evidence, verdicts), texts);
            items.add(r);
            bonusRaw += r.points();
        }
        double bonus = Math.min(bonusRaw, catalogue.bonus().cap());
        RatingResult.Scaling scaling = null;
        if (Catalogue.SCALE.equals(catalogue.notApplicable())) {
            // items that do not apply leave the maximum: what the applicable ones earned counts on the full base
            double factor = applicableMax > 0 ? catalogue.baseMaxPoints() / applicableMax : 0;
            scaling = new RatingResult.Scaling(round(base), round(applicableMax), round(catalogue.baseMaxPoints()), factor,
                    notApplicable);
            base = base * factor;
        }
        double score = round(base + bonus);

        List<RatingResult.GateResult> gates = catalogue.gates().stream().map(g -> gate(g, evidence, texts)).toList();
        Map<String, RatingResult.ItemResult> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));

        int stars = 0;
        String reason = "";
        Msg reasonText = null;
        Set<String> required = new LinkedHashSet<>();
        for (StarLevel level : catalogue.stars()) {
            required.addAll(level.requires());
            List<String> blocked = new ArrayList<>();
            List<Msg> blockedTexts = new ArrayList<>();
            blockers(level, score, gates, required, byId, blocked, blockedTexts);
            if (!blocked.isEmpty()) {
                String why = String.join(", ", blocked);
                reason = stars == 0 ? "no star: " + why : stars + " star(s); not " + level.star() + ": " + why;
                reasonText = stars == 0 ? Msg.of("star.none", "why", blockedTexts)
                        : Msg.of("star.blocked", "stars", (long) stars, "next", (long) level.star(), "why", blockedTexts);
                break;
            }
            stars = level.star();
            List<String> leftOut = required.stream().filter(id -> byId.get(id).notApplicable()).toList();
            reason = stars + " star(s): score " + fmt(score) + " ≥ " + fmt(level.minScore()) + ", its gates and mandatory systems met"
                    + (leftOut.isEmpty() ? "" : " (not applicable: " + String.join(", ", leftOut) + ")");
            reasonText = leftOut.isEmpty()
                    ? Msg.of("star.reached", "stars", (long) stars, "score", score, "min", level.minScore())
                    : Msg.of("star.reached.na", "stars", (long) stars, "score", score, "min", level.minScore(),
                            "items", leftOut.stream().map(id -> byId.get(id).nameText()).toList());
        }
        if (reasonText == null) {
            reasonText = Msg.of("star.no_levels");
        }
        RatingResult.DataQuality dq = new RatingResult.DataQuality(catalogue.dataQuality().minOnlineRate(),
                catalogue.dataQuality().maxGapMinutes(), evidence.serviceFromMs(), evidence.serviceToMs(), verdicts);
        return new RatingResult(evidence.siteId(), evidence.fromMs(), evidence.toMs(), catalogueVersion, catalogue.label(),
                stars, score, round(catalogue.maxScore()), round(base), round(bonus), reason, gates, items, dq, scaling,
                texts ? reasonText : null, texts ? CatalogueNames.star(catalogue, stars) : null);
    }

    /** What stops a level: its failed gates, its mandatory items not met, a score below its cut-off. */
    private static void blockers(StarLevel level, double score, List<RatingResult.GateResult> gates, Set<String> required,
                                 Map<String, RatingResult.ItemResult> items, List<String> why, List<Msg> texts) {
        gates.stream().filter(g -> g.star() <= level.star() && !g.met()).forEach(g -> {
            why.add("gate " + g.id() + " not met");
            texts.add(Msg.of("star.gate_not_met", "gate", g.nameText() == null ? Msg.name(g.id(), g.id()) : g.nameText()));
        });
        // a mandatory item that does not apply to the project is no requirement of it
        required.stream().filter(id -> !items.get(id).notApplicable() && !items.get(id).met()).forEach(id -> {
            why.add("mandatory " + id + " not met");
            RatingResult.ItemResult i = items.get(id);
            texts.add(Msg.of("star.mandatory_not_met", "item", i.nameText() == null ? Msg.name(i.name(), id) : i.nameText()));
        });
        if (score < level.minScore()) {
            why.add("score " + fmt(score) + " < " + fmt(level.minScore()));
            texts.add(Msg.of("star.score_below", "score", score, "min", level.minScore()));
        }
    }

    /** An item result and its evidence text, with the item's and module's names when texts are made. */
    private record Scored(RatingResult.ItemResult result, Msg text) {
    }

    private static RatingResult.ItemResult named(Catalogue c, Item item, Scored s, boolean texts) {
        RatingResult.ItemResult r = s.result();
        if (!texts) {
            return r;
        }
        return new RatingResult.ItemResult(r.id(), r.module(), r.name(), r.source(), r.bonus(), r.points(), r.maxPoints(), r.met(),
                r.evidence(), r.status(), CatalogueNames.item(item), CatalogueNames.module(c, item.module()), s.text());
    }

    private static Scored item(Item item, boolean bonus, Evidence ev, List<RatingResult.DeviceVerdict> verdicts) {
        String source = item.manual() ? "manual" : "auto";
        Applies rule = item.applies();
        String notApplicable = notApplicable(item, ev);
        if (notApplicable != null) {
            return new Scored(new RatingResult.ItemResult(item.id(), item.module(), item.name(), source, bonus, 0, item.maxPoints(), false,
                    "not applicable: " + notApplicable, RatingResult.NOT_APPLICABLE),
                    Msg.of("item.not_applicable", "why", notApplicableText(rule, ev)));
        }
        double points;
        String why;
        Msg text;
        boolean met;
        String status = null;
        switch (item.evidence()) {
            case SYSTEM -> {
                List<RatingResult.DeviceVerdict> registered = verdicts.stream().filter(v -> item.deviceKind().equals(v.kind())).toList();
                // a device not in service in the window (installed after it, removed before it) neither passes nor fails its system
                List<RatingResult.DeviceVerdict> ofKind = registered.stream().filter(RatingResult.DeviceVerdict::inService).toList();
                List<String> away = registered.stream().filter(v -> !v.inService()).map(RatingResult.DeviceVerdict::deviceId).toList();
                List<RatingResult.DeviceVerdict> ok = ofKind.stream().filter(RatingResult.DeviceVerdict::ok).toList();
                // the system exists when at least one device of its kind is registered and every one of them delivers
                met = !ofKind.isEmpty() && ok.size() == ofKind.size();
                points = met ? item.maxPoints() : 0;
                why = registered.isEmpty() ? "no " + item.deviceKind() + " device registered"
                        : ofKind.isEmpty() ? "no " + item.deviceKind() + " device in service in the window (" + String.join(", ", away) + " not)"
                        : ok.size() + " of " + ofKind.size() + " " + item.deviceKind() + " devices deliver data: "
                        + String.join("; ", ofKind.stream().map(v -> v.deviceId() + " " + (v.ok() ? "ok" : "FAILS") + " (" + v.why() + ")").toList())
                        + (away.isEmpty() ? "" : "; not in service in the window: " + String.join(", ", away));
                text = registered.isEmpty() ? Msg.of("system.none_registered", "kind", item.deviceKind())
                        : ofKind.isEmpty() ? Msg.of("system.none_in_service", "kind", item.deviceKind(), "away", away)
                        : Msg.of("system.devices", "ok", (long) ok.size(), "total", (long) ofKind.size(), "kind", item.deviceKind(),
                                "devices", ofKind.stream().map(v -> Msg.of(v.ok() ? "system.device.ok" : "system.device.fails",
                                        "device", v.deviceId(), "why", v.whyText())).toList(),
                                "tails", away.isEmpty() ? List.of() : List.of(Msg.of("system.tail.away", "away", away)));
            }
            case MANUAL -> {
                ManualEntry e = ev.manual().get(item.id());
                points = e == null ? 0 : Math.max(0, Math.min(item.maxPoints(), e.value()));
                met = points > 0;
                why = e == null ? "not entered by rating staff"
                        : "entered by " + e.by() + ": " + e.comment() + (e.attachmentSha256() == null ? "" : " [sha256 " + e.attachmentSha256() + "]");
                text = e == null ? Msg.of("manual.missing")
                        : Msg.of(e.attachmentSha256() == null ? "manual.entered" : "manual.entered.sha", "by", e.by(),
                                "comment", e.comment(), "sha", e.attachmentSha256());
            }
            default -> {
                RateFact f = ev.rates().get(item.id());
                NoEvidence rule2 = item.noEvidence();
                if (f == null) {
                    points = 0;
                    why = "no evidence computed";
                    text = Msg.of("share.none_computed");
                } else if (f.denominator() == 0 && rule2 != null) {
                    if (rule2.leavesMaximum()) {
                        return new Scored(new RatingResult.ItemResult(item.id(), item.module(), item.name(), source, bonus, 0, item.maxPoints(),
                                false, f.explanation() + " — not applicable: " + rule2.reason(), RatingResult.NOT_APPLICABLE),
                                f.text() == null ? null
                                        : Msg.of("share.not_applicable", "fact", f.text(), "reason", CatalogueNames.noEvidenceReason(item)));
                    }
                    points = item.maxPoints() * rule2.share();
                    status = RatingResult.NO_EVIDENCE;
                    why = f.explanation() + " — no evidence: " + rule2.reason()
                            + String.format(Locale.ROOT, " (%s of the points by the catalogue's rule)", pct(rule2.share()));
                    text = f.text() == null ? null : Msg.of("share.no_evidence", "fact", f.text(),
                            "reason", CatalogueNames.noEvidenceReason(item), "share", rule2.share());
                } else {
                    double floor = item.param("floor", 0);
                    double target = item.param("target", 1);
                    double share = Math.max(0, Math.min(1, (f.rate() - floor) / (target - floor)));
                    points = item.maxPoints() * share;
                    why = f.explanation() + String.format(Locale.ROOT, " (%.1f %%; full points at %.0f %%)", 100 * f.rate(), 100 * target);
                    text = f.text() == null ? null : Msg.of("share.scored", "fact", f.text(), "rate", f.rate(), "target", target);
                }
                met = points > 0;
            }
        }
        return new Scored(new RatingResult.ItemResult(item.id(), item.module(), item.name(), source, bonus,
                round(points), item.maxPoints(), met, why, status), text);
    }

    /** Why the item does not apply to the project by its {@code applies} rule, or null when it applies. */
    private static String notApplicable(Item item, Evidence ev) {
        Applies rule = item.applies();
        if (rule == null) {
            return null;
        }
        String kind = ev.site().kind();
        if (kind != null && rule.siteKinds().contains(kind)) {
            return null;
        }
        boolean device = ev.devices().stream().anyMatch(d -> rule.devices().contains(d.kind()) && d.inService());
        if (device) {
            return null;
        }
        return "it applies to " + rule.describe() + "; this is " + (kind == null ? "a project of unregistered kind" : "a " + kind + " project")
                + (rule.devices().isEmpty() ? "" : " with no " + String.join(" or ", rule.devices()) + " in service in the window");
    }

    /** {@link #notApplicable} as a message. */
    private static Msg notApplicableText(Applies rule, Evidence ev) {
        String kind = ev.site().kind();
        Msg to = rule.siteKinds().isEmpty() ? Msg.of("applies.to.devices", "devices", rule.devices())
                : rule.devices().isEmpty() ? Msg.of("applies.to.kinds", "kinds", rule.siteKinds())
                : Msg.of("applies.to.both", "kinds", rule.siteKinds(), "devices", rule.devices());
        Msg project = kind == null ? Msg.of("project.unregistered") : Msg.of("project.kind", "kind", kind);
        return rule.devices().isEmpty() ? Msg.of("applies.why", "to", to, "project", project)
                : Msg.of("applies.why.devices", "to", to, "project", project, "devices", rule.devices());
    }

    private static RatingResult.GateResult gate(Gate g, Evidence ev, boolean texts) {
        SiteFacts s = ev.site();
        boolean met;
        String why;
        Msg text;
        switch (g.check()) {
            case DURATION_DAYS -> {
                if (s.startDate() == null || s.endDate() == null) {
                    met = false;
                    why = "start or end date not registered";
                    text = Msg.of("gate.duration.unregistered");
                } else {
                    long days = ChronoUnit.DAYS.between(LocalDate.parse(s.startDate()), LocalDate.parse(s.endDate()));
                    met = days >= g.min();
                    why = s.startDate() + ".." + s.endDate() + " = " + days + " days (needs ≥ " + fmt(g.min()) + ")";
                    text = Msg.of("gate.duration", "from", s.startDate(), "to", s.endDate(), "days", days, "min", g.min());
                }
            }
            case COST_CNY -> {
                met = s.costCny() != null && s.costCny().compareTo(BigDecimal.valueOf(g.min())) >= 0;
                why = s.costCny() == null ? "工程造价 not registered"
                        : "工程造价 " + s.costCny().toPlainString() + " yuan (needs ≥ " + fmt(g.min()) + ")";
                text = s.costCny() == null ? Msg.of("gate.cost.unregistered")
                        : Msg.of("gate.cost", "cost", s.costCny().toPlainString(), "min", BigDecimal.valueOf(g.min()).toPlainString());
            }
            case IN_CONSTRUCTION -> {
                ZoneId zone = ZoneId.of(s.timezone() == null ? "Asia/Shanghai" : s.timezone());
                Instant start = s.startDate() == null ? Instant.MIN : LocalDate.parse(s.startDate()).atStartOfDay(zone).toInstant();
                Instant end = s.endDate() == null ? Instant.MAX : LocalDate.parse(s.endDate()).plusDays(1).atStartOfDay(zone).toInstant();
                met = start.isBefore(Instant.ofEpochMilli(ev.toMs())) && end.isAfter(Instant.ofEpochMilli(ev.fromMs()));
                why = "registered " + (s.startDate() == null ? "?" : s.startDate()) + ".." + (s.endDate() == null ? "?" : s.endDate())
                        + (met ? " overlaps the window" : " does not overlap the window (not under construction)");
                text = Msg.of(met ? "gate.in_construction.met" : "gate.in_construction.not_met",
                        "from", s.startDate() == null ? Msg.of("date.unknown") : s.startDate(),
                        "to", s.endDate() == null ? Msg.of("date.unknown") : s.endDate());
            }
            default -> {
                ManualEntry e = ev.manual().get(g.id());
                met = e != null && e.value() >= 1;
                why = e == null ? "not yet declared by rating staff"
                        : (met ? "declared by " : "declared NOT met by ") + e.by() + ": " + e.comment();
                text = e == null ? Msg.of("gate.declaration.missing")
                        : Msg.of(met ? "gate.declaration.met" : "gate.declaration.not_met", "by", e.by(), "comment", e.comment());
            }
        }
        return texts ? new RatingResult.GateResult(g.id(), g.star(), met, why, CatalogueNames.gate(g), text)
                : new RatingResult.GateResult(g.id(), g.star(), met, why);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String pct(double share) {
        return fmt(Math.round(share * 1000) / 10.0) + " %";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}

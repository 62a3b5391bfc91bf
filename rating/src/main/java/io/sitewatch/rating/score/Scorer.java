package io.sitewatch.rating.score;

import io.sitewatch.rating.catalogue.Applies;
import io.sitewatch.rating.catalogue.Catalogue;
import io.sitewatch.rating.catalogue.Gate;
import io.sitewatch.rating.catalogue.Item;
import io.sitewatch.rating.catalogue.NoEvidence;
import io.sitewatch.rating.catalogue.StarLevel;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.evidence.SiteFacts;
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
 */
public final class Scorer {

    private Scorer() {
    }

    public static RatingResult score(Catalogue catalogue, int catalogueVersion, Evidence evidence) {
        List<RatingResult.DeviceVerdict> verdicts = evidence.devices().stream()
                .map(d -> DataQualityJudge.judge(d, catalogue.dataQuality())).toList();

        List<RatingResult.ItemResult> items = new ArrayList<>();
        double base = 0;
        double applicableMax = 0;
        List<String> notApplicable = new ArrayList<>();
        double bonusRaw = 0;
        for (Item item : catalogue.items()) {
            RatingResult.ItemResult r = item(item, false, evidence, verdicts);
            items.add(r);
            base += r.points();
            if (r.notApplicable()) {
                notApplicable.add(r.id());
            } else {
                applicableMax += item.maxPoints();
            }
        }
        for (Item item : catalogue.bonus().items()) {
            RatingResult.ItemResult r = item(item, true, evidence, verdicts);
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

        List<RatingResult.GateResult> gates = catalogue.gates().stream().map(g -> gate(g, evidence)).toList();
        Map<String, RatingResult.ItemResult> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));

        int stars = 0;
        String reason = "";
        Set<String> required = new LinkedHashSet<>();
        for (StarLevel level : catalogue.stars()) {
            required.addAll(level.requires());
            String blocked = blocker(level, score, gates, required, byId);
            if (blocked != null) {
                reason = stars == 0 ? "no star: " + blocked : stars + " star(s); not " + level.star() + ": " + blocked;
                break;
            }
            stars = level.star();
            List<String> leftOut = required.stream().filter(id -> byId.get(id).notApplicable()).toList();
            reason = stars + " star(s): score " + fmt(score) + " ≥ " + fmt(level.minScore()) + ", its gates and mandatory systems met"
                    + (leftOut.isEmpty() ? "" : " (not applicable: " + String.join(", ", leftOut) + ")");
        }
        RatingResult.DataQuality dq = new RatingResult.DataQuality(catalogue.dataQuality().minOnlineRate(),
                catalogue.dataQuality().maxGapMinutes(), evidence.serviceFromMs(), evidence.serviceToMs(), verdicts);
        return new RatingResult(evidence.siteId(), evidence.fromMs(), evidence.toMs(), catalogueVersion, catalogue.label(),
                stars, score, round(catalogue.maxScore()), round(base), round(bonus), reason, gates, items, dq, scaling);
    }

    private static String blocker(StarLevel level, double score, List<RatingResult.GateResult> gates, Set<String> required,
                                  Map<String, RatingResult.ItemResult> items) {
        List<String> why = new ArrayList<>();
        gates.stream().filter(g -> g.star() <= level.star() && !g.met()).forEach(g -> why.add("gate " + g.id() + " not met"));
        // a mandatory item that does not apply to the project is no requirement of it
        required.stream().filter(id -> !items.get(id).notApplicable() && !items.get(id).met())
                .forEach(id -> why.add("mandatory " + id + " not met"));
        if (score < level.minScore()) {
            why.add("score " + fmt(score) + " < " + fmt(level.minScore()));
        }
        return why.isEmpty() ? null : String.join(", ", why);
    }

    private static RatingResult.ItemResult item(Item item, boolean bonus, Evidence ev, List<RatingResult.DeviceVerdict> verdicts) {
        String source = item.manual() ? "manual" : "auto";
        String notApplicable = notApplicable(item, ev);
        if (notApplicable != null) {
            return new RatingResult.ItemResult(item.id(), item.module(), item.name(), source, bonus, 0, item.maxPoints(), false,
                    "not applicable: " + notApplicable, RatingResult.NOT_APPLICABLE);
        }
        double points;
        String why;
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
            }
            case MANUAL -> {
                ManualEntry e = ev.manual().get(item.id());
                points = e == null ? 0 : Math.max(0, Math.min(item.maxPoints(), e.value()));
                met = points > 0;
                why = e == null ? "not entered by rating staff"
                        : "entered by " + e.by() + ": " + e.comment() + (e.attachmentSha256() == null ? "" : " [sha256 " + e.attachmentSha256() + "]");
            }
            default -> {
                RateFact f = ev.rates().get(item.id());
                NoEvidence rule = item.noEvidence();
                if (f == null) {
                    points = 0;
                    why = "no evidence computed";
                } else if (f.denominator() == 0 && rule != null) {
                    if (rule.leavesMaximum()) {
                        return new RatingResult.ItemResult(item.id(), item.module(), item.name(), source, bonus, 0, item.maxPoints(),
                                false, f.explanation() + " — not applicable: " + rule.reason(), RatingResult.NOT_APPLICABLE);
                    }
                    points = item.maxPoints() * rule.share();
                    status = RatingResult.NO_EVIDENCE;
                    why = f.explanation() + " — no evidence: " + rule.reason()
                            + String.format(Locale.ROOT, " (%s of the points by the catalogue's rule)", pct(rule.share()));
                } else {
                    double floor = item.param("floor", 0);
                    double target = item.param("target", 1);
                    double share = Math.max(0, Math.min(1, (f.rate() - floor) / (target - floor)));
                    points = item.maxPoints() * share;
                    why = f.explanation() + String.format(Locale.ROOT, " (%.1f %%; full points at %.0f %%)", 100 * f.rate(), 100 * target);
                }
                met = points > 0;
            }
        }
        return new RatingResult.ItemResult(item.id(), item.module(), item.name(), source, bonus,
                round(points), item.maxPoints(), met, why, status);
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

    private static RatingResult.GateResult gate(Gate g, Evidence ev) {
        SiteFacts s = ev.site();
        boolean met;
        String why;
        switch (g.check()) {
            case DURATION_DAYS -> {
                if (s.startDate() == null || s.endDate() == null) {
                    met = false;
                    why = "start or end date not registered";
                } else {
                    long days = ChronoUnit.DAYS.between(LocalDate.parse(s.startDate()), LocalDate.parse(s.endDate()));
                    met = days >= g.min();
                    why = s.startDate() + ".." + s.endDate() + " = " + days + " days (needs ≥ " + fmt(g.min()) + ")";
                }
            }
            case COST_CNY -> {
                met = s.costCny() != null && s.costCny().compareTo(BigDecimal.valueOf(g.min())) >= 0;
                why = s.costCny() == null ? "工程造价 not registered"
                        : "工程造价 " + s.costCny().toPlainString() + " yuan (needs ≥ " + fmt(g.min()) + ")";
            }
            case IN_CONSTRUCTION -> {
                ZoneId zone = ZoneId.of(s.timezone() == null ? "Asia/Shanghai" : s.timezone());
                Instant start = s.startDate() == null ? Instant.MIN : LocalDate.parse(s.startDate()).atStartOfDay(zone).toInstant();
                Instant end = s.endDate() == null ? Instant.MAX : LocalDate.parse(s.endDate()).plusDays(1).atStartOfDay(zone).toInstant();
                met = start.isBefore(Instant.ofEpochMilli(ev.toMs())) && end.isAfter(Instant.ofEpochMilli(ev.fromMs()));
                why = "registered " + (s.startDate() == null ? "?" : s.startDate()) + ".." + (s.endDate() == null ? "?" : s.endDate())
                        + (met ? " overlaps the window" : " does not overlap the window (not under construction)");
            }
            default -> {
                ManualEntry e = ev.manual().get(g.id());
                met = e != null && e.value() >= 1;
                why = e == null ? "not yet declared by rating staff"
                        : (met ? "declared by " : "declared NOT met by ") + e.by() + ": " + e.comment();
            }
        }
        return new RatingResult.GateResult(g.id(), g.star(), met, why);
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

package io.sitewatch.supervision.risk;

import io.sitewatch.supervision.risk.ProjectFacts.AlarmCount;
import io.sitewatch.supervision.risk.ProjectFacts.Duty;
import io.sitewatch.supervision.risk.ProjectFacts.HazardFact;
import io.sitewatch.supervision.risk.ProjectFacts.LetterFact;
import io.sitewatch.supervision.risk.ProjectFacts.Monitoring;
import io.sitewatch.supervision.risk.ProjectFacts.Paper;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderMiss;
import io.sitewatch.supervision.risk.RiskItem.FactorScore;
import io.sitewatch.supervision.risk.RiskModel.Factor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores projects by a model, and aggregates them into enterprises and regions. Pure: no clock, no
 * I/O; facts are taken in a fixed order, so the same facts and model give the same scores.
 *
 * <p>Rounding: each contribution is rounded to hundredths of a point, and the score is defined as
 * the sum of the rounded contributions, so they add up exactly.
 */
public final class RiskEvaluator {

    /** How many evidence ids an item names inline; the evidence route lists them all. */
    public static final int INLINE_EVIDENCE = 10;

    private RiskEvaluator() {
    }

    public static RiskItem project(RiskModel model, ProjectFacts p) {
        List<FactorScore> scores = new ArrayList<>();
        for (Factor f : model.factors()) {
            Measure m = measure(f, p);
            long cents = Math.round(Math.min(1.0, m.value / f.saturation()) * f.weight() * 100.0);
            scores.add(new FactorScore(f.id(), round4(m.value), f.weight(), BigDecimal.valueOf(cents, 2), m.evidence));
        }
        long weight = "projects".equals(model.aggregation().weightBy()) ? 1 : Math.max(1, p.devices());
        return new RiskItem("project", p.projectId(), p.name(), p.region(), sum(scores), 0, weight, List.copyOf(scores));
    }

    /** The factor's value for the project, and its evidence, the most telling first. */
    static Measure measure(Factor f, ProjectFacts p) {
        switch (f.kind()) {
            case ALARMS -> {
                double weighted = 0;
                List<AlarmCount> counts = new ArrayList<>(p.alarms());
                counts.sort(Comparator.comparing(AlarmCount::rule).thenComparing(AlarmCount::level));
                List<AlarmCount> telling = new ArrayList<>();
                for (AlarmCount a : counts) {
                    double w = f.alarmWeight(a.rule(), a.level());
                    weighted += w * a.count();
                    if (w > 0 && a.count() > 0) {
                        telling.add(a);
                    }
                }
                telling.sort(Comparator.comparingDouble((AlarmCount a) -> -f.alarmWeight(a.rule(), a.level()) * a.count())
                        .thenComparing(AlarmCount::rule).thenComparing(AlarmCount::level));
                List<String> ev = new ArrayList<>();
                telling.forEach(a -> ev.addAll(a.alarmIds()));
                return new Measure(weighted / Math.max(1, p.deviceDays()), cap(ev));
            }
            case ACK_MINUTES, DISPOSE_MINUTES -> {
                boolean ack = f.kind() == RiskModel.FactorKind.ACK_MINUTES;
                int n = 0;
                double seconds = 0;
                List<AlarmCount> counts = new ArrayList<>(p.alarms());
                counts.sort(Comparator.comparing(AlarmCount::rule).thenComparing(AlarmCount::level));
                List<AlarmCount> slow = new ArrayList<>();
                for (AlarmCount a : counts) {
                    if (handled(a.rule(), a.level()) && a.count() > 0) {
                        n += a.count();
                        seconds += ack ? a.ackSeconds() : a.disposeSeconds();
                        slow.add(a);
                    }
                }
                slow.sort(Comparator.comparingDouble((AlarmCount a) -> -(ack ? a.ackSeconds() : a.disposeSeconds()) / a.count())
                        .thenComparing(AlarmCount::rule));
                List<String> ev = new ArrayList<>();
                slow.forEach(a -> ev.addAll(a.alarmIds()));
                return new Measure(n == 0 ? 0 : seconds / n / 60.0, cap(ev));
            }
            case RECORDER -> {
                int working = p.recorder().workingDays();
                List<RecorderMiss> misses = new ArrayList<>(p.recorder().misses());
                // both checks failed first, then by date
                misses.sort(Comparator.comparing((RecorderMiss m) -> !(m.noRecorder() && m.noLog())).thenComparing(RecorderMiss::day));
                return new Measure(working == 0 ? 0 : Math.min(1.0, (double) misses.size() / working),
                        cap(misses.stream().map(RecorderMiss::day).toList()));
            }
            case PAPERS -> {
                List<Paper> ps = new ArrayList<>();
                double v = 0;
                for (Paper x : p.papers()) {
                    double w = paperWeight(f, x);
                    if (f.deviceKinds().contains(x.kind()) && w > 0) {
                        v += w;
                        ps.add(x);
                    }
                }
                ps.sort(Comparator.comparingLong(Paper::daysLeft).thenComparing(Paper::deviceId).thenComparing(Paper::paper));
                return new Measure(v, cap(ps.stream().map(Paper::deviceId).distinct().toList()));
            }
            case LETTERS -> {
                List<LetterFact> ls = new ArrayList<>(p.letters());
                ls.sort(Comparator.comparing(LetterFact::answered).thenComparing(LetterFact::deadline).thenComparing(LetterFact::letterId));
                double v = 0;
                for (LetterFact l : ls) {
                    v += l.answered() ? 1 : f.overdueFactor();
                }
                return new Measure(v, cap(ls.stream().map(LetterFact::letterId).toList()));
            }
            case MAJOR_HAZARDS -> {
                List<HazardFact> hs = new ArrayList<>(p.majorHazards());
                hs.sort(Comparator.comparing((HazardFact h) -> !h.overdue()).thenComparing(HazardFact::hazardId));
                double v = 0;
                for (HazardFact h : hs) {
                    v += h.overdue() ? f.overdueFactor() : 1;
                }
                return new Measure(v, cap(hs.stream().map(HazardFact::hazardId).toList()));
            }
            case OFFLINE -> {
                long expected = 0;
                long missing = 0;
                List<Monitoring> ms = new ArrayList<>();
                for (Monitoring m : p.monitoring()) {
                    if (f.deviceKinds().contains(m.kind()) && m.workingDays() > 0) {
                        expected += m.workingDays();
                        missing += Math.max(0, m.workingDays() - m.reportedDays());
                        ms.add(m);
                    }
                }
                ms.sort(Comparator.comparingInt((Monitoring m) -> m.reportedDays() - m.workingDays()).thenComparing(Monitoring::deviceId));
                List<String> ev = ms.stream().filter(m -> m.reportedDays() < m.workingDays()).map(Monitoring::deviceId).toList();
                return new Measure(expected == 0 ? 0 : (double) missing / expected, cap(ev));
            }
            case ATTENDANCE -> {
                double worst = 0;
                List<Duty> ds = new ArrayList<>(p.duties());
                ds.sort(Comparator.comparingDouble(RiskEvaluator::shortfall).reversed().thenComparing(Duty::personId));
                List<String> ev = new ArrayList<>();
                for (Duty d : ds) {
                    double s = shortfall(d);
                    if (s > 0) {
                        worst = Math.max(worst, s);
                        ev.add(d.personId());
                    }
                }
                return new Measure(worst, cap(ev));
            }
            default -> throw new IllegalStateException("factor " + f.id());
        }
    }

    /** Whether an alarm is one whose acknowledgement and disposal count: alarm level, offline aside. */
    static boolean handled(String rule, String level) {
        return "alarm".equals(level) && !"device.offline".equals(rule);
    }

    /** What a paper weighs: 1 expired by the window's last day, the model's share when expiring soon after, else 0. */
    static double paperWeight(Factor f, Paper x) {
        if (x.daysLeft() < 0) {
            return 1;
        }
        return x.daysLeft() < f.expiringDays() ? f.expiringWeight() : 0;
    }

    /** How far below their role's required share of working days a person was present (0 when not). */
    static double shortfall(Duty d) {
        if (d.workingDays() <= 0) {
            return 0;
        }
        return Math.max(0, d.required() - (double) d.presentDays() / d.workingDays());
    }

    /**
     * Projects aggregated by the model's rule into {@code scope} items ({@code enterprise} or
     * {@code region}): each factor's contribution is the projects' contributions averaged with their
     * weights (in hundredths, rounded half up), its value likewise; the evidence names the projects,
     * the largest contribution first.
     */
    public static List<RiskItem> aggregate(RiskModel model, String scope, List<RiskItem> projects, Map<String, String> groupOf,
                                           Map<String, String> nameOf) {
        Map<String, List<RiskItem>> groups = new TreeMap<>();
        for (RiskItem p : projects) {
            String g = groupOf.get(p.id());
            if (g != null) {
                groups.computeIfAbsent(g, k -> new ArrayList<>()).add(p);
            }
        }
        List<RiskItem> out = new ArrayList<>();
        for (Map.Entry<String, List<RiskItem>> e : groups.entrySet()) {
            List<RiskItem> members = new ArrayList<>(e.getValue());
            members.sort(Comparator.comparing(RiskItem::id));
            long totalWeight = 0;
            for (RiskItem m : members) {
                totalWeight += m.weight();
            }
            List<FactorScore> scores = new ArrayList<>();
            for (int fi = 0; fi < model.factors().size(); fi++) {
                Factor f = model.factors().get(fi);
                // project() lists the factors in the model's order: the i-th is this factor's
                int at = fi;
                long num = 0;
                double value = 0;
                for (RiskItem m : members) {
                    FactorScore fs = m.factors().get(at);
                    num += m.weight() * fs.contribution().unscaledValue().longValueExact();
                    value += m.weight() * fs.value();
                }
                long cents = Math.floorDiv(2 * num + totalWeight, 2 * totalWeight);
                List<RiskItem> telling = new ArrayList<>();
                for (RiskItem m : members) {
                    if (m.factors().get(at).contribution().signum() > 0) {
                        telling.add(m);
                    }
                }
                telling.sort(Comparator.comparing((RiskItem m) -> m.factors().get(at).contribution()).reversed().thenComparing(RiskItem::id));
                List<String> ev = telling.stream().limit(INLINE_EVIDENCE).map(RiskItem::id).toList();
                scores.add(new FactorScore(f.id(), round4(value / totalWeight), f.weight(), BigDecimal.valueOf(cents, 2), cap(ev)));
            }
            String region = "region".equals(scope) ? e.getKey() : commonRegion(members);
            out.add(new RiskItem(scope, e.getKey(), nameOf.getOrDefault(e.getKey(), e.getKey()), region, sum(scores), 0, totalWeight,
                    List.copyOf(scores)));
        }
        return out;
    }

    /** Highest score first, ties by id; equal scores share a rank (1, 2, 2, 4). */
    public static List<RiskItem> rank(List<RiskItem> items) {
        List<RiskItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(RiskItem::score).reversed().thenComparing(RiskItem::id));
        List<RiskItem> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            int rank = i > 0 && sorted.get(i).score().compareTo(out.get(i - 1).score()) == 0 ? out.get(i - 1).rank() : i + 1;
            out.add(sorted.get(i).withRank(rank));
        }
        return out;
    }

    /** Projects scored and ranked, with their enterprises' and regions' aggregates, by scope. */
    public static Map<String, List<RiskItem>> evaluate(RiskModel model, List<ProjectFacts> facts) {
        List<ProjectFacts> ordered = new ArrayList<>(facts);
        ordered.sort(Comparator.comparing(ProjectFacts::projectId));
        List<RiskItem> projects = new ArrayList<>(ordered.size());
        Map<String, String> enterpriseOf = new LinkedHashMap<>();
        Map<String, String> regionOf = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (ProjectFacts p : ordered) {
            projects.add(project(model, p));
            if (p.enterpriseCode() != null) {
                enterpriseOf.put(p.projectId(), p.enterpriseCode());
                names.putIfAbsent(p.enterpriseCode(), p.enterpriseName() == null ? p.enterpriseCode() : p.enterpriseName());
            }
            regionOf.put(p.projectId(), p.region());
        }
        Map<String, List<RiskItem>> out = new LinkedHashMap<>();
        out.put("project", rank(projects));
        out.put("enterprise", rank(aggregate(model, "enterprise", projects, enterpriseOf, names)));
        out.put("region", rank(aggregate(model, "region", projects, regionOf, Map.of())));
        return out;
    }

    private static String commonRegion(List<RiskItem> members) {
        String r = members.get(0).region();
        for (RiskItem m : members) {
            if (!m.region().equals(r)) {
                return null;
            }
        }
        return r;
    }

    private static BigDecimal sum(List<FactorScore> scores) {
        long cents = 0;
        for (FactorScore s : scores) {
            cents += s.contribution().unscaledValue().longValueExact();
        }
        return BigDecimal.valueOf(cents, 2);
    }

    private static List<String> cap(List<String> ids) {
        return List.copyOf(ids.size() > INLINE_EVIDENCE ? ids.subList(0, INLINE_EVIDENCE) : ids);
    }

    private static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    record Measure(double value, List<String> evidence) {
    }
}

package io.sitewatch.supervision.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.supervision.risk.ProjectFacts.AlarmCount;
import io.sitewatch.supervision.risk.ProjectFacts.Duty;
import io.sitewatch.supervision.risk.ProjectFacts.HazardFact;
import io.sitewatch.supervision.risk.ProjectFacts.LetterFact;
import io.sitewatch.supervision.risk.ProjectFacts.Monitoring;
import io.sitewatch.supervision.risk.ProjectFacts.Paper;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderCheck;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderMiss;
import io.sitewatch.supervision.risk.RiskItem.FactorScore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties over generated provinces (seeded, so a failure names the seed that reproduces it):
 * the same facts and model version give identical scores, whatever order the facts come in; every
 * item's contributions add up to its score exactly; scores stay within 0..100 and rank highest first.
 */
class RiskPropertyTest {

    static final RiskModel MODEL = RiskModel.bundled("2026.1");
    /** Every shipped version: each must hold the properties over the facts it reads. */
    static final List<RiskModel> MODELS = RiskModel.SHIPPED.stream().map(RiskModel::bundled).toList();
    static final String[] RULES = {"tower_crane.load", "tower_crane.moment", "hoist.load", "gondola.people", "env.pm", "device.offline",
            "pit.disp_rate"};
    static final String[] KINDS = {"tower_crane", "hoist", "gondola", "env", "pit"};

    @Test
    void sameFactsAndModelGiveIdenticalScoresAndContributionsAddUp() {
        for (RiskModel model : MODELS) {
            sameFactsAndModelGiveIdenticalScoresAndContributionsAddUp(model);
        }
    }

    void sameFactsAndModelGiveIdenticalScoresAndContributionsAddUp(RiskModel model) {
        for (long seed = 1; seed <= 200; seed++) {
            List<ProjectFacts> facts = province(new Random(seed));
            Map<String, List<RiskItem>> first = RiskEvaluator.evaluate(model, facts);
            List<ProjectFacts> shuffled = new ArrayList<>(facts);
            Collections.shuffle(shuffled, new Random(seed * 31));
            Map<String, List<RiskItem>> again = RiskEvaluator.evaluate(RiskModel.bundled(model.version()), shuffled);
            assertEquals(first, again, "seed " + seed + ": same facts, same model, different scores");
            for (List<RiskItem> items : first.values()) {
                BigDecimal previous = null;
                for (RiskItem item : items) {
                    assertEquals(model.factors().size(), item.factors().size());
                    BigDecimal sum = BigDecimal.ZERO;
                    for (FactorScore f : item.factors()) {
                        sum = sum.add(f.contribution());
                        assertTrue(f.contribution().signum() >= 0 && f.contribution().compareTo(BigDecimal.valueOf(f.weight())) <= 0,
                                "seed " + seed + ": " + item.id() + "/" + f.id() + " contributes " + f.contribution());
                    }
                    assertEquals(0, sum.compareTo(item.score()), "seed " + seed + ": " + item.scope() + " " + item.id()
                            + " contributions add up to " + sum + ", score " + item.score());
                    assertEquals(2, item.score().scale());
                    assertTrue(item.score().compareTo(BigDecimal.valueOf(RiskModel.SCALE)) <= 0);
                    assertTrue(previous == null || previous.compareTo(item.score()) >= 0, "seed " + seed + ": not highest first");
                    previous = item.score();
                }
            }
            assertEquals(facts.size(), first.get("project").size());
        }
    }

    @Test
    void anotherModelVersionIsItsOwnRanking() throws Exception {
        String yaml = new String(RiskModel.class.getResourceAsStream("/risk/model-2026.1.yaml").readAllBytes(), "UTF-8")
                .replace("version: \"2026.1\"", "version: \"2099.1\"")
                .replace("weight: 25", "weight: 35").replace("weight: 20", "weight: 10");
        RiskModel other = RiskModel.parse(yaml);
        List<ProjectFacts> facts = province(new Random(7));
        Map<String, List<RiskItem>> a = RiskEvaluator.evaluate(MODEL, facts);
        Map<String, List<RiskItem>> b = RiskEvaluator.evaluate(other, facts);
        assertTrue(!a.equals(b), "weights changed, scores did not");
        assertEquals(b, RiskEvaluator.evaluate(other, facts));
    }

    static List<ProjectFacts> province(Random r) {
        int n = 1 + r.nextInt(40);
        List<ProjectFacts> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "P" + i;
            List<AlarmCount> alarms = new ArrayList<>();
            for (String rule : RULES) {
                for (String level : new String[] {"warning", "alarm"}) {
                    if (r.nextInt(3) == 0) {
                        int count = r.nextInt(60);
                        List<String> ids = new ArrayList<>();
                        for (int k = 0; k < Math.min(count, 5); k++) {
                            ids.add(id + "-" + rule + "-" + level + "-" + k);
                        }
                        alarms.add(new AlarmCount(rule, level, count, count * r.nextDouble() * 86_400, count * r.nextDouble() * 259_200, ids));
                    }
                }
            }
            List<HazardFact> hazards = new ArrayList<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                hazards.add(new HazardFact("HZ-" + i + "-" + k, r.nextBoolean()));
            }
            List<Monitoring> monitoring = new ArrayList<>();
            int devices = r.nextInt(8);
            for (int d = 0; d < devices; d++) {
                int working = r.nextInt(31);
                monitoring.add(new Monitoring(id + "-D" + d, KINDS[r.nextInt(KINDS.length)], working, working == 0 ? 0 : r.nextInt(working + 1)));
            }
            List<Duty> duties = new ArrayList<>();
            for (String role : new String[] {"project_manager", "safety_officer"}) {
                if (r.nextBoolean()) {
                    int working = r.nextInt(31);
                    duties.add(new Duty(id + "-" + role, role, working, working == 0 ? 0 : r.nextInt(working + 1), r.nextDouble()));
                }
            }
            int working = r.nextInt(31);
            List<RecorderMiss> misses = new ArrayList<>();
            for (int day = 1; day <= working; day++) {
                if (r.nextInt(4) == 0) {
                    boolean noRecorder = r.nextBoolean();
                    misses.add(new RecorderMiss(String.format("2026-11-%02d", day), noRecorder, !noRecorder || r.nextBoolean()));
                }
            }
            List<Paper> papers = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                for (String paper : new String[] {"registration", "inspection", "fall_arrester"}) {
                    if (r.nextInt(3) == 0) {
                        papers.add(new Paper(id + "-D" + d, KINDS[r.nextInt(KINDS.length)], paper, "2026-12-01", r.nextInt(120) - 60));
                    }
                }
            }
            List<LetterFact> letters = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                letters.add(new LetterFact("WL-" + i + "-" + k, "2026-11-" + (10 + k), r.nextBoolean()));
            }
            int ent = r.nextInt(6);
            out.add(new ProjectFacts(id, "项目" + i, ent == 0 ? null : "E" + ent, "企业" + ent, "3501" + r.nextInt(5) + "0",
                    devices, r.nextInt(devices * 31 + 1), alarms, hazards, monitoring, duties, new RecorderCheck(working, misses), papers,
                    letters));
        }
        return out;
    }
}

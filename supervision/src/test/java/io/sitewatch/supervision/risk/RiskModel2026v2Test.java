package io.sitewatch.supervision.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.supervision.risk.ProjectFacts.AlarmCount;
import io.sitewatch.supervision.risk.ProjectFacts.LetterFact;
import io.sitewatch.supervision.risk.ProjectFacts.Paper;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderCheck;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderMiss;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model 2026.2: the default; the four factors 2026.1 lacks (dispose_minutes, recorder, papers,
 * letters) each normalised as its {@code why} says; 2026.1 still loads and scores as before.
 */
class RiskModel2026v2Test {

    static final RiskModel M = RiskModel.bundled("2026.2");

    static String yaml() throws Exception {
        return new String(RiskModel.class.getResourceAsStream("/risk/model-2026.2.yaml").readAllBytes(), StandardCharsets.UTF_8);
    }

    static ProjectFacts project(List<AlarmCount> alarms, RecorderCheck recorder, List<Paper> papers, List<LetterFact> letters) {
        return new ProjectFacts("S1", "一号", "E1", "甲建", "350102", 4, 40, alarms, List.of(), List.of(), List.of(), recorder, papers,
                letters);
    }

    @Test
    void isTheDefaultWithNineFactorsWeighingOneHundredAndAReasonForEach() {
        assertEquals("2026.2", RiskModel.bundled().version());
        assertEquals(List.of("2026.1", "2026.2"), RiskModel.SHIPPED);
        assertEquals(List.of("alarms", "ack_minutes", "dispose_minutes", "major_hazards", "offline", "attendance", "recorder", "papers",
                "letters"), M.factors().stream().map(RiskModel.Factor::id).toList());
        assertEquals(100, M.factors().stream().mapToInt(RiskModel.Factor::weight).sum());
        M.factors().forEach(f -> assertTrue(f.why().length() > 20 && f.whyEn().length() > 20 && !f.name().isBlank(), f.id()));
        assertEquals("per_alarm", M.factor("dispose_minutes").kind().normalisation());
        assertEquals("per_working_day", M.factor("recorder").kind().normalisation());
        assertEquals("per_project", M.factor("papers").kind().normalisation());
        assertEquals("per_project", M.factor("letters").kind().normalisation());
        // 2026.1 is still shipped and has its five factors
        assertEquals(5, RiskModel.bundled("2026.1").factors().size());
    }

    @Test
    void parametersOfOneFactorAreRefusedOnAnother() throws Exception {
        InvalidRiskModelException e = assertThrows(InvalidRiskModelException.class, () -> RiskModel.parse(yaml()
                .replace("    expiringDays: 30\n", "    expiringDays: 400\n")
                .replace("    capMinutes: 4320\n", "    capMinutes: 4320\n    expiringWeight: 0.5\n")
                .replace("  - id: letters\n", "  - id: letters\n    deviceKinds: [hoist]\n")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("factor papers: expiringDays must be a whole number of days from 0 to 366"), all);
        assertTrue(all.contains("factor dispose_minutes: expiringDays and expiringWeight are for papers"), all);
        assertTrue(all.contains("factor letters: deviceKinds is for offline and papers"), all);
    }

    @Test
    void disposeMinutesAveragesTheTimeToDisposeOverAlarmLevelAlarmsOfflineAside() {
        // 3 moment alarms disposed after 600, 1200 and 3600 s; 2 overload alarms never (4320 min cap each);
        // warnings and offline alarms do not count.
        List<AlarmCount> alarms = List.of(
                new AlarmCount("tower_crane.moment", "alarm", 3, 3 * 60, 600 + 1200 + 3600, List.of("M3", "M2", "M1")),
                new AlarmCount("tower_crane.load", "alarm", 2, 2 * 60, 2 * 4320 * 60, List.of("L2", "L1")),
                new AlarmCount("env.pm", "warning", 9, 0, 9 * 4320 * 60, List.of("W")),
                new AlarmCount("device.offline", "alarm", 4, 0, 4 * 4320 * 60, List.of("OFF")));
        RiskItem item = RiskEvaluator.project(M, project(alarms, RecorderCheck.NONE, List.of(), List.of()));
        double minutes = (600 + 1200 + 3600 + 2 * 4320 * 60) / 5.0 / 60.0;   // 1746.67
        assertEquals(Math.round(minutes * 10_000) / 10_000.0, item.factor("dispose_minutes").value());
        // above the saturation of 1440 min: all 5 points
        assertEquals(new BigDecimal("5.00"), item.factor("dispose_minutes").contribution());
        // the slowest rule's ids first
        assertEquals(List.of("L2", "L1", "M3", "M2", "M1"), item.factor("dispose_minutes").evidence());
        // disposed within 6 h on average: a quarter of the saturation, 1.25 points
        RiskItem quick = RiskEvaluator.project(M, project(List.of(new AlarmCount("hoist.load", "alarm", 2, 0, 2 * 360 * 60, List.of("H"))),
                RecorderCheck.NONE, List.of(), List.of()));
        assertEquals(360.0, quick.factor("dispose_minutes").value());
        assertEquals(new BigDecimal("1.25"), quick.factor("dispose_minutes").contribution());
    }

    @Test
    void recorderIsTheShareOfWorkingDaysFailingTheCheck() {
        RecorderCheck check = new RecorderCheck(20, List.of(new RecorderMiss("2026-11-03", false, true),
                new RecorderMiss("2026-11-02", true, true), new RecorderMiss("2026-11-05", true, false)));
        RiskItem item = RiskEvaluator.project(M, project(List.of(), check, List.of(), List.of()));
        // 3 of 20 working days = 0.15; saturation 0.5 → 30 % of 8 points
        assertEquals(0.15, item.factor("recorder").value());
        assertEquals(new BigDecimal("2.40"), item.factor("recorder").contribution());
        // both checks failed first, then by date
        assertEquals(List.of("2026-11-02", "2026-11-03", "2026-11-05"), item.factor("recorder").evidence());
        // no working day: nothing to fail
        assertEquals(0.0, RiskEvaluator.project(M, project(List.of(), RecorderCheck.NONE, List.of(), List.of())).factor("recorder").value());
    }

    @Test
    void papersCountExpiredOnesOneAndSoonExpiringOnesAQuarterOfLiftingMachinesOnly() {
        List<Paper> papers = List.of(
                new Paper("TC1", "tower_crane", "registration", "2026-11-20", -10),     // expired: 1
                new Paper("TC1", "tower_crane", "inspection", "2027-06-01", 183),      // valid: 0
                new Paper("HS1", "hoist", "fall_arrester", "2026-12-15", 15),          // expiring within 30 days: 0.25
                new Paper("HS1", "hoist", "registration", "2026-12-30", 30),           // 30 days left: not expiring
                new Paper("ENV", "env", "registration", "2026-01-01", -300));          // not a lifting machine
        RiskItem item = RiskEvaluator.project(M, project(List.of(), RecorderCheck.NONE, papers, List.of()));
        assertEquals(1.25, item.factor("papers").value());
        // saturation 2: 62.5 % of 7 points = 4.375 → 4.38
        assertEquals(new BigDecimal("4.38"), item.factor("papers").contribution());
        assertEquals(List.of("TC1", "HS1"), item.factor("papers").evidence());
    }

    @Test
    void lettersCountStillUnansweredOnesTwiceAndLateAnswersOnce() {
        List<LetterFact> letters = List.of(new LetterFact("WL-2", "2026-11-20", true), new LetterFact("WL-1", "2026-11-25", false));
        RiskItem item = RiskEvaluator.project(M, project(List.of(), RecorderCheck.NONE, List.of(), letters));
        assertEquals(3.0, item.factor("letters").value());
        assertEquals(new BigDecimal("5.00"), item.factor("letters").contribution());
        assertEquals(List.of("WL-1", "WL-2"), item.factor("letters").evidence());
        RiskItem one = RiskEvaluator.project(M, project(List.of(), RecorderCheck.NONE, List.of(), List.of(letters.get(0))));
        assertEquals(new BigDecimal("2.50"), one.factor("letters").contribution());
    }

    @Test
    void theSameFactsScoreAsBeforeUnder2026v1() {
        ProjectFacts p = project(List.of(new AlarmCount("tower_crane.moment", "alarm", 5, 5 * 120 * 60.0, 5 * 9999.0, List.of("A5"))),
                new RecorderCheck(10, List.of(new RecorderMiss("2026-11-02", true, true))), List.of(), List.of(new LetterFact("WL", "2026-11-01", false)));
        RiskItem old = RiskEvaluator.project(RiskModel.bundled("2026.1"), p);
        assertEquals(List.of("alarms", "ack_minutes", "major_hazards", "offline", "attendance"), old.factors().stream().map(RiskItem.FactorScore::id).toList());
        // alarms 5 × 2 / 40 = 0.25 → half of 25; ack 120 min → half of 10
        assertEquals(new BigDecimal("17.50"), old.score());
    }
}

package io.sitewatch.supervision.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.supervision.risk.ProjectFacts.AlarmCount;
import io.sitewatch.supervision.risk.ProjectFacts.Duty;
import io.sitewatch.supervision.risk.ProjectFacts.HazardFact;
import io.sitewatch.supervision.risk.ProjectFacts.Monitoring;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled model loads; a broken one is refused with every problem named; factors compute as documented. */
class RiskModelTest {

    static String bundledYaml() throws Exception {
        return new String(RiskModel.class.getResourceAsStream("/risk/model-2026.1.yaml").readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theBundledModelLoadsWithWeightsAddingUpToOneHundredAndAReasonForEach() {
        RiskModel m = RiskModel.bundled("2026.1");
        assertEquals("2026.1", m.version());
        assertEquals(100, m.factors().stream().mapToInt(RiskModel.Factor::weight).sum());
        m.factors().forEach(f -> assertTrue(!f.why().isBlank() && !f.whyEn().isBlank() && !f.name().isBlank() && !f.nameEn().isBlank()));
        assertEquals(2.0, m.factor("alarms").alarmWeight("tower_crane.moment", "alarm"));
        assertEquals(0.25, m.factor("alarms").alarmWeight("env.pm", "warning"));
        assertEquals(0.0, m.factor("alarms").alarmWeight("device.offline", "alarm"));
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RiskModel.bundled("1999.1"));
        assertThrows(IllegalArgumentException.class, () -> RiskModel.bundled("../x"));
    }

    @Test
    void aBrokenModelIsRefusedWithEveryProblemNamed() throws Exception {
        String broken = bundledYaml().replace("weight: 25", "weight: 26").replace("normalisation: per_alarm", "normalisation: per_day")
                .replace("saturation: 3", "saturation: -1").replace("  - id: attendance", "  - id: attendence");
        InvalidRiskModelException e = assertThrows(InvalidRiskModelException.class, () -> RiskModel.parse(broken));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("factor 'attendence' is not known"), all);
        assertTrue(all.contains("factor ack_minutes: normalisation must be per_alarm"), all);
        assertTrue(all.contains("factor major_hazards: saturation must be a positive number"), all);
        InvalidRiskModelException sum = assertThrows(InvalidRiskModelException.class,
                () -> RiskModel.parse(bundledYaml().replace("weight: 25", "weight: 26")));
        assertEquals(List.of("factor weights must add up to 100, they add up to 101"), sum.problems());
        InvalidRiskModelException typo = assertThrows(InvalidRiskModelException.class,
                () -> RiskModel.parse(bundledYaml().replace("saturation: 240", "saturation: 240\n    satration: 3")));
        assertEquals(List.of("factor ack_minutes: unknown field 'satration'"), typo.problems());
    }

    @Test
    void eachFactorIsComputedAsDocumented() {
        RiskModel m = RiskModel.bundled("2026.1");
        ProjectFacts p = new ProjectFacts("S1", "一号", "E1", "甲建", "350102", 4, 40,
                List.of(new AlarmCount("tower_crane.moment", "alarm", 5, 5 * 120 * 60.0, List.of("A5", "A4")),
                        new AlarmCount("env.pm", "warning", 8, 8 * 600.0, List.of("W8")),
                        new AlarmCount("device.offline", "alarm", 30, 0, List.of("OFF"))),
                List.of(new HazardFact("HZ-1", true), new HazardFact("HZ-2", false)),
                List.of(new Monitoring("TC1", "tower_crane", 20, 15), new Monitoring("ENV", "env", 20, 0)),
                List.of(new Duty("PM", "project_manager", 20, 4, 0.8), new Duty("SO", "safety_officer", 20, 20, 1.0)));
        RiskItem item = RiskEvaluator.project(m, p);
        // (5 × 2 × 1 + 8 × 0.25) / 40 device-days = 0.3; saturation 0.5 → 60 % of 25 points.
        assertEquals(0.3, item.factor("alarms").value());
        assertEquals(new BigDecimal("15.00"), item.factor("alarms").contribution());
        assertEquals(List.of("A5", "A4", "W8"), item.factor("alarms").evidence());
        // Alarm level only, offline alarms aside: 120 min each; saturation 240 → half of 10.
        assertEquals(120.0, item.factor("ack_minutes").value());
        assertEquals(new BigDecimal("5.00"), item.factor("ack_minutes").contribution());
        // One overdue (×2) and one open: 3 = saturation.
        assertEquals(3.0, item.factor("major_hazards").value());
        assertEquals(new BigDecimal("30.00"), item.factor("major_hazards").contribution());
        assertEquals(List.of("HZ-1", "HZ-2"), item.factor("major_hazards").evidence());
        // The environment monitor is not mandatory: 5 of 20 working days missing = 0.25 → half of 15.
        assertEquals(0.25, item.factor("offline").value());
        assertEquals(new BigDecimal("7.50"), item.factor("offline").contribution());
        assertEquals(List.of("TC1"), item.factor("offline").evidence());
        // The manager was present 20 % of working days against 80 %: short by 0.6, above saturation.
        assertEquals(0.6, item.factor("attendance").value(), 1e-9);
        assertEquals(new BigDecimal("20.00"), item.factor("attendance").contribution());
        assertEquals(List.of("PM"), item.factor("attendance").evidence());
        assertEquals(new BigDecimal("77.50"), item.score());
    }

    @Test
    void enterprisesAverageTheirProjectsWeightedByDevices() {
        RiskModel m = RiskModel.bundled("2026.1");
        ProjectFacts big = new ProjectFacts("B", "大", "E1", "甲建", "350102", 3, 0, List.of(), List.of(new HazardFact("HZ-9", false)),
                List.of(), List.of());
        ProjectFacts small = new ProjectFacts("S", "小", "E1", "甲建", "350103", 1, 0, List.of(), List.of(), List.of(), List.of());
        Map<String, List<RiskItem>> all = RiskEvaluator.evaluate(m, List.of(small, big));
        RiskItem e = all.get("enterprise").get(0);
        // B contributes 10.00 with weight 3, S 0 with weight 1: 30.00 / 4 = 7.50.
        assertEquals(new BigDecimal("7.50"), e.factor("major_hazards").contribution());
        assertEquals(new BigDecimal("7.50"), e.score());
        assertEquals(List.of("B"), e.factor("major_hazards").evidence());
        assertEquals(null, e.region());
        assertEquals(List.of("350102", "350103"), all.get("region").stream().map(RiskItem::id).toList());
        assertEquals(1, all.get("region").get(0).rank());
        assertEquals(2, all.get("region").get(1).rank());
    }
}

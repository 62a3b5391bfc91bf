package io.sitewatch.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.InvalidRulesException;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.core.protocol.WireProtocol;
import java.time.Instant;
import java.time.InstantSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled rules, evaluated on tables of timestamped samples (event time, no clock). */
class AlarmRulesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static long at(int day, int hour, int minute, int second) {
        return ZonedDateTime.of(2025, 7, day, hour, minute, second, 0, SHANGHAI).toInstant().toEpochMilli();
    }

    @Test
    void everyBundledRuleHasASourceAndEveryKindIsCovered() {
        for (AlarmRule r : RuleHarness.BUNDLED.rules()) {
            assertTrue(r.source() != null && r.source().length() > 10, r.id());
        }
        for (String kind : WireProtocol.v1().kindNames()) {
            assertTrue(RuleHarness.BUNDLED.forKind(kind).size() >= 2, kind + " has rules beyond offline");
        }
    }

    @Test
    void craneMomentWarnsEscalatesKeepingItsIdAndClearsWithHysteresis() throws Exception {
        long t = at(1, 10, 0, 0);
        RuleHarness h = new RuleHarness("tower_crane.moment");
        h.sample(t, 85).sample(t + 10_000, 91);                      // one sample over 90: not sustained
        assertEquals(List.of(), h.transitions);
        h.sample(t + 20_000, 92);                                      // second: warning
        h.sample(t + 30_000, 101);                                     // one over 100: still warning
        h.sample(t + 40_000, 104);                                     // second over 100: alarm, same id
        String id = h.open().id();
        h.sample(t + 50_000, 88);                                      // below 90 but above 85.5: stays
        h.sample(t + 60_000, 85);                                      // below 85.5 once: stays
        assertNotNull(h.open());
        h.sample(t + 70_000, 80);                                      // twice: cleared
        assertEquals(List.of("warning:raised@" + (t + 20_000), "alarm:escalated@" + (t + 40_000),
                "alarm:cleared@" + (t + 70_000)), h.transitions);
        assertEquals(List.of("a1", "a1", "a1"), h.alarmIds, "escalation and clear keep the id");
        assertEquals("a1", id);
    }

    @Test
    void hourlyPm10MeanOverTheLimitWhileNoSingleSampleIsExtreme() throws Exception {
        long t = at(2, 9, 0, 0);
        RuleHarness h = new RuleHarness("env.pm10_hourly");
        // 60 samples a minute apart, each between 180 and 230: no sample near 10000, mean ~205.
        for (int i = 0; i < 60; i++) {
            h.sample(t + i * 60_000L, 180 + (i % 6) * 10);
        }
        assertTrue(h.transitions.get(0).startsWith("warning:raised") || h.transitions.get(0).startsWith("alarm:raised"),
                h.transitions.toString());
        assertEquals("alarm", h.open().level().code());
        // the mean falls below 150 only after an hour of clean air
        for (int i = 60; i < 120; i++) {
            h.sample(t + i * 60_000L, 60);
        }
        assertNull(h.open(), h.transitions.toString());
    }

    @Test
    void nightNoiseThatWouldBeLegalByDayIsAnAlarmInShanghai() throws Exception {
        RuleHarness day = new RuleHarness("env.noise_leq");
        RuleHarness night = new RuleHarness("env.noise_leq");
        long d = at(3, 14, 0, 0);
        long n = at(3, 23, 0, 0);
        for (int i = 0; i < 20; i++) {
            day.sample(d + i * 60_000L, 62);
            night.sample(n + i * 60_000L, 62);
        }
        assertEquals(List.of(), day.transitions, "62 dB(A) is under the day limit 70 (and warning 65)");
        assertEquals("alarm", night.open().level().code(), "62 dB(A) Leq is over the night limit 55");
        // The same wall-clock instant is daytime in another time zone: no alarm there.
        RuleHarness ny = new RuleHarness("env.noise_leq", "America/New_York", null);
        for (int i = 0; i < 20; i++) {
            ny.sample(n + i * 60_000L, 62);
        }
        assertEquals(List.of(), ny.transitions);
    }

    @Test
    void leqIsAnEnergyAverageNotAnArithmeticOne() throws Exception {
        RuleHarness h = new RuleHarness("env.noise_leq");
        long t = at(4, 23, 0, 0);
        // 19 quiet minutes at 40 dB and one of 70 dB: arithmetic mean 41.5, Leq ~57.
        for (int i = 0; i < 19; i++) {
            h.sample(t + i * 60_000L, 40);
        }
        h.sample(t + 19 * 60_000L, 70);
        double leq = h.verdicts.get(h.verdicts.size() - 1).value();
        assertEquals(57.0, leq, 0.2);
        assertEquals("alarm", h.open().level().code());
    }

    @Test
    void nightLmaxOver70() throws Exception {
        RuleHarness h = new RuleHarness("env.noise_night_lmax");
        h.sample(at(5, 15, 0, 0), 85);
        assertNull(h.open(), "Lmax rule is for the night only");
        h.sample(at(5, 23, 30, 0), 72);
        assertEquals("alarm", h.open().level().code());
    }

    /**
     * A project's own rate rule, "3 mm/d 连续2d以上" (domain.md §5.1): over the limit on 2 consecutive
     * days, set through the device's params (the bundled default is GB 50497's, FieldRulesTest).
     */
    @Test
    void pitCreepingThreeMillimetresADayForTwoDays() throws Exception {
        RuleHarness h = new RuleHarness("pit.disp_rate", "Asia/Shanghai", "{\"alarm\":{\"disp_mm_per_day\":2},"
                + "\"rules\":{\"pit.disp_rate\":{\"days\":2,\"dayShare\":1,\"oneDay\":false}}}");
        double disp = 5;
        long t = at(10, 0, 30, 0);
        List<String> expectAt = new java.util.ArrayList<>();
        for (int day = 0; day < 4; day++) {
            for (int hour = 0; hour < 24; hour += 2) {
                long ts = t + day * 86_400_000L + hour * 3_600_000L;
                h.sample(ts, disp);
                disp += day < 3 ? 3.0 / 12 : 0;                         // 3 mm per day for three days
            }
        }
        // Day 1 (10th) is the first complete day with a rate: warning on the 11th, alarm on the 12th.
        assertEquals("warning:raised@" + (t + 86_400_000L), h.transitions.get(0));
        assertEquals("alarm:escalated@" + (t + 2 * 86_400_000L), h.transitions.get(1));
    }

    @Test
    void pitCumulativeAgainstTheDesignersValueWithSeventyPercentWarning() throws Exception {
        RuleHarness h = new RuleHarness("pit.disp_cumulative", "Asia/Shanghai", "{\"alarm\":{\"disp_mm\":30}}");
        long t = at(12, 8, 0, 0);
        h.sample(t, 20.9);
        assertEquals(List.of(), h.transitions);
        h.sample(t + 300_000, -21.0);                                   // 70 % of 30, either direction
        assertEquals("warning", h.open().level().code());
        h.sample(t + 600_000, 30.0);
        assertEquals("alarm", h.open().level().code());
    }

    @Test
    void formworkNeedsThreeConsecutiveReadings() throws Exception {
        RuleHarness h = new RuleHarness("formwork.settle");
        long t = at(13, 9, 0, 0);
        h.sample(t, 11).sample(t + 60_000, 12).sample(t + 120_000, 6).sample(t + 180_000, 11).sample(t + 240_000, 11);
        assertNull(h.open(), "never three in a row");
        h.sample(t + 300_000, 10.5);
        assertEquals("alarm:raised@" + (t + 300_000), h.transitions.get(0));
    }

    @Test
    void gondolaWithThreePeople() throws Exception {
        RuleHarness h = new RuleHarness("gondola.people");
        long t = at(14, 9, 0, 0);
        h.sample(t, 2);
        assertNull(h.open());
        h.sample(t + 10_000, 3);
        assertEquals("alarm", h.open().level().code());
        h.sample(t + 20_000, 2);
        assertNull(h.open());
        RuleHarness limit4 = new RuleHarness("gondola.people", "Asia/Shanghai", "{\"people_limit\":4}");
        limit4.sample(t, 3);
        assertNull(limit4.open(), "per-device limit from the registry");
    }

    @Test
    void hoistDoorOpenOnlyCountsWhileMoving() throws Exception {
        RuleHarness h = new RuleHarness("hoist.door_open_moving");
        long t = at(15, 9, 0, 0);
        h.sample(t, Map.of("door_open", 1.0, "speed_ms", 0.0));
        assertNull(h.open(), "loading at a landing");
        h.sample(t + 10_000, Map.of("door_open", 1.0, "speed_ms", -0.6));
        assertEquals("alarm", h.open().level().code());
        h.sample(t + 20_000, Map.of("door_open", 0.0, "speed_ms", -0.6));
        assertNull(h.open());
    }

    @Test
    void harnessesFewerThanPeopleForThirtySeconds() throws Exception {
        RuleHarness h = new RuleHarness("gondola.harness");
        long t = at(16, 9, 0, 0);
        h.sample(t, Map.of("harness_count", 1.0, "people", 2.0));
        h.sample(t + 20_000, Map.of("harness_count", 1.0, "people", 2.0));
        assertNull(h.open());
        h.sample(t + 30_000, Map.of("harness_count", 1.0, "people", 2.0));
        assertEquals("alarm", h.open().level().code());
        h.sample(t + 40_000, Map.of("harness_count", 2.0, "people", 2.0));
        assertNull(h.open());
    }

    @Test
    void anOutOfOrderSampleLandsInItsPlace() throws Exception {
        RuleHarness h = new RuleHarness("tower_crane.moment");
        long t = at(17, 10, 0, 0);
        h.sample(t + 20_000, 95);
        h.sample(t + 10_000, 50);                                       // late: it breaks nothing later
        h.sample(t + 30_000, 96);
        assertEquals(List.of("warning:raised@" + (t + 30_000)), h.transitions);
    }

    @Test
    void aBadRulesFileIsRefusedWithTheRuleAndField() {
        RuleLoader loader = new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH));
        String unknownMetric = "rules:\n  - {id: crane.x, deviceKind: tower_crane, type: threshold, metric: speed_ms, alarm: 1, source: x}\n";
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> loader.load(stream(unknownMetric), "f.yaml"));
        assertTrue(e.getMessage().contains("crane.x") && e.getMessage().contains("speed_ms"), e.getMessage());
        String noSource = "rules:\n  - {id: a.b, deviceKind: env, type: mean, metric: pm10_ugm3, window: 60m, alarm: 1}\n";
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(noSource), "f.yaml"))
                .getMessage().contains("source"));
        String inverted = "rules:\n  - {id: a.b, deviceKind: env, type: threshold, metric: pm10_ugm3, warning: 300, alarm: 200, source: s}\n";
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(inverted), "f.yaml"))
                .getMessage().contains("warning level"));
        String typo = "rules:\n  - {id: a.b, deviceKind: env, type: threshold, metric: pm10_ugm3, alarm: 200, sustian: {samples: 2}, source: s}\n";
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(typo), "f.yaml"))
                .getMessage().contains("sustian"));
    }

    @Test
    void rulesMarkMajorHazardsWithTheirClauseAndABadMarkIsRefused() throws Exception {
        AlarmRule.MajorHazard pit = RuleHarness.BUNDLED.byId("pit.disp_cumulative").majorHazard();
        assertEquals(new AlarmRule.MajorHazard("2024-5-4-1", "基坑", 86_400_000L), pit, "第五条(四)1, left untreated a day");
        assertEquals("2024-4-3", RuleHarness.BUNDLED.byId("operator.certificate").majorHazard().clause());
        assertEquals(0, RuleHarness.BUNDLED.byId("operator.certificate").majorHazard().afterMs(), "at once");
        assertNull(RuleHarness.BUNDLED.byId("env.noise_leq").majorHazard(), "noise is no major hazard");

        RuleLoader loader = new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH));
        String rule = "rules:\n  - {id: a.b, deviceKind: gondola, type: threshold, metric: load_pct, alarm: 100, source: s, majorHazard: %s}\n";
        assertEquals(new AlarmRule.MajorHazard("2024-9-5", "高处作业", 1_800_000L), loader.load(stream(rule.formatted(
                "{clause: '2024-9-5', category: 高处作业, after: 30m}")), "f.yaml").byId("a.b").majorHazard());
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(rule.formatted(
                "{clause: 第九条(五), category: 高处作业}")), "f.yaml")).getMessage().contains("majorHazard.clause"));
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(rule.formatted(
                "{clause: '2024-9-5'}")), "f.yaml")).getMessage().contains("category is required"));
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(rule.formatted(
                "{clause: '2024-9-5', category: x, after: soon}")), "f.yaml")).getMessage().contains("majorHazard.after"));
        assertTrue(assertThrows(InvalidRulesException.class, () -> loader.load(stream(rule.formatted(
                "{clause: '2024-9-5', category: x, level: major}")), "f.yaml")).getMessage().contains("'level'"));
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}

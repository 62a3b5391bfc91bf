package io.sitewatch.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.InvalidRulesException;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.core.protocol.WireProtocol;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The defaults re-checked against the standards ("Real sites", item 8), as tables of timestamped
 * samples through the bundled rules (pure evaluation, no engine): crane wind from 六级, tower
 * verticality judged idle and calm on a 5-minute median, GB 50497's pit rate alarm, work-cycle
 * peaks against the sample levels, and the certificate kinds of 建质〔2008〕75号.
 */
class FieldRulesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static long at(int day, int hour, int minute, int second) {
        return ZonedDateTime.of(2025, 7, day, hour, minute, second, 0, SHANGHAI).toInstant().toEpochMilli();
    }

    private static String level(RuleHarness h) {
        return h.open() == null ? "-" : h.open().level().code();
    }

    // ---------------------------------------------------------------- crane wind (JGJ 276 3.0.12)

    /** A steady wind for two minutes, one sample every 10 s: the one-minute mean is the wind. */
    @ParameterizedTest(name = "{0} m/s → {1}")
    @CsvSource({
            "7.9,  -",          // 四级/五级 boundary region: nothing
            "8.0,  warning",    // 五级 starts: warning [I]
            "10.7, warning",    // still 五级
            "10.8, alarm",      // 六级 starts: lifting stops (JGJ 276-2012 3.0.12)
            "13.8, alarm",      // the old alarm level, the end of 六级
            "17.2, alarm"})
    void craneWindStopsLiftingFromBeaufortSix(double wind, String expected) throws Exception {
        RuleHarness h = new RuleHarness("tower_crane.wind");
        long t = at(1, 10, 0, 0);
        for (int i = 0; i <= 12; i++) {
            h.sample(t + i * 10_000L, wind);
        }
        assertEquals(expected, level(h));
    }

    @Test
    void craneWindAlarmStaysWhileStillFifthLevelAndClearsBelowIt() throws Exception {
        RuleHarness h = new RuleHarness("tower_crane.wind");
        long t = at(1, 11, 0, 0);
        int i = 0;
        for (; i <= 6; i++) {
            h.sample(t + i * 10_000L, 11.0);
        }
        assertEquals("alarm", level(h));
        for (; i <= 20; i++) {
            h.sample(t + i * 10_000L, 9.0);                             // 五级: no escalation, no clear
        }
        assertEquals("alarm", level(h));
        for (; i <= 30; i++) {
            h.sample(t + i * 10_000L, 6.0);
        }
        assertNull(h.open());
        assertEquals(List.of("alarm:raised@" + (t + 10_000), "alarm:cleared@" + (t + 230_000)), h.transitions,
                "cleared when the one-minute mean fell below 8.0");
    }

    // ---------------------------------------------------------------- tower verticality

    /**
     * A crane reporting every 10 s for {@code minutes} with constant load, wind and tilt; the
     * verdict after the last sample.
     */
    private static RuleHarness tilt(String params, int minutes, double loadPct, double wind, double tilt) throws Exception {
        RuleHarness h = new RuleHarness("tower_crane.tilt", "Asia/Shanghai", params);
        long t = at(2, 19, 0, 0);
        for (int i = 0; i <= minutes * 6; i++) {
            h.sample(t + i * 10_000L, Map.of("load_pct", loadPct, "wind_ms", wind, "tilt_deg", tilt));
        }
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            free-standing, 0.25°                   | {}                                    | 6 | 0   | 1.0 | 0.25  | alarm
            free-standing, just over 4/1000        | {}                                    | 6 | 0   | 1.0 | 0.23  | alarm
            free-standing, at 4/1000 (0.229°)      | {}                                    | 6 | 0   | 1.0 | 0.229 | warning
            free-standing, over 80 %               | {}                                    | 6 | 0   | 1.0 | 0.19  | warning
            free-standing, under 80 % (0.183°)     | {}                                    | 6 | 0   | 1.0 | 0.18  | -
            above the top tie: 4/1000              | {"tilt_position":"above_top_tie"}     | 6 | 0   | 1.0 | 0.2   | warning
            below the top tie: over 2/1000         | {"tilt_position":"below_top_tie"}     | 6 | 0   | 1.0 | 0.12  | alarm
            below the top tie: over 80 % of 2/1000 | {"tilt_position":"below_top_tie"}     | 6 | 0   | 1.0 | 0.1   | warning
            a load on the hook (5 %)               | {}                                    | 6 | 5   | 1.0 | 0.3   | -
            nearly unloaded (4.9 %)                | {}                                    | 6 | 4.9 | 1.0 | 0.3   | alarm
            wind 3 m/s                             | {}                                    | 6 | 0   | 3.0 | 0.3   | alarm
            wind over 3 m/s                        | {}                                    | 6 | 0   | 3.1 | 0.3   | -
            idle and calm for only 4 min           | {}                                    | 4 | 0   | 1.0 | 0.3   | -
            idle and calm for exactly 5 min        | {}                                    | 5 | 0   | 1.0 | 0.3   | alarm
            """)
    void verticalityIsJudgedIdleAndCalmOnTheHeightsLimit(String name, String params, int minutes, double load,
                                                        double wind, double tilt, String expected) throws Exception {
        assertEquals(expected, level(tilt(params, minutes, load, wind, tilt)), name);
    }

    @Test
    void theMedianIgnoresShortSwaysThatAMeanWouldCount() throws Exception {
        RuleHarness h = new RuleHarness("tower_crane.tilt");
        long t = at(3, 19, 0, 0);
        for (int i = 0; i <= 36; i++) {
            // 1 sample in 3 swings to 0.6°; the rest read 0.1°: mean ≈ 0.27 (> 4/1000), median 0.1.
            h.sample(t + i * 10_000L, Map.of("load_pct", 0.0, "wind_ms", 2.0, "tilt_deg", i % 3 == 0 ? 0.6 : 0.1));
        }
        assertEquals("-", level(h));
        assertEquals(0.1, h.verdicts.get(h.verdicts.size() - 1).value());
    }

    @Test
    void aTiltAlarmStaysOpenWhileTheCraneWorksAndClearsWhenIdleAgain() throws Exception {
        RuleHarness h = new RuleHarness("tower_crane.tilt");
        long t = at(4, 18, 0, 0);
        int i = 0;
        for (; i <= 30; i++) {
            h.sample(t + i * 10_000L, Map.of("load_pct", 0.0, "wind_ms", 1.0, "tilt_deg", 0.26));
        }
        assertEquals(List.of("alarm:raised@" + (t + 300_000)), h.transitions, "after 5 min idle and calm");
        assertTrue(h.open().detail().startsWith("median 5 min tilt_deg 0.26 > 0.229 while load_pct < 5 and wind_ms ≤ 3"),
                h.open().detail());
        for (; i <= 60; i++) {
            // Lifting: the tower bends under the load; nothing is judged.
            h.sample(t + i * 10_000L, Map.of("load_pct", 60.0, "wind_ms", 1.0, "tilt_deg", 0.05));
        }
        assertEquals("alarm", level(h), "a loaded reading neither clears nor raises");
        for (; i <= 89; i++) {
            h.sample(t + i * 10_000L, Map.of("load_pct", 0.0, "wind_ms", 1.0, "tilt_deg", 0.1));
        }
        assertEquals("alarm", level(h), "idle again for under 5 min: not judged yet");
        for (; i <= 91; i++) {
            h.sample(t + i * 10_000L, Map.of("load_pct", 0.0, "wind_ms", 1.0, "tilt_deg", 0.1));
        }
        assertEquals(List.of("alarm:raised@" + (t + 300_000), "alarm:cleared@" + (t + 910_000)), h.transitions);
    }

    // ---------------------------------------------------------------- pit rate (GB 50497-2019)

    /**
     * Daily changes of {@code disp_mm}, one per site-local day from 1 July: readings at 00:30 and
     * 23:30. The transitions as "level:transition@dN", N the day whose first reading (00:30) made it.
     */
    private static List<String> rates(String rule, String params, String dailyChanges) throws Exception {
        RuleHarness h = new RuleHarness(rule, "Asia/Shanghai", params);
        double v = 5;
        String metric = h.rule().metric();
        double[] changes = Arrays.stream(dailyChanges.split(";")).mapToDouble(Double::parseDouble).toArray();
        for (int day = 0; day <= changes.length; day++) {
            h.sample(at(1 + day, 0, 30, 0), Map.of(metric, v));
            if (day < changes.length) {
                v += changes[day];
                h.sample(at(1 + day, 23, 30, 0), Map.of(metric, v));
            }
        }
        List<String> out = new ArrayList<>();
        for (String tr : h.transitions) {
            long ts = Long.parseLong(tr.substring(tr.indexOf('@') + 1));
            long day = (ts - at(1, 0, 30, 0)) / 86_400_000L;
            out.add(tr.substring(0, tr.indexOf('@')) + "@d" + day);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1} mm/d")
    @CsvSource(delimiter = '|', textBlock = """
            one day at the limit                     | 2.0                     | alarm:raised@d1
            one day just under it                    | 1.99                    | warning:raised@d1
            moving back at the limit                 | -2.5                    | alarm:raised@d1
            three days over 70 %                     | 1.5;1.5;1.5             | warning:raised@d1 alarm:escalated@d3
            three days at exactly 70 %               | 1.4;1.4;1.4;1.4         |
            two days over 70 %, then calm            | 1.5;1.5;1.0             | warning:raised@d1 warning:cleared@d3
            a calm day breaks the run                | 1.5;1.5;1.0;1.5;1.5;1.5 | warning:raised@d1 warning:cleared@d3 warning:raised@d4 alarm:escalated@d6
            over the limit, then back within 70 %    | 3;1.2                   | alarm:raised@d1 alarm:cleared@d2
            """)
    void pitRateAlarmsAsGb50497WordsIt(String name, String changes, String expected) throws Exception {
        assertEquals(expected == null ? List.of() : List.of(expected.split(" ")), rates("pit.disp_rate", "{}", changes), name);
    }

    @Test
    void pitRateTakesTheDesignersLimitAndAProjectsOwnRule() throws Exception {
        String designer = "{\"alarm\":{\"disp_mm_per_day\":3}}";
        assertEquals(List.of("warning:raised@d1"), rates("pit.disp_rate", designer, "2.5"), "over 70 % of 3 (2.1)");
        assertEquals(List.of("alarm:raised@d1"), rates("pit.disp_rate", designer, "3"));
        // "3 mm/d 连续2d以上": over the limit on 2 consecutive days, no one-day alarm.
        String project = "{\"alarm\":{\"disp_mm_per_day\":3},\"rules\":{\"pit.disp_rate\":{\"days\":2,\"dayShare\":1,\"oneDay\":false}}}";
        assertEquals(List.of("warning:raised@d1", "alarm:escalated@d2"), rates("pit.disp_rate", project, "3.5;3.5"));
        assertEquals(List.of("alarm:raised@d1"), rates("pit.settle_rate", "{}", "-2.0"), "settlement: the same rule");
    }

    @Test
    void pitRateDetailsNameTheShareOfTheLimit() throws Exception {
        RuleHarness h = new RuleHarness("pit.disp_rate");
        double v = 0;
        for (int day = 0; day <= 3; day++) {
            h.sample(at(1 + day, 0, 30, 0), v);
            v += 1.5;
            h.sample(at(1 + day, 23, 30, 0), v);
        }
        assertEquals("disp_mm changed more than 1.4 (70 % of 2) per day on 3 consecutive days (last 1.5)", h.open().detail());
        assertEquals(2.0, h.open().threshold());
    }

    // ---------------------------------------------------------------- work-cycle peaks

    /** Moment samples every 10 s from 10:00 (a lift), then the cycle's report with its peak, at its end. */
    private static RuleHarness lift(String rule, String params, String metric, double[] samples, double peak) throws Exception {
        RuleHarness h = new RuleHarness(rule, "Asia/Shanghai", params);
        long start = at(5, 10, 0, 0);
        for (int i = 0; i < samples.length; i++) {
            h.sample(start + i * 10_000L, Map.of(metric, samples[i]));
        }
        return h.cycle(start, start + samples.length * 10_000L, peak);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a peak over 100 between samples            | 60;85;84;70 | 104  | alarm:raised@E
            a peak over 90                              | 60;85;84;70 | 95   | warning:raised@E
            a peak under 90                             | 60;85;84;70 | 89.9 |
            one sample over 100 is no sustained alarm   | 60;101;84   | 101  | alarm:raised@E
            the samples raised and cleared it already   | 85;101;103;60;50;50 | 104 | alarm:raised@20 alarm:cleared@40
            the samples warned, the peak escalates      | 85;92;93;88 | 104  | warning:raised@20 alarm:escalated@E
            """)
    void aCyclesMomentPeakIsJudgedLikeItsSamples(String name, String samples, double peak, String expected) throws Exception {
        double[] values = Arrays.stream(samples.split(";")).mapToDouble(Double::parseDouble).toArray();
        RuleHarness h = lift("tower_crane.moment", "{}", "moment_pct", values, peak);
        long start = at(5, 10, 0, 0);
        List<String> got = h.transitions.stream().map(tr -> {
            long ts = Long.parseLong(tr.substring(tr.indexOf('@') + 1));
            return tr.substring(0, tr.indexOf('@') + 1) + (ts == start + values.length * 10_000L ? "E" : Long.toString((ts - start) / 1000));
        }).toList();
        assertEquals(expected == null ? List.of() : List.of(expected.split(" ")), got, name);
        assertTrue(h.alarmIds.stream().distinct().count() <= 1, "never two alarms for one overload");
    }

    @Test
    void aPeakRaisedAlarmCarriesThePeakAndClearsWithTheSamplesAfterIt() throws Exception {
        RuleHarness h = lift("tower_crane.moment", "{}", "moment_pct", new double[] {60, 85, 84, 70}, 104.5);
        long end = at(5, 10, 0, 40);
        assertEquals(104.5, h.open().value());
        assertEquals(100.0, h.open().threshold());
        assertEquals("work_cycle peak moment_pct 104.5 ≥ 100 in the cycle 10:00:00–10:00:40, not seen in its samples",
                h.open().detail());
        h.sample(end + 10_000, Map.of("moment_pct", 40.0));
        assertNull(h.open(), "the samples before and after the peak are well inside: cleared");
    }

    @ParameterizedTest(name = "max_load_t {1} with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"rated_load_t":6}                                              | 6.3  | alarm   | 105
            {"rated_load_t":6}                                              | 5.5  | warning | 91.67
            {"rated_load_t":6}                                              | 5.3  | -       | 88.33
            {}                                                              | 12   | -       | NaN
            {"rated_load_t":6,"rules":{"tower_crane.load":{"alarm":95}}}    | 5.8  | alarm   | 96.67
            """)
    void aCyclesLoadPeakIsJudgedAsAShareOfTheRatedLoad(String params, double maxLoad, String expected, double value)
            throws Exception {
        RuleHarness h = lift("tower_crane.load", params, "load_pct", new double[] {30, 80, 70}, maxLoad);
        assertEquals(expected, level(h));
        Verdict v = h.verdicts.get(h.verdicts.size() - 1);
        assertEquals(value, v.value(), 0.001);
    }

    // ---------------------------------------------------------------- certificates (建质〔2008〕75号)

    @Test
    void certificateKindsAsTheStandardListsThem() {
        AlarmRule cert = RuleHarness.BUNDLED.byId("operator.certificate");
        assertEquals(List.of("tower_crane_driver"), cert.certificateKinds().get("tower_crane"), "建筑起重机械司机 (塔式起重机)");
        assertEquals(List.of("hoist_driver"), cert.certificateKinds().get("hoist"), "建筑起重机械司机 (施工升降机)");
        assertEquals(List.of("gondola_operator", "work_at_height"), cert.certificateKinds().get("gondola"),
                "75号 lists no gondola operator: a provincial 吊篮操作 or the 应急管理 高处作业 certificate");
        assertTrue(cert.source().contains("75号") && cert.source().contains("[R]"), cert.source());
    }

    @Test
    void eachReCheckedRuleStatesItsSourceAndUncertainty() {
        assertTrue(RuleHarness.BUNDLED.byId("tower_crane.wind").source().contains("JGJ 276-2012 3.0.12"));
        assertTrue(RuleHarness.BUNDLED.byId("tower_crane.tilt").source().contains("JGJ 160-2008 6.5.7"));
        for (String id : List.of("pit.disp_rate", "pit.settle_rate")) {
            String source = RuleHarness.BUNDLED.byId(id).source();
            assertTrue(source.contains("GB 50497-2019") && source.contains("NOT confirmed") && source.contains("[R]"), id);
        }
        assertTrue(RuleHarness.BUNDLED.byId("device.offline").source().contains("power_off"));
    }

    // ---------------------------------------------------------------- rules file checks for the new fields

    private static String load(String rule) {
        try {
            new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH)).load(new ByteArrayInputStream(
                    ("rules:\n  - " + rule + "\n").getBytes(StandardCharsets.UTF_8)), "t.yaml");
            return "ok";
        } catch (InvalidRulesException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {id: a.b, deviceKind: tower_crane, type: median, metric: tilt_deg, window: 5m, when: [{metric: load_pct, below: 5}], alarm: 1, source: s} | ok
            {id: a.b, deviceKind: tower_crane, type: median, metric: tilt_deg, alarm: 1, source: s}                    | t.yaml: rule #1 (a.b): a median needs a window, e.g. 60m
            {id: a.b, deviceKind: tower_crane, type: mean, metric: tilt_deg, window: 1m, when: [{metric: load_pct, below: 5}], alarm: 1, source: s} | t.yaml: rule #1 (a.b): when is for median rules
            {id: a.b, deviceKind: tower_crane, type: median, metric: tilt_deg, window: 5m, when: [{metric: load_kg, below: 5}], alarm: 1, source: s} | t.yaml: rule #1 (a.b): when: tower_crane has no metric load_kg
            {id: a.b, deviceKind: tower_crane, type: median, metric: tilt_deg, window: 5m, when: [{metric: load_pct, under: 5}], alarm: 1, source: s} | t.yaml: rule #1 (a.b): a condition is {metric, one of below, atMost, above, atLeast: N}
            {id: a.b, deviceKind: tower_crane, type: threshold, metric: moment_pct, alarm: 1, peak: {event: work_cycle, field: max_moment_pct}, source: s} | ok
            {id: a.b, deviceKind: tower_crane, type: mean, metric: moment_pct, window: 1m, alarm: 1, peak: {event: work_cycle, field: max_moment_pct}, source: s} | t.yaml: rule #1 (a.b): peak is for threshold rules
            {id: a.b, deviceKind: tower_crane, type: threshold, metric: moment_pct, alarm: 1, peak: {event: operator_login, field: cert_no}, source: s} | t.yaml: rule #1 (a.b): peak.field cert_no is not a number operator_login carries
            {id: a.b, deviceKind: hoist, type: threshold, metric: load_pct, alarm: 1, peak: {event: work_cycle, field: max_load_t}, source: s} | t.yaml: rule #1 (a.b): work_cycle is not sent by every kind the rule is for
            {id: a.b, deviceKind: pit, type: daily_rate, metric: disp_mm, days: 3, dayShare: 1.5, alarm: 2, source: s} | t.yaml: rule #1 (a.b): dayShare must be a number in (0, 1]
            {id: a.b, deviceKind: pit, type: threshold, metric: disp_mm, oneDay: true, alarm: 2, source: s}             | t.yaml: rule #1 (a.b): dayShare and oneDay are for daily_rate rules
            {id: a.b, deviceKind: tower_crane, type: threshold, metric: tilt_deg, alarm: {param: p, cases: {x: 1}}, source: s} | t.yaml: rule #1 (a.b): alarm: {param, cases: {value: level, ...}, default: N} needs cases and a default
            {id: a.b, deviceKind: gondola, type: operator_certificate, certificateKinds: {gondola: []}, source: s}      | t.yaml: rule #1 (a.b): certificateKinds.gondola names no certificate kind
            """)
    void theNewRuleFieldsAreChecked(String rule, String expected) {
        assertEquals(expected, load(rule));
    }
}

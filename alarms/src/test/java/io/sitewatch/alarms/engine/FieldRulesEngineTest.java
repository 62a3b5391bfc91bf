package io.sitewatch.alarms.engine;

import static io.sitewatch.alarms.engine.ShardFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.OperatorCert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The re-checked rules through a whole shard on a virtual clock: work-cycle peaks reach the same
 * alarm as the samples (raised once per overload), the tower's verticality is judged from the
 * windows the engine keeps (its load and wind kept as long as the 5-minute median needs), and a
 * gondola takes either certificate 75号 leaves open.
 */
class FieldRulesEngineTest {

    private final ShardFixture f;

    FieldRulesEngineTest() throws Exception {
        f = new ShardFixture();
        f.open();
    }

    private static Device crane(String params) throws Exception {
        return new Device("TC1", "S1", "tower_crane", "TC1", 10, new ObjectMapper().readTree(params));
    }

    /** "rule level transition" of the changes, offline left out. */
    private static List<String> seen(List<AlarmChange> changes) {
        return changes.stream().filter(c -> !c.alarm().rule().equals("device.offline"))
                .map(c -> c.alarm().rule() + " " + c.alarm().level().code() + " " + c.transition().code()).toList();
    }

    private List<AlarmChange> cycle(Device d, long start, long end, String peaks) {
        return f.event(d, end, "work_cycle", "{\"start_ts\":" + start + ",\"end_ts\":" + end + "," + peaks + "}");
    }

    /** A lift sampled every 10 s from now, with these moments; returns the changes, the clock at the lift's end. */
    private List<AlarmChange> lift(Device d, double... moments) {
        List<AlarmChange> out = new ArrayList<>();
        for (double m : moments) {
            out.addAll(f.telemetry(d, Map.of("moment_pct", m, "load_t", 0.0)));
            f.advanceTo(f.time.millis() + 10_000);
        }
        return out;
    }

    @Test
    void theOverloadA10sSampleMissedIsRaisedFromTheCyclesPeakAndClearedByTheSamplesAfter() throws Exception {
        Device d = crane("{}");
        long start = f.time.millis();
        assertEquals(List.of(), seen(lift(d, 60, 85, 84, 70)));
        long end = f.time.millis();
        List<AlarmChange> peak = cycle(d, start, end, "\"max_load_t\":2.1,\"max_moment_pct\":104.2,\"max_wind_ms\":4.0");
        assertEquals(List.of("tower_crane.moment alarm raised"), seen(peak));
        assertEquals(104.2, peak.get(0).alarm().value());
        assertEquals(end, peak.get(0).alarm().startTs(), "raised at the cycle's report (device time)");
        assertEquals("work_cycle peak moment_pct 104.2 ≥ 100 in the cycle 10:00:00–10:00:40, not seen in its samples",
                peak.get(0).alarm().detail());
        assertEquals(List.of("tower_crane.moment alarm cleared"), seen(lift(d, 30)));
    }

    @Test
    void anOverloadTheSamplesAlreadyRaisedIsNotRaisedAgainByItsCycle() throws Exception {
        Device d = crane("{}");
        long start = f.time.millis();
        assertEquals(List.of("tower_crane.moment alarm raised", "tower_crane.moment alarm cleared"),
                seen(lift(d, 85, 101, 103, 60, 50, 50)));
        assertEquals(List.of(), seen(cycle(d, start, f.time.millis(), "\"max_load_t\":2.1,\"max_moment_pct\":104,\"max_wind_ms\":4")));
    }

    @Test
    void aCyclesLoadPeakCountsAgainstTheCranesRatedLoad() throws Exception {
        Device rated = crane("{\"rated_load_t\":6}");
        long start = f.time.millis();
        lift(rated, 50, 70);
        List<AlarmChange> over = cycle(rated, start, f.time.millis(), "\"max_load_t\":6.3,\"max_moment_pct\":80,\"max_wind_ms\":4");
        assertEquals(List.of("tower_crane.load alarm raised"), seen(over));
        assertEquals(105.0, over.get(0).alarm().value());
        assertTrue(over.get(0).alarm().detail().startsWith("work_cycle peak load_pct 105 ≥ 100 (max_load_t 6.3)"),
                over.get(0).alarm().detail());

        Device unrated = new Device("TC2", "S1", "tower_crane", "TC2", 10, new ObjectMapper().readTree("{}"));
        assertEquals(List.of(), seen(cycle(unrated, start, f.time.millis(), "\"max_load_t\":9,\"max_moment_pct\":80,\"max_wind_ms\":4")),
                "no rated load registered: no load peak check");
    }

    /** Idle (load_pct 0) and calm (wind 1 m/s) with the tower 0.26° off vertical, at two report rates. */
    @Test
    void verticalityIsJudgedAfterFiveIdleCalmMinutesFromTheKeptWindows() throws Exception {
        for (int periodS : new int[] {10, 1}) {
            ShardFixture g = new ShardFixture();
            g.open();
            Device d = new Device("TC1", "S1", "tower_crane", "TC1", periodS, new ObjectMapper().readTree("{}"));
            List<String> raisedAt = new ArrayList<>();
            for (int s = 0; s <= 400; s += periodS) {
                g.advanceTo(T0 + s * 1000L);
                for (AlarmChange c : g.telemetry(d, Map.of("load_pct", 0.0, "load_t", 0.0, "wind_ms", 1.0, "tilt_deg", 0.26))) {
                    if (c.alarm().rule().equals("tower_crane.tilt")) {
                        raisedAt.add(c.alarm().level().code() + " " + c.transition().code() + " @" + s);
                    }
                }
            }
            // Judged at most every 2.5 s of device time: at 1 Hz the first judgement at or after 300 s is at 300 s.
            assertEquals(List.of("alarm raised @300"), raisedAt, periodS + " s period");
        }
    }

    @Test
    void belowTheTopTieTheLimitIsTwoPerThousand() throws Exception {
        Device d = crane("{\"tilt_position\":\"below_top_tie\"}");
        List<String> seen = new ArrayList<>();
        for (int s = 0; s <= 310; s += 10) {
            f.advanceTo(T0 + s * 1000L);
            seen.addAll(seen(f.telemetry(d, Map.of("load_pct", 1.0, "load_t", 0.0, "wind_ms", 2.5, "tilt_deg", 0.13))));
        }
        assertEquals(List.of("tower_crane.tilt alarm raised"), seen, "0.13° is under 4/1000 but over 2/1000");
    }

    @Test
    void aGondolaTakesEitherCertificateThe75号ListLeavesOpen() {
        f.registry.put(new OperatorCert("G-PROV", "A", "gondola_operator", "2024-01-01", "2030-12-31"));
        f.registry.put(new OperatorCert("G-HEIGHT", "B", "work_at_height", "2024-01-01", "2030-12-31"));
        f.registry.put(new OperatorCert("T-CRANE", "C", "tower_crane_driver", "2024-01-01", "2030-12-31"));
        Device gondola = ShardFixture.device("GD1", "gondola", 10);
        long t = f.time.millis();
        assertEquals(List.of(), seen(f.event(gondola, t, "operator_login", "{\"cert_no\":\"G-PROV\"}")));
        assertEquals(List.of(), seen(f.event(gondola, t + 1_000, "operator_login", "{\"cert_no\":\"G-HEIGHT\"}")));
        List<AlarmChange> wrong = f.event(gondola, t + 2_000, "operator_login", "{\"cert_no\":\"T-CRANE\"}");
        assertEquals(List.of("operator.certificate alarm raised"), seen(wrong));
        assertEquals("operator_login with certificate T-CRANE: a tower_crane_driver certificate does not cover a gondola "
                + "(needs gondola_operator or work_at_height)", wrong.get(0).alarm().detail());
    }
}

package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Overloads on the three lifting machines, otherwise a normal day (local times):
 * <ul>
 *   <li>Tower crane: no lift starts from 09:52, so its first sample after 10:00 starts a lift that
 *       sets down at moment_pct = 106.0, held for the whole set-down phase (40–70 s: 4–7
 *       consecutive samples ≥ 100 at a 10 s period, preceded by trolley-out samples rising through
 *       90), between about 10:02 and 10:06 (seed 42: 10:03:25–10:04:05, 5 samples); load_pct stays
 *       &lt; 90 (the load is modest, the radius long).
 *       Its {@code work_cycle} event reports max_moment_pct 106.0.</li>
 *   <li>Hoist: the first trip starting at or after 14:00 carries people_limit + 2 people and
 *       load_pct = 105.0 for the whole trip (dwell 40 s plus travel).</li>
 *   <li>Gondola: 15:00–15:05, 3 people (limit 2) with harness_count 2 and load_pct 105.0
 *       (30 consecutive samples).</li>
 * </ul>
 */
public final class OverloadScenario implements Scenario {
    @Override
    public String name() {
        return "overload";
    }

    @Override
    public String summary() {
        return "crane moment 106 % from ~10:00, hoist 105 % + too many people at 14:00, gondola 3 people 15:00-15:05";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.OVERLOAD, d.device("tower_crane"), d.at(10, 0), d.at(10, 15), 106),
                Disturbance.of(DisturbanceKind.OVERLOAD, d.device("hoist"), d.at(14, 0), d.at(14, 10), 105),
                Disturbance.of(DisturbanceKind.OVERLOAD, d.device("gondola"), d.at(15, 0), d.at(15, 5), 105)));
    }
}

package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Unpermitted night work 22:00–24:00 local (night per GB 12523 is 22:00–06:00): noise_dba 60 ± 2
 * with a 75 ± 2 impulse in the sample of minutes 3, 13, 23, 33, 43 and 53 of each hour.
 * Produces: night 20-min Leq ≈ 64–67 dB(A) (the impulses dominate the energy mean), so &gt; 55 for
 * every window ending from 22:01 to midnight,
 * night Lmax &gt; 70 at 22:03, 22:13, … 23:53 (12 impulses). Daytime stays under the day limits.
 */
public final class NightNoiseScenario implements Scenario {
    @Override
    public String name() {
        return "night-noise";
    }

    @Override
    public String summary() {
        return "night work 22:00-24:00: Leq20 ~66 dB(A) > 55, impulses ~75 > 70 every 10 min";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.NIGHT_WORK, site.siteId(), d.at(22, 0), d.at(24, 0), 60)));
    }
}

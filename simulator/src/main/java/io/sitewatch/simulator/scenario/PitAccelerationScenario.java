package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Three days in which the first pit point's wall starts to move: on top of its normal creep it
 * gains 30 mm of horizontal displacement, growing exponentially from day 1 00:00 to day 3 24:00
 * local — about +1.6 mm on day 1, +5.9 mm on day 2 and +22.5 mm on day 3 (rate ≈ 0.75 mm/d at the
 * start, ≈ 41 mm/d at the end). Settlement follows at 0.5 mm per mm and strut axial force at
 * 1.2 % per mm (reaching ≈ 78 %). The other pit points keep creeping normally (the control group).
 * Produces for the accelerating point, with the default alarm values 20 mm and 2 mm/d: daily rate
 * &gt; 2 mm/d on days 2 and 3 (two consecutive days by the end of day 3), cumulative disp_mm ≥ 14
 * (warning) during day 3 and ≥ 20 (alarm) later on day 3, axial force ≥ 70 % late on day 3.
 */
public final class PitAccelerationScenario implements Scenario {
    @Override
    public String name() {
        return "pit-acceleration";
    }

    @Override
    public String summary() {
        return "3 days: pit point 1 gains 30 mm exponentially; rate > 2 mm/d on days 2-3, disp > 20 mm on day 3";
    }

    @Override
    public int days() {
        return 3;
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.ACCELERATION, d.device("pit"), d.at(0, 0, 0), d.at(3, 0, 0), 30)));
    }
}

package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Devices with wrong clocks, otherwise a normal day:
 * <ul>
 *   <li>the dust station's clock jumps 48 h ahead 09:00–10:00 local: its 60 samples (and nothing
 *       else) carry ts = true time + 48 h. With the default start (yesterday) these are more than
 *       5 minutes in the future for the service and are dead-lettered;</li>
 *   <li>the tower crane's clock is 40 minutes slow all day (ts = true time − 2400 s): accepted,
 *       its alarms are stamped 40 minutes early — and its first lifts, made at 07:00, read as
 *       06:20, before the site's working hours: the night-work advisory is what such a clock
 *       earns a site;</li>
 *   <li>the hoist's clock is 4 minutes fast all day (+240 s): within the 5-minute tolerance,
 *       accepted.</li>
 * </ul>
 */
public final class ClockSkewScenario implements Scenario {
    @Override
    public String name() {
        return "clock-skew";
    }

    @Override
    public String summary() {
        return "env clock +48 h 09:00-10:00 (rejected as future), crane -40 min, hoist +4 min all day";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.CLOCK_SKEW, d.device("env"), d.at(9, 0), d.at(10, 0), 48 * 3600),
                Disturbance.of(DisturbanceKind.CLOCK_SKEW, d.device("tower_crane"), d.at(0, 0), d.at(24, 0), -2400),
                Disturbance.of(DisturbanceKind.CLOCK_SKEW, d.device("hoist"), d.at(0, 0), d.at(24, 0), 240)));
    }
}

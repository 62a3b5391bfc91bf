package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;

import java.time.LocalDate;
import java.util.List;

/**
 * An ordinary working day: nothing imposed. Produces <b>no alarm</b>: crane moment and load ≤ 85 %,
 * wind &lt; 6 m/s at the jib, hoist ≤ people_limit − 2 and ≤ 80 % load, gondola ≤ 2 people all
 * clipped in and tilt &lt; 3°, day noise Leq &lt; 62 and night &lt; 47 dB(A), hourly PM10 &lt; 110,
 * pit and formwork points well under 70 % of their alarm values. Events: operator login at 07:00
 * and logout after the last lift after 18:00 (crane, hoist, gondola), one {@code work_cycle} per
 * lift, the recorder's clock-ins (20 minutes before to 10 after the start of the site's hours), the
 * previous day's safety log a few minutes after the safety officer's, hazard reports (09:15–10:15)
 * and their rectifications (14:10–15:10, the same or a later day, as the recorder's {@code sim} says).
 */
public final class NormalDayScenario implements Scenario {
    @Override
    public String name() {
        return "normal-day";
    }

    @Override
    public String summary() {
        return "an ordinary working day; no alarms";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        return ScenarioPlan.of(List.of());
    }
}

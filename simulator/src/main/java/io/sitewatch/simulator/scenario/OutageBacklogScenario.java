package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * The tower crane and the dust station lose their network 14:00–16:00 local and keep measuring.
 * Nothing is published for them in that window (the service's 3 × periodS silence rule sees them
 * offline after 30 s and 180 s); at their first sample after 16:00 they flush the buffered samples
 * as JSON arrays (≤ 1000 samples and &lt; 64 KiB each: the crane's 720 samples take 3 arrays, the
 * station's 120 one), then the buffered events (the crane's {@code work_cycle}s), then carry on.
 * Each buffered sample has its original measurement ts and seq, so the backlog fills the gap
 * exactly; alarm rules see a normal working afternoon.
 */
public final class OutageBacklogScenario implements Scenario {
    @Override
    public String name() {
        return "outage-backlog";
    }

    @Override
    public String summary() {
        return "crane and env station offline 14:00-16:00, then flush the backlog as sample arrays";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.OUTAGE, d.device("tower_crane"), d.at(14, 0), d.at(16, 0), 0),
                Disturbance.of(DisturbanceKind.OUTAGE, d.device("env"), d.at(14, 0), d.at(16, 0), 0)));
    }
}

package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * A typhoon passes 09:00–21:00 local: wind at 10 m rises linearly by up to 22 m/s at 15:00 (plus
 * gusts 25 % stronger than usual) and falls back by 21:00; humidity rises towards 100 %, temperature
 * drops 3 °C. Heights scale wind by the 1/7 power law (crane jib 45 m ≈ ×1.24, hoist mast top ≈ ×1.35).
 * Produces (seed 42, FZ-GL-001): crane jib wind &gt; 13.8 from about 10:50 while the crane keeps
 * lifting, so consecutive {@code work_cycle} events report max_wind_ms &gt; 13.8 (10:53–11:32, six in
 * a row); no lift starts while jib wind exceeds 20 ({@code sim.stopWindMs}) — the afternoon is
 * suspended until about 17:24, and the cycles after that still report &gt; 13.8; gondola wind &gt; 8.3
 * from about 10:00; hoist wind ≥ 20 about 11:40–18:15; env station wind ≥ 13.8 about 11:30–18:30.
 */
public final class TyphoonScenario implements Scenario {
    @Override
    public String name() {
        return "typhoon";
    }

    @Override
    public String summary() {
        return "wind rising to +22 m/s at 15:00; over-wind lifting, gondola and hoist wind alarms";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.STORM, site.siteId(), d.at(9, 0), d.at(21, 0), 22)));
    }
}

package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Earthworks without dust suppression, 09:00–13:00 local: PM10 gets up to +260 µg/m³ (a triangle
 * peaking at 11:00) on top of the normal ~60–100; PM2.5 gets half of the extra, TSP 1.7 × PM10.
 * Produces: rolling 60-min mean PM10 &gt; 150 from about 10:15 and &gt; 200 from about 10:45 to 11:30,
 * back under 150 by about 12:15; rolling 60-min PM2.5 &gt; 115 around 10:50–11:20.
 */
public final class DustEpisodeScenario implements Scenario {
    @Override
    public String name() {
        return "dust-episode";
    }

    @Override
    public String summary() {
        return "PM10 up to +260 ug/m3 09:00-13:00 (peak 11:00); hourly PM10 > 200, PM2.5 > 115";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        return ScenarioPlan.of(List.of(
                Disturbance.of(DisturbanceKind.DUST, site.siteId(), d.at(9, 0), d.at(13, 0), 260)));
    }
}

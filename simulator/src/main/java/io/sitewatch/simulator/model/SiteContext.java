package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;

/** What every device model of one site shares: the fleet, the site, its clock rules, weather and disturbances. */
public record SiteContext(Fleet fleet, SiteSpec site, long seed, WorkSchedule schedule, Weather weather,
                          Disturbances disturbances) {

    public static SiteContext of(Fleet fleet, SiteSpec site, long seed, Disturbances disturbances) {
        WorkSchedule schedule = new WorkSchedule(site.timezone());
        return new SiteContext(fleet, site, seed, schedule,
                new Weather(seed, site.siteId(), schedule, disturbances), disturbances);
    }
}

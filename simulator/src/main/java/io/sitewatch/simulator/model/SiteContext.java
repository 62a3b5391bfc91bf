package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;

/**
 * What every device model of one site shares: the fleet, the site, its clock rules, weather and
 * disturbances. {@code realSite}: the site keeps its calendar (days off, typhoon stops) and its
 * machines and recorders are switched off outside the working hours; otherwise (scenarios) every
 * day is a working day and every device reports around the clock.
 */
public record SiteContext(Fleet fleet, SiteSpec site, long seed, WorkSchedule schedule, Weather weather,
                          Disturbances disturbances, boolean realSite) {

    /** A scenario's site: every day a working day in the site's hours. */
    public static SiteContext of(Fleet fleet, SiteSpec site, long seed, Disturbances disturbances) {
        return of(fleet, site, seed, disturbances, false);
    }

    public static SiteContext of(Fleet fleet, SiteSpec site, long seed, Disturbances disturbances, boolean realSite) {
        WorkSchedule schedule = new WorkSchedule(site.timezone(), site.workingHours(),
                realSite ? site.siteCalendar() : null);
        return new SiteContext(fleet, site, seed, schedule,
                new Weather(seed, site.siteId(), schedule, disturbances), disturbances, realSite);
    }
}

package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.mqtt.PublisherFactory;
import io.sitewatch.simulator.run.FleetRunner;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Runs a scenario on one site of a fleet from local midnight of {@code firstDay} for the scenario's
 * days (or {@code duration} when given). Only that site's devices run, so the alarms come from the
 * scenario alone. The default day is yesterday in the site's zone, so the whole day is in the past
 * for the service and no sample is "in the future".
 */
public final class ScenarioRun {
    private ScenarioRun() {
    }

    public static LocalDate defaultDay(SiteSpec site) {
        return LocalDate.now(site.timezone()).minusDays(1);
    }

    public static FleetRunner prepare(Scenario scenario, Fleet fleet, String siteId, LocalDate firstDay,
                                      Duration duration, long seed, double timeScale, PublisherFactory factory) {
        SiteSpec site = siteId == null ? fleet.sites().get(0) : fleet.site(siteId);
        ZoneId zone = site.timezone();
        long start = ZonedDateTime.of(firstDay.atStartOfDay(), zone).toInstant().toEpochMilli();
        long end = duration != null ? start + duration.toMillis()
                : ZonedDateTime.of(firstDay.plusDays(scenario.days()).atStartOfDay(), zone).toInstant().toEpochMilli();
        ScenarioPlan plan = scenario.plan(fleet, site, firstDay);
        return new FleetRunner(fleet.only(site.siteId()), seed, new Disturbances(plan.disturbances()),
                plan.rawMessages(), factory, start, end, timeScale, 1);
    }
}

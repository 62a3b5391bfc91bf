package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;

import java.time.LocalDate;

/**
 * A named, deterministic site story: what is imposed on which device when, over one or more
 * simulated days starting at local midnight. Each implementation's javadoc says which conditions
 * it produces, so the alarm engine's integration tests can predict the alarms exactly.
 */
public interface Scenario {
    String name();

    /** One line for {@code simulate scenario --list}. */
    String summary();

    /** Simulated days the scenario covers by default. */
    default int days() {
        return 1;
    }

    ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay);
}

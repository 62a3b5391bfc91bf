package io.sitewatch.service;

import io.sitewatch.simulator.DemoFleet;
import io.sitewatch.simulator.demo.DemoRun;
import java.time.LocalDate;

/** Starts the simulator's demo fleet; the simulator is a device and talks to the broker only. */
final class Simulation {

    private Simulation() {
    }

    /** The demo fleet with its dates as of {@code options.anchor()}, its history first when asked. */
    static DemoRun startDemo(String mqttUrl, long seed, DemoRun.Options options) {
        return DemoFleet.start(mqttUrl, seed, options);
    }

    /** The demo's fleet file (YAML) as of {@code anchor}: what the service imports at start. */
    static String demoFleetFile(LocalDate anchor) {
        return DemoFleet.fleetFile(anchor);
    }
}

package io.sitewatch.service;

/** Starts the simulator's demo fleet; the simulator is a device and talks to the broker only. */
final class Simulation {

    private Simulation() {
    }

    static AutoCloseable startDemoFleet(String mqttUrl, long seed) throws Exception {
        return io.sitewatch.simulator.DemoFleet.start(mqttUrl, seed);
    }
}

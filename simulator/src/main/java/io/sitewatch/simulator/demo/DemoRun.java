package io.sitewatch.simulator.demo;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.mqtt.MqttSettings;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import io.sitewatch.simulator.run.FleetRunner;

import java.util.List;

/** Wires the demo: bundled fleet, demo incidents, Paho over MQTT 5, wall clock as simulated clock. */
public final class DemoRun {
    private DemoRun() {
    }

    public static AutoCloseable start(String mqttUrl, long seed) {
        Fleet fleet = Fleet.demo();
        long now = System.currentTimeMillis();
        Disturbances incidents = new Disturbances(DemoIncidents.plan(fleet, now, seed));
        FleetRunner runner = new FleetRunner(fleet, seed, incidents, List.of(),
                new PahoPublisherFactory(MqttSettings.of(mqttUrl, 5)), now, Long.MAX_VALUE, 1, 1);
        return runner.start();
    }
}

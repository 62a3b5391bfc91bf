package io.sitewatch.simulator;

import io.sitewatch.simulator.demo.DemoRun;

/**
 * The bundled demo fleet ({@code /fleets/demo.yaml}) publishing in real time, with an incident
 * every few minutes so the console shows alarms; what {@code ./sitewatch demo} starts.
 */
public final class DemoFleet {
    private DemoFleet() {
    }

    /**
     * Connects every demo device to {@code mqttUrl} (MQTT 5) and starts publishing in the background;
     * closing stops the devices (retained offline status) and disconnects them.
     */
    public static AutoCloseable start(String mqttUrl, long seed) {
        return DemoRun.start(mqttUrl, seed);
    }
}

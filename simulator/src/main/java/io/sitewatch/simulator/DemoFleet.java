package io.sitewatch.simulator;

import io.sitewatch.simulator.demo.AnchoredFleet;
import io.sitewatch.simulator.demo.DemoRun;

import java.time.LocalDate;

/**
 * The bundled demo fleet ({@code /fleets/demo.yaml}): four Fujian sites played as they work, in
 * real time, with an incident every few minutes so the console shows alarms; what
 * {@code ./sitewatch demo} starts. At the demo's first start it first uploads each site's last
 * days, so that the ratings have a month to judge.
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

    /** The demo with its dates as of {@code options.anchor()} and, when asked, its history first. */
    public static DemoRun start(String mqttUrl, long seed, DemoRun.Options options) {
        return DemoRun.start(mqttUrl, seed, options);
    }

    /** The demo fleet file (YAML) with its dates as of {@code anchor}: what the service imports. */
    public static String fleetFile(LocalDate anchor) {
        return AnchoredFleet.fleetFile(anchor);
    }
}

package io.sitewatch.simulator.model;

/**
 * The behaviour of one device kind. The runner calls {@link #sample} at the device's report period
 * with strictly increasing simulated time; the model emits one telemetry sample and any events
 * that happened since the previous call (with their own timestamps).
 */
public interface DeviceModel {
    void sample(long ts, Emitter out);
}

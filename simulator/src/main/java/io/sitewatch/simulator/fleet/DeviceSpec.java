package io.sitewatch.simulator.fleet;

/**
 * A device of the fleet. {@code params} are the per-device values the service's rules use;
 * {@code sim} holds simulator-only settings (model parameters, operator certificate, ...).
 */
public record DeviceSpec(String deviceId, String siteId, String kind, String name, int periodS,
                         FreeForm params, FreeForm sim) {
}

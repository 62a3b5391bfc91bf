package io.sitewatch.simulator.fleet;

import io.sitewatch.core.registry.DeviceService;

/**
 * A device of the fleet. {@code params} are the per-device values the service's rules use;
 * {@code sim} holds simulator-only settings (model parameters, operator certificate, ...);
 * {@code service} says when it is in service and whether it reports around the clock or while its
 * site works (its kind's default when the file says nothing).
 */
public record DeviceSpec(String deviceId, String siteId, String kind, String name, int periodS,
                         FreeForm params, FreeForm sim, DeviceService service) {

    public DeviceSpec {
        service = (service == null ? DeviceService.NONE : service).withScheduleOf(kind);
    }

    /** A device with nothing known of its service but its kind's schedule. */
    public DeviceSpec(String deviceId, String siteId, String kind, String name, int periodS,
                      FreeForm params, FreeForm sim) {
        this(deviceId, siteId, kind, name, periodS, params, sim, null);
    }

    public boolean continuous() {
        return DeviceService.CONTINUOUS.equals(service.schedule());
    }
}

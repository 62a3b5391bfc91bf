package io.sitewatch.simulator.fleet;

import io.sitewatch.core.registry.Enterprise;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** A construction site and its devices. {@code sim} holds simulator-only site settings (location). */
public record SiteSpec(String siteId, String name, String region, Enterprise enterprise, String kind,
                       ZoneId timezone, long costCny, LocalDate startDate, LocalDate endDate,
                       List<DeviceSpec> devices, FreeForm sim) {

    public List<DeviceSpec> devicesOfKind(String deviceKind) {
        return devices.stream().filter(d -> d.kind().equals(deviceKind)).toList();
    }

    public Optional<DeviceSpec> firstOfKind(String deviceKind) {
        return devices.stream().filter(d -> d.kind().equals(deviceKind)).findFirst();
    }

    public DeviceSpec requireKind(String deviceKind) {
        return firstOfKind(deviceKind).orElseThrow(() ->
                new IllegalArgumentException("site " + siteId + " has no " + deviceKind + " device"));
    }
}

package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;

/** Picks the model for a device's wire-protocol kind. */
public final class DeviceModels {
    private DeviceModels() {
    }

    public static DeviceModel create(DeviceSpec spec, SiteContext site) {
        return switch (spec.kind()) {
            case "tower_crane" -> new TowerCraneModel(spec, site);
            case "hoist" -> new HoistModel(spec, site);
            case "gondola" -> new GondolaModel(spec, site);
            case "env" -> new EnvStationModel(spec, site);
            case "pit" -> new PitPointModel(spec, site);
            case "formwork" -> new FormworkPointModel(spec, site);
            case "recorder" -> new RecorderModel(spec, site);
            default -> throw new IllegalArgumentException("no model for kind " + spec.kind());
        };
    }
}

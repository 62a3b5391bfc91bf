package io.sitewatch.simulator.load;

import io.sitewatch.simulator.wire.Readings;

import java.util.SplittableRandom;

/** Plausible, in-range telemetry values for a device kind, cheap enough for tens of thousands a second. */
final class LoadSamples {
    private final String kind;
    private final SplittableRandom rnd;

    LoadSamples(String kind, SplittableRandom rnd) {
        this.kind = kind;
        this.rnd = rnd;
    }

    Readings next() {
        Readings r = new Readings();
        switch (kind) {
            case "hoist" -> r.put("load_kg", rnd.nextDouble(0, 1500), 0).put("load_pct", rnd.nextDouble(0, 75), 1)
                    .put("people", rnd.nextInt(0, 8), 0).put("height_m", rnd.nextDouble(0, 75), 1)
                    .put("speed_ms", rnd.nextDouble(-0.6, 0.6), 2).put("wind_ms", rnd.nextDouble(1, 6), 1)
                    .put("tilt_deg", rnd.nextDouble(0.1, 0.4), 2).put("door_open", rnd.nextInt(0, 2), 0);
            case "env" -> r.put("pm25_ugm3", rnd.nextDouble(15, 45), 0).put("pm10_ugm3", rnd.nextDouble(30, 90), 0)
                    .put("tsp_ugm3", rnd.nextDouble(50, 150), 0).put("noise_dba", rnd.nextDouble(45, 62), 1)
                    .put("wind_ms", rnd.nextDouble(1, 5), 1).put("temp_c", rnd.nextDouble(18, 30), 1)
                    .put("humidity_pct", rnd.nextDouble(50, 90), 0);
            case "pit" -> r.put("disp_mm", rnd.nextDouble(2, 10), 1).put("settle_mm", rnd.nextDouble(-6, -1), 1)
                    .put("water_level_m", rnd.nextDouble(-0.4, -0.2), 2)
                    .put("axial_force_pct", rnd.nextDouble(38, 48), 1);
            default -> {
                double load = rnd.nextDouble(0, 5);
                double radius = rnd.nextDouble(5, 55);
                r.put("load_t", load, 2).put("load_pct", load / 8 * 100, 1)
                        .put("moment_pct", 100 * load / Math.min(8, 160 / radius) * 0.8, 1)
                        .put("radius_m", radius, 1).put("height_m", rnd.nextDouble(2, 40), 1)
                        .put("slew_deg", rnd.nextDouble(0, 360), 1).put("wind_ms", rnd.nextDouble(1, 6), 1)
                        .put("tilt_deg", rnd.nextDouble(0.05, 0.1), 2).put("clearance_m", rnd.nextDouble(10, 40), 1);
            }
        }
        return r;
    }
}

package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.wire.Readings;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A foundation-pit monitoring point (基坑测点): wall-top displacement and settlement creep along a
 * consolidation curve since excavation (fast at first, levelling off), with a small daily thermal
 * swing; strut axial force and groundwater follow.
 *
 * <p>Normal: displacement ≤ {@code sim.initialDispMm} + {@code sim.creepMm} (defaults 3 + 8 mm),
 * rate ≤ 0.15 mm/d, axial force ≤ 50 %, so the default 20 mm / 2 mm/d / 70 % rules stay quiet.
 * ACCELERATION adds {@code magnitude} mm by the window end, exponentially (rate rising from
 * ~0 to ~4 × magnitude / window-days); axial force rises 1.2 %/mm, settlement 0.5 mm/mm.
 */
public final class PitPointModel implements DeviceModel {
    private static final double DAY_MS = 86_400_000.0;

    private final DeviceSpec spec;
    private final SiteContext site;
    private final SmoothNoise wobble;
    private final long excavatedTs;
    private final double initialMm;
    private final double creepMm;
    private final double tauDays;

    public PitPointModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        this.wobble = new SmoothNoise(Seeds.mix(site.seed(), "pit/" + spec.deviceId()), 1_800_000.0);
        LocalDate start = site.site().startDate() == null ? LocalDate.of(2025, 1, 1) : site.site().startDate();
        this.excavatedTs = site.schedule().at(start, LocalTime.of(8, 0));
        this.initialMm = spec.sim().number("initialDispMm", 3);
        this.creepMm = spec.sim().number("creepMm", 8);
        this.tauDays = spec.sim().number("creepTauDays", 60);
    }

    /** Cumulative horizontal displacement in mm at an instant (what {@code disp_mm} reports, unrounded). */
    public double displacementMm(long ts) {
        double days = Math.max(0, (ts - excavatedTs) / DAY_MS);
        double thermal = 0.3 * Math.sin((site.schedule().hourOfDay(ts) - 9) / 24 * 2 * Math.PI);
        return initialMm + creepMm * (1 - Math.exp(-days / tauDays)) + thermal + 0.1 * wobble.at(ts)
                + Acceleration.extraMm(site.disturbances(), spec.deviceId(), ts);
    }

    @Override
    public void sample(long ts, Emitter out) {
        double disp = displacementMm(ts);
        double extra = Acceleration.extraMm(site.disturbances(), spec.deviceId(), ts);
        out.telemetry(ts, new Readings()
                .put("disp_mm", disp, 1)
                .put("settle_mm", -(0.6 * (disp - extra) + 0.5 * extra), 1)
                .put("water_level_m", -0.3 + 0.05 * wobble.at(ts + 7_200_000) - 0.01 * extra, 2)
                .put("axial_force_pct", 42 + 3 * wobble.at(ts + 3_600_000) + 1.2 * extra, 1));
    }
}

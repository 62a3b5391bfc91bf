package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.wire.Readings;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A high-formwork monitoring point (高支模测点): quiet until a concrete pour, then settlement,
 * displacement, pole tilt and axial force rise with the poured load; after two days of curing the
 * formwork is struck and the point reads near zero until the next pour. Pours happen 09:00–15:00
 * local on every {@code sim.pourEveryDays}-th day (default 3, phase from {@code sim.pourPhase}).
 *
 * <p>Normal pour: settlement ≤ 4.5 mm, displacement ≤ 2.4 mm, tilt ≤ 0.2°, axial ≤ 58 % — under the
 * default 7 mm / 0.35° / 70 % warnings. ACCELERATION adds {@code magnitude} mm of settlement by the
 * window end (displacement 0.6 ×, tilt 0.05°/mm, axial 3 %/mm).
 */
public final class FormworkPointModel implements DeviceModel {
    private final DeviceSpec spec;
    private final SiteContext site;
    private final SmoothNoise wobble;
    private final int everyDays;
    private final int phase;

    public FormworkPointModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        this.wobble = new SmoothNoise(Seeds.mix(site.seed(), "formwork/" + spec.deviceId()), 1_200_000.0);
        this.everyDays = Math.max(1, (int) spec.sim().number("pourEveryDays", 3));
        this.phase = (int) spec.sim().number("pourPhase", 0);
    }

    /** Fraction of the design pour load on the formwork at this instant, 0..1. */
    double pourProgress(long ts) {
        LocalDate today = site.schedule().day(ts);
        for (int back = 0; back <= 2; back++) {
            LocalDate day = today.minusDays(back);
            if (Math.floorMod(day.toEpochDay() + phase, everyDays) != 0 || !site.schedule().workingDay(day)) {
                continue;
            }
            long start = site.schedule().at(day, LocalTime.of(9, 0));
            long end = site.schedule().at(day, LocalTime.of(15, 0));
            if (ts < start) {
                continue;
            }
            return Math.min(1, (double) (ts - start) / (end - start));
        }
        return 0;
    }

    @Override
    public void sample(long ts, Emitter out) {
        double p = pourProgress(ts);
        double extra = Acceleration.extraMm(site.disturbances(), spec.deviceId(), ts);
        double w = 0.1 * wobble.at(ts);
        out.telemetry(ts, new Readings()
                .put("settle_mm", 0.3 + 4.0 * p + extra + w, 1)
                .put("disp_mm", 0.2 + 2.0 * p + 0.6 * extra + w, 1)
                .put("tilt_deg", 0.05 + 0.15 * p + 0.05 * extra + 0.1 * w, 2)
                .put("axial_force_pct", 12 + 45 * p + 3 * extra + 10 * w, 1));
    }
}

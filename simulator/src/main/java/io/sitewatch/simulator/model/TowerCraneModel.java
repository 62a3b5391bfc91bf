package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.wire.EventData;
import io.sitewatch.simulator.wire.Readings;

import java.util.SplittableRandom;

/**
 * A tower crane (塔吊) with its black box: lifting cycles during working hours, moment % from the
 * load chart (load × radius against the rated moment curve), wind at jib height, operator login and
 * logout, and a {@code work_cycle} event after each lift.
 *
 * <p>Normal lifts stay ≤ 85 % moment and load, tilt ≤ 0.1°, clearance ≥ 10 m, so only disturbances
 * raise alarms. OVERLOAD: no lift starts in the 8 minutes before the window, so the crane's first
 * sample in the window starts a lift (forced even outside working hours) that sets down at {@code magnitude} % moment, held for the whole set-down (4–7 samples
 * at a 10 s period). Lifting stops while wind at the jib exceeds {@code sim.stopWindMs} (20). A lift
 * starts only if even its longest cycle is set down within the site's working hours (or a permit's
 * extra hours): the last lift of the day ends before the hours do.
 */
public final class TowerCraneModel implements DeviceModel {
    private static final long HOLD_BEFORE_OVERLOAD_MS = 8 * 60_000;

    private final DeviceSpec spec;
    private final SiteContext site;
    private final LoadChart chart;
    private final SplittableRandom rnd;
    private final OperatorShift shift;
    private final double jibM;
    private final double towerM;
    private final double stopWindMs;
    private final double clearanceBaseM;

    private LiftCycle cycle;
    private boolean overloadLift;
    private long nextStart;
    private long lastOverloadFrom = Long.MIN_VALUE;
    private LiftCycle.Pose pose;
    private double maxLoad;
    private double maxMoment;
    private double maxWind;

    public TowerCraneModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        this.chart = LoadChart.from(spec.params(), spec.sim());
        this.rnd = Seeds.random(site.seed(), spec.deviceId());
        this.shift = new OperatorShift(spec.deviceId(), spec.sim().text("operator", ""), site.disturbances());
        this.jibM = spec.sim().number("jibM", 60);
        this.towerM = spec.sim().number("towerHeightM", 45);
        this.stopWindMs = spec.sim().number("stopWindMs", 20);
        this.clearanceBaseM = spec.sim().number("clearanceM", 28);
        this.pose = new LiftCycle.Pose(0, 10, towerM - 8, rnd.nextDouble() * 360);
    }

    public LoadChart chart() {
        return chart;
    }

    @Override
    public void sample(long ts, Emitter out) {
        if (cycle != null && ts >= cycle.endTs()) {
            finishCycle(out);
        }
        var overload = site.disturbances().active(DisturbanceKind.OVERLOAD, spec.deviceId(), ts);
        boolean forced = overload.isPresent() && overload.get().fromTs() != lastOverloadFrom;
        boolean working = site.schedule().working(ts) || forced;
        double wind = site.weather().windMs(ts, towerM);
        if (cycle == null) {
            shift.update(ts, working, out);
            boolean calm = wind <= stopWindMs;
            // Keep the hook free before a scripted overload, so that lift starts on time.
            boolean holding = !forced && site.disturbances().startsWithin(DisturbanceKind.OVERLOAD,
                    spec.deviceId(), ts, ts + HOLD_BEFORE_OVERLOAD_MS);
            // A driver starts a lift only if it is set down before the site stops working: a load
            // still on the hook after the working hours is lifting at night (the night_work rule).
            boolean finishesInHours = forced || site.schedule().worksAt(ts + LiftCycle.MAX_DURATION_MS);
            if (working && finishesInHours && shift.loggedIn() && calm && !holding && (ts >= nextStart || forced)) {
                double pct = forced ? overload.get().magnitude() : 0;
                cycle = LiftCycle.plan(ts, pose, chart, jibM, towerM, pct, rnd);
                overloadLift = forced;
                if (forced) {
                    lastOverloadFrom = overload.get().fromTs();
                }
            }
        }
        if (cycle != null) {
            pose = cycle.at(ts);
        } else {
            pose = new LiftCycle.Pose(0, pose.radiusM(), pose.heightM(), pose.slewDeg());
        }
        double moment = chart.momentPct(pose.loadT(), pose.radiusM());
        if (cycle != null) {
            maxLoad = Math.max(maxLoad, pose.loadT());
            maxMoment = Math.max(maxMoment, moment);
            maxWind = Math.max(maxWind, wind);
        }
        double tilt = 0.05 + 0.03 * pose.loadT() / chart.maxLoadT() + 0.005 * rnd.nextDouble();
        double clearance = clearanceBaseM + 15 * Math.cos(Math.toRadians(pose.slewDeg() - 90));
        out.telemetry(ts, new Readings()
                .put("load_t", pose.loadT(), 2)
                .put("load_pct", 100 * pose.loadT() / chart.maxLoadT(), 1)
                .put("moment_pct", moment, 1)
                .put("radius_m", pose.radiusM(), 1)
                .put("height_m", pose.heightM(), 1)
                .put("slew_deg", pose.slewDeg(), 1)
                .put("wind_ms", wind, 1)
                .put("tilt_deg", tilt, 2)
                .put("clearance_m", clearance, 1));
    }

    /** True while the current lift is the one forced by an OVERLOAD disturbance (for tests). */
    boolean overloadLift() {
        return cycle != null && overloadLift;
    }

    private void finishCycle(Emitter out) {
        out.event(cycle.endTs(), "work_cycle", new EventData()
                .whole("start_ts", cycle.startTs())
                .whole("end_ts", cycle.endTs())
                .decimal("max_load_t", maxLoad, 2)
                .decimal("max_moment_pct", maxMoment, 1)
                .decimal("max_wind_ms", maxWind, 1));
        nextStart = cycle.endTs() + rnd.nextLong(60_000, 240_000);
        cycle = null;
        maxLoad = 0;
        maxMoment = 0;
        maxWind = 0;
    }
}

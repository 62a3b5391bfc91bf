package io.sitewatch.simulator.model;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.wire.Readings;

import java.util.SplittableRandom;

/**
 * A suspended platform (高处作业吊篮): two winches drive it up and down the facade; because they never
 * run at exactly the same speed the platform tilts along its length, and the operator levels it at
 * 2.5°. Workers wear harnesses clipped to the lifeline; the fall arrester locks above
 * {@code sim.lockDeg} (8°).
 *
 * <p>Normal work: 1–2 people, all clipped in, tilt &lt; 3°, load ≤ 50 %. OVERLOAD: 3 people,
 * 2 harnesses, load {@code magnitude} % of {@code params.ratedLoadKg}. TILT: one winch slips, tilt
 * grows by about 0.5° per 10 s to the lock angle, the arrester locks (fall_arrest = 1) and the
 * platform stays locked until the window ends.
 */
public final class GondolaModel implements DeviceModel {
    private static final double PERSON_KG = 75;
    private static final double LEVEL_AT_DEG = 2.5;

    private final DeviceSpec spec;
    private final SiteContext site;
    private final SplittableRandom rnd;
    private final OperatorShift shift;
    private final double ratedKg;
    private final double lengthM;
    private final double topM;
    private final double speedMs;
    private final double lockDeg;

    private long lastTs = Long.MIN_VALUE;
    private double heightM;
    private double targetM;
    private double tiltDeg;
    private double slipDegPerS;
    private boolean locked;
    private int people;
    private double toolsKg;

    public GondolaModel(DeviceSpec spec, SiteContext site) {
        this.spec = spec;
        this.site = site;
        this.rnd = Seeds.random(site.seed(), spec.deviceId());
        this.shift = new OperatorShift(spec.deviceId(), spec.sim().text("operator", ""), site.disturbances());
        this.ratedKg = spec.params().number("ratedLoadKg", 630);
        this.lengthM = spec.sim().number("lengthM", 6);
        this.topM = spec.sim().number("topHeightM", 60);
        this.speedMs = spec.sim().number("speedMs", 0.15);
        this.lockDeg = spec.sim().number("lockDeg", 8);
    }

    @Override
    public void sample(long ts, Emitter out) {
        double dtS = lastTs == Long.MIN_VALUE ? 0 : (ts - lastTs) / 1000.0;
        lastTs = ts;
        var overload = site.disturbances().active(DisturbanceKind.OVERLOAD, spec.deviceId(), ts);
        var tilt = site.disturbances().active(DisturbanceKind.TILT, spec.deviceId(), ts);
        boolean working = site.schedule().working(ts) || overload.isPresent() || tilt.isPresent();
        shift.update(ts, working, out);

        if (locked && tilt.isEmpty()) {
            locked = false;
            tiltDeg = 0;
        }
        int harnesses;
        if (!working) {
            people = 0;
            targetM = 0;
            harnesses = 0;
        } else if (overload.isPresent()) {
            people = 3;
            harnesses = 2;
            toolsKg = overload.get().magnitude() / 100 * ratedKg - people * PERSON_KG;
        } else {
            if (people == 0 || people > 2) {
                people = rnd.nextInt(1, 3);
                toolsKg = 40 + rnd.nextDouble() * 100;
            }
            harnesses = people;
        }
        move(dtS, working, tilt.isPresent());
        double load = people == 0 ? 0 : people * PERSON_KG + toolsKg;
        out.telemetry(ts, new Readings()
                .put("load_kg", load, 0)
                .put("load_pct", 100 * load / ratedKg, 1)
                .put("people", people, 0)
                .put("tilt_deg", Math.abs(tiltDeg), 1)
                .put("wind_ms", site.weather().windMs(ts, Math.max(heightM, 2)), 1)
                .put("height_m", heightM, 1)
                .flag("fall_arrest", locked)
                .put("harness_count", harnesses, 0));
    }

    private void move(double dtS, boolean working, boolean slipping) {
        if (locked) {
            return;
        }
        if (working && Math.abs(targetM - heightM) < 0.1) {
            targetM = 2 + rnd.nextDouble() * (topM - 4);
            slipDegPerS = (rnd.nextDouble() * 2 - 1) * 0.006;
        }
        double step = Math.min(Math.abs(targetM - heightM), speedMs * dtS);
        heightM += Math.signum(targetM - heightM) * step;
        double moving = speedMs * dtS > 0 ? step / (speedMs * dtS) : 0;
        if (slipping) {
            tiltDeg += 0.05 * dtS;
            if (tiltDeg >= lockDeg) {
                locked = true;
            }
        } else {
            tiltDeg += slipDegPerS * dtS * moving;
            if (Math.abs(tiltDeg) > LEVEL_AT_DEG) {
                tiltDeg = 0.1 * Math.signum(tiltDeg);
            }
        }
    }
}

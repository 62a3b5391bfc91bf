package io.sitewatch.simulator.model;

import java.util.SplittableRandom;

/**
 * One lifting cycle, planned at its start: trolley and slew to the pick point and lower the hook,
 * attach, hoist up, slew, trolley out, set down, release. The pose at any instant is interpolated
 * from the plan, so sampling at any period gives a consistent picture.
 */
final class LiftCycle {
    /** Pose of the hook and what hangs on it. */
    record Pose(double loadT, double radiusM, double heightM, double slewDeg) {
    }

    private static final int TO_PICK = 0;
    private static final int ATTACH = 1;
    private static final int HOIST = 2;
    private static final int SLEW = 3;
    private static final int TROLLEY = 4;
    private static final int LOWER = 5;
    private static final int RELEASE = 6;
    /** The longest a cycle can take: every phase at its longest (see {@link #plan}). */
    static final long MAX_DURATION_MS = 90_000 + 50_000 + 70_000 + 80_000 + 50_000 + 70_000 + 40_000;

    private final long startTs;
    private final long[] phaseEnd = new long[7];
    private final Pose from;
    private final double pickRadius;
    private final double pickSlew;
    private final double setRadius;
    private final double setSlew;
    private final double liftHeight;
    private final double setHeight;
    private final double loadT;

    private LiftCycle(long startTs, long[] durationsMs, Pose from, double pickRadius, double pickSlew,
                      double setRadius, double setSlew, double liftHeight, double setHeight, double loadT) {
        this.startTs = startTs;
        long t = startTs;
        for (int i = 0; i < durationsMs.length; i++) {
            t += durationsMs[i];
            phaseEnd[i] = t;
        }
        this.from = from;
        this.pickRadius = pickRadius;
        this.pickSlew = pickSlew;
        this.setRadius = setRadius;
        this.setSlew = setSlew;
        this.liftHeight = liftHeight;
        this.setHeight = setHeight;
        this.loadT = loadT;
    }

    /**
     * Plans a lift from the current pose. With {@code overloadPct} > 0 the load is chosen so the
     * moment at the set-down radius is exactly that % of the chart; otherwise it stays ≤ 85 %.
     */
    static LiftCycle plan(long startTs, Pose current, LoadChart chart, double jibM, double towerM,
                          double overloadPct, SplittableRandom rnd) {
        long[] d = {
                rnd.nextLong(40_000, 90_000), rnd.nextLong(20_000, 50_000), rnd.nextLong(30_000, 70_000),
                rnd.nextLong(30_000, 80_000), rnd.nextLong(20_000, 50_000), rnd.nextLong(40_000, 70_000),
                rnd.nextLong(20_000, 40_000)};
        double pickR = 6 + rnd.nextDouble() * (jibM * 0.35);
        double setR;
        double load;
        if (overloadPct > 0) {
            setR = jibM * (0.75 + 0.2 * rnd.nextDouble());
            load = overloadPct / 100 * chart.ratedLoadT(setR);
        } else {
            setR = 5 + rnd.nextDouble() * (jibM - 7);
            double worst = chart.ratedLoadT(Math.max(pickR, setR));
            load = (0.35 + 0.65 * rnd.nextDouble()) * 0.85 * worst;
        }
        double pickSlew = rnd.nextDouble() * 360;
        double setSlew = (pickSlew + 40 + rnd.nextDouble() * 140) % 360;
        double lift = Math.min(towerM - 4, 12 + rnd.nextDouble() * (towerM - 16));
        double set = 1 + rnd.nextDouble() * Math.min(25, lift - 2);
        return new LiftCycle(startTs, d, current, pickR, pickSlew, setR, setSlew, lift, set, load);
    }

    long startTs() {
        return startTs;
    }

    long endTs() {
        return phaseEnd[RELEASE];
    }

    Pose at(long ts) {
        int p = phase(ts);
        double f = fraction(p, ts);
        return switch (p) {
            case TO_PICK -> new Pose(0, lerp(from.radiusM(), pickRadius, f), lerp(from.heightM(), 1.5, f),
                    slew(from.slewDeg(), pickSlew, f));
            case ATTACH -> new Pose(0, pickRadius, 1.5, pickSlew);
            case HOIST -> new Pose(loadT, pickRadius, lerp(1.5, liftHeight, f), pickSlew);
            case SLEW -> new Pose(loadT, pickRadius, liftHeight, slew(pickSlew, setSlew, f));
            case TROLLEY -> new Pose(loadT, lerp(pickRadius, setRadius, f), liftHeight, setSlew);
            case LOWER -> new Pose(loadT, setRadius, lerp(liftHeight, setHeight, f), setSlew);
            default -> new Pose(0, setRadius, lerp(setHeight, setHeight + 3, f), setSlew);
        };
    }

    private int phase(long ts) {
        for (int i = 0; i < phaseEnd.length; i++) {
            if (ts < phaseEnd[i]) {
                return i;
            }
        }
        return RELEASE;
    }

    private double fraction(int p, long ts) {
        long begin = p == 0 ? startTs : phaseEnd[p - 1];
        return Math.max(0, Math.min(1, (double) (ts - begin) / (phaseEnd[p] - begin)));
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }

    /** Slews the short way round, result in [0, 360). */
    private static double slew(double a, double b, double f) {
        double delta = ((b - a + 540) % 360) - 180;
        double s = (a + delta * f) % 360;
        return s < 0 ? s + 360 : s;
    }
}

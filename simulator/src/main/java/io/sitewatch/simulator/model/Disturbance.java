package io.sitewatch.simulator.model;

/**
 * A condition imposed on {@code target} (a device id or a site id) during [fromTs, toTs).
 * Meaning of {@code magnitude} and {@code text} depends on the kind, see {@link DisturbanceKind}.
 */
public record Disturbance(DisturbanceKind kind, String target, long fromTs, long toTs, double magnitude, String text) {

    public Disturbance {
        if (toTs <= fromTs) {
            throw new IllegalArgumentException("empty window for " + kind + " on " + target);
        }
    }

    public static Disturbance of(DisturbanceKind kind, String target, long fromTs, long toTs, double magnitude) {
        return new Disturbance(kind, target, fromTs, toTs, magnitude, "");
    }

    public boolean activeAt(long ts) {
        return ts >= fromTs && ts < toTs;
    }

    /** 0 at the window edges rising linearly to 1 in the middle. */
    public double triangle(long ts) {
        if (!activeAt(ts)) {
            return 0;
        }
        double x = (double) (ts - fromTs) / (toTs - fromTs);
        return 1 - Math.abs(2 * x - 1);
    }
}

package io.sitewatch.simulator.model;

/**
 * Deformation that accelerates: extra displacement growing exponentially over an ACCELERATION
 * window to its magnitude, then staying there (ground that moved does not move back).
 */
final class Acceleration {
    /** Larger is a sharper knee; with 4 the last quarter of the window holds ~63 % of the movement. */
    private static final double SHARPNESS = 4;

    private Acceleration() {
    }

    static double extraMm(Disturbances disturbances, String deviceId, long ts) {
        double total = 0;
        for (Disturbance d : disturbances.all()) {
            if (d.kind() != DisturbanceKind.ACCELERATION || !d.target().equals(deviceId) || d.fromTs() > ts) {
                continue;
            }
            double x = Math.min(1, (double) (ts - d.fromTs()) / (d.toTs() - d.fromTs()));
            total += d.magnitude() * Math.expm1(SHARPNESS * x) / Math.expm1(SHARPNESS);
        }
        return total;
    }
}

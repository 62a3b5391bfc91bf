package io.sitewatch.simulator.model;

/**
 * Stateless value noise in [-1, 1] over time: a random level per grid step, smoothly interpolated.
 * Being a pure function of (seed, time) lets every device ask for the weather at any instant.
 */
public final class SmoothNoise {
    private final long seed;
    private final double stepMs;

    public SmoothNoise(long seed, double stepMs) {
        this.seed = seed;
        this.stepMs = stepMs;
    }

    public double at(long tsMillis) {
        double x = tsMillis / stepMs;
        long cell = (long) Math.floor(x);
        double f = x - cell;
        double s = f * f * (3 - 2 * f);
        return level(cell) * (1 - s) + level(cell + 1) * s;
    }

    private double level(long cell) {
        long h = Seeds.scramble(seed + cell * 0x9e3779b97f4a7c15L);
        return (h >>> 11) * 0x1.0p-53 * 2 - 1;
    }
}

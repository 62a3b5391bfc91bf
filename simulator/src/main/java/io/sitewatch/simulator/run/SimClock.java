package io.sitewatch.simulator.run;

import java.util.concurrent.TimeUnit;

/**
 * Maps simulated time onto real time: simulated {@code start} happens when the run starts, and
 * simulated time then runs {@code scale} times faster than the wall clock (1 = real time,
 * 1440 = a day per minute, 0 = as fast as the broker takes it). Timestamps on the wire are always
 * simulated time; the wall clock is only used for pacing.
 */
public final class SimClock {
    private final long simStartMs;
    private final double scale;
    private long realStartNanos;

    public SimClock(long simStartMs, double scale) {
        this.simStartMs = simStartMs;
        this.scale = scale;
    }

    public void begin() {
        realStartNanos = System.nanoTime();
    }

    public boolean unpaced() {
        return scale <= 0 || Double.isInfinite(scale);
    }

    /** Sleeps until the wall clock reaches the moment that corresponds to simulated {@code ts}. */
    public void waitUntil(long ts) throws InterruptedException {
        if (unpaced()) {
            return;
        }
        long dueNanos = realStartNanos + (long) ((ts - simStartMs) * 1_000_000 / scale);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}

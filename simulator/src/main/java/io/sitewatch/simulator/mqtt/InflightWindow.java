package io.sitewatch.simulator.mqtt;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Bounds publishes in flight on one connection; a permit is returned when the publish completes. */
final class InflightWindow {
    private final Semaphore permits;
    private final int size;

    InflightWindow(int size) {
        this.size = size;
        this.permits = new Semaphore(size);
    }

    void acquire() {
        permits.acquireUninterruptibly();
    }

    void release() {
        permits.release();
    }

    /** Waits until nothing is in flight (all permits back), up to the timeout. */
    void awaitEmpty(long timeoutMs) {
        try {
            if (permits.tryAcquire(size, timeoutMs, TimeUnit.MILLISECONDS)) {
                permits.release(size);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

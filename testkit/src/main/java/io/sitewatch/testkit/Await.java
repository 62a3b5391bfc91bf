package io.sitewatch.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests: on a condition, until a deadline, never for a fixed time. This is the one place
 * where a test pauses between two checks (a short park), so no test sleeps to "give something
 * time". A check that something did NOT happen needs a later marker first (a message sent after the
 * one under test, seen arriving): wait here for the marker, then assert.
 */
public final class Await {

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A condition that may fail while it is checked (a query, an HTTP call). */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    private Await() {
    }

    /** Waits until {@code condition} holds; an AssertionError naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        if (!loop(timeout, condition)) {
            throw timedOut(what, timeout, null);
        }
    }

    /**
     * Like {@link #until} for a condition that may throw while what it looks at is not ready (a
     * database restarting, a service starting): an exception counts as "not yet", and the last one
     * is the cause of the AssertionError on timeout.
     */
    public static void untilChecked(String what, Duration timeout, Condition condition) throws InterruptedException {
        Exception[] last = new Exception[1];
        if (!loop(timeout, guarded(condition, last, false))) {
            throw timedOut(what, timeout, last[0]);
        }
    }

    /**
     * Checks {@code condition} until it holds or {@code timeout} has passed, and says which: for a
     * caller that reports a timeout its own way. An exception from the condition ends the wait.
     */
    public static boolean poll(Duration timeout, Condition condition) throws Exception {
        Exception[] thrown = new Exception[1];
        boolean met = loop(timeout, guarded(condition, thrown, true));
        if (thrown[0] != null) {
            throw thrown[0];
        }
        return met;
    }

    /** The condition, its failure kept in {@code failure[0]} and taken as {@code stop} (end the wait, or not yet). */
    private static BooleanSupplier guarded(Condition condition, Exception[] failure, boolean stop) {
        return () -> {
            try {
                return condition.met();
            } catch (Exception e) {
                failure[0] = e;
                return stop;
            }
        };
    }

    private static boolean loop(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting");
            }
        }
        return true;
    }

    private static AssertionError timedOut(String what, Duration timeout, Exception cause) {
        return new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                + (cause == null ? "" : " (last check: " + cause + ")"), cause);
    }
}

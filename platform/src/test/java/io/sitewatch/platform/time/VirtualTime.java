package io.sitewatch.platform.time;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A clock and timers that move only when a test says so. {@link #advanceTo} fires every timer
 * that comes due on the way, in due order (and in the order set when due together), each with
 * the clock showing its due time. Timers set while firing fire in the same advance if they come
 * due by its end. Single-threaded: use it from the thread that drives the code under test.
 */
public final class VirtualTime implements InstantSource, Timers {

    private record Due(long at, long id, Runnable action) {
    }

    private final PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::id));
    private long now;
    private long nextId;

    public VirtualTime(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    @Override
    public long setTimer(long delayMs, Runnable action) {
        long id = nextId++;
        due.add(new Due(now + Math.max(1, delayMs), id, action));
        return id;
    }

    @Override
    public boolean cancel(long id) {
        return due.removeIf(d -> d.id() == id);
    }

    /** Moves the clock to {@code millis}, firing the timers due by then. */
    public void advanceTo(long millis) {
        if (millis < now) {
            throw new IllegalArgumentException("virtual time does not go back: " + millis + " < " + now);
        }
        while (!due.isEmpty() && due.peek().at() <= millis) {
            Due d = due.poll();
            now = d.at();
            d.action().run();
        }
        now = millis;
    }

    public void advance(long ms) {
        advanceTo(now + ms);
    }

    /** Timers set and not yet fired or cancelled. */
    public int pending() {
        return due.size();
    }
}

package io.sitewatch.simulator.run;

import java.util.concurrent.atomic.AtomicLong;

/** What a fleet or scenario run produced (independent of what the broker acknowledged). */
public final class RunStats {
    private final AtomicLong telemetry = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong backlogArrays = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong raw = new AtomicLong();
    private final AtomicLong statuses = new AtomicLong();
    private final AtomicLong withheld = new AtomicLong();

    void telemetry() {
        telemetry.incrementAndGet();
    }

    void buffered() {
        buffered.incrementAndGet();
    }

    void backlogArray() {
        backlogArrays.incrementAndGet();
    }

    void event() {
        events.incrementAndGet();
    }

    void raw() {
        raw.incrementAndGet();
    }

    void status() {
        statuses.incrementAndGet();
    }

    /** A sample or event a silent (broken) monitor never sent. */
    void withheld() {
        withheld.incrementAndGet();
    }

    public long samples() {
        return telemetry.get() + buffered.get();
    }

    public long events() {
        return events.get();
    }

    public long statuses() {
        return statuses.get();
    }

    @Override
    public String toString() {
        return "samples=" + (telemetry.get() + buffered.get()) + " (buffered " + buffered.get() + " sent in "
                + backlogArrays.get() + " arrays) events=" + events.get() + " raw=" + raw.get()
                + (statuses.get() > 0 ? " statuses=" + statuses.get() : "")
                + (withheld.get() > 0 ? " withheld=" + withheld.get() : "");
    }
}

package io.sitewatch.platform.time;

import io.vertx.core.Vertx;

/**
 * One-shot timers, for the modules whose logic waits (the alarm engine's offline watch, write
 * retries and last-seen saving; the notifications' escalation watch and dispatcher). An interface
 * so that tests run them on a virtual clock; in the service they are Vert.x timers, fired on the
 * context (event loop) that set them, so state owned by one loop stays on it.
 */
public interface Timers {

    /** Runs {@code action} once, {@code delayMs} from now (at least 1 ms, as Vert.x requires); returns its id. */
    long setTimer(long delayMs, Runnable action);

    /** Cancels a timer that has not fired; false if it had fired or was unknown. */
    boolean cancel(long id);

    /** Vert.x timers: a timer set on an event loop fires on that loop. */
    static Timers of(Vertx vertx) {
        return new Timers() {
            @Override
            public long setTimer(long delayMs, Runnable action) {
                return vertx.setTimer(Math.max(1, delayMs), id -> action.run());
            }

            @Override
            public boolean cancel(long id) {
                return vertx.cancelTimer(id);
            }
        };
    }
}

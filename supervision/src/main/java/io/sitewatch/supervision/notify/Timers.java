package io.sitewatch.supervision.notify;

import io.vertx.core.Vertx;

/**
 * One-shot timers for the escalation watch and the dispatcher. An interface so that tests run
 * them on a virtual clock; in the service they are Vert.x timers, fired on the context that set
 * them.
 */
public interface Timers {

    /** Runs {@code action} once, {@code delayMs} from now (at least 1 ms, as Vert.x requires); returns its id. */
    long setTimer(long delayMs, Runnable action);

    /** Cancels a timer that has not fired; false if it had fired or was unknown. */
    boolean cancel(long id);

    /** Vert.x timers. */
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

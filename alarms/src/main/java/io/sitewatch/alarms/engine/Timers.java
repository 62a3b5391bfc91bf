package io.sitewatch.alarms.engine;

/**
 * One-shot timers for the alarm engine: the offline watch, write retries and last-seen saving.
 * It is an interface so that tests can run these timers on a virtual clock. In the service they
 * are Vert.x timers ({@link VertxTimers}), fired on the event loop that set them, so a shard's
 * state stays on one thread.
 */
interface Timers {

    /** Runs {@code action} once, {@code delayMs} from now (at least 1 ms, as Vert.x requires); returns its id. */
    long setTimer(long delayMs, Runnable action);

    /** Cancels a timer that has not fired; false if it had fired or was unknown. */
    boolean cancel(long id);
}

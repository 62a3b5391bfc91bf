package io.sitewatch.alarms.engine;

import io.vertx.core.Vertx;

/** {@link Timers} on Vert.x: a timer set on a shard's event loop fires on that loop. */
record VertxTimers(Vertx vertx) implements Timers {

    @Override
    public long setTimer(long delayMs, Runnable action) {
        return vertx.setTimer(Math.max(1, delayMs), id -> action.run());
    }

    @Override
    public boolean cancel(long id) {
        return vertx.cancelTimer(id);
    }
}

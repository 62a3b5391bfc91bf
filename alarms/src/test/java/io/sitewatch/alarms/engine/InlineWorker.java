package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.VirtualTime;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * A writer thread that runs each blocking call at once on the caller's thread, and counts
 * them: with {@link VirtualTime}, the writer's retries and the last-seen saving run
 * deterministically in a test.
 */
final class InlineWorker implements WorkerExecutor {

    int calls;

    @Override
    public <T> Future<T> executeBlocking(Callable<T> blocking, boolean ordered) {
        calls++;
        try {
            return Future.succeededFuture(blocking.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}

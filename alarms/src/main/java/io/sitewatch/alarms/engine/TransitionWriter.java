package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.Timers;

import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a shard's transitions to the {@link AlarmStore} in the order they happened, one batch at
 * a time on the shard's writer thread. Only a stored transition is published to the live feed and
 * completes the acknowledgement that asked for it, so nobody sees an alarm that a restart would
 * not find. A failed write waits for its retry timer (100 ms doubling to 5 s), and new
 * transitions queue up behind it.
 */
final class TransitionWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TransitionWriter.class);
    private static final int BATCH = 500;
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5000;

    private record Pending(AlarmChange change, Promise<Alarm> done) {
    }

    private final AlarmStore store;
    private final AlarmMetrics metrics;
    private final Consumer<AlarmChange> publish;
    private final Timers timers;
    private final InstantSource clock;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Null until {@link #start}: a shard that is not deployed (a test, a benchmark) only queues. */
    private WorkerExecutor worker;
    private boolean writing;
    /** A failed write waits for its retry timer: new transitions queue up behind it meanwhile. */
    private boolean retrying;
    private long retryMs = FIRST_RETRY_MS;
    private boolean stopped;

    TransitionWriter(AlarmStore store, AlarmMetrics metrics, Consumer<AlarmChange> publish, Timers timers,
                     InstantSource clock) {
        this.store = store;
        this.metrics = metrics;
        this.publish = publish;
        this.timers = timers;
        this.clock = clock;
    }

    /** Writes from now on, on {@code worker} (one thread, ordered calls). */
    void start(WorkerExecutor worker) {
        this.worker = worker;
    }

    /** Queues a transition; {@code done} (or null) completes with the alarm once it is stored. */
    void add(AlarmChange change, Promise<Alarm> done) {
        queue.add(new Pending(change, done));
    }

    /** Writes queued transitions in order (one batch at a time), then publishes them. */
    void flush() {
        if (worker == null || writing || retrying || queue.isEmpty() || stopped) {
            return;
        }
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), BATCH));
        while (!queue.isEmpty() && batch.size() < BATCH) {
            batch.add(queue.poll());
        }
        writing = true;
        List<AlarmChange> changes = batch.stream().map(Pending::change).toList();
        worker.executeBlocking(() -> {
            store.apply(changes);
            return null;
        }, true).onComplete(ar -> {
            writing = false;
            if (ar.succeeded()) {
                retryMs = FIRST_RETRY_MS;
                long now = clock.millis();
                for (Pending p : batch) {
                    publish.accept(p.change());
                    metrics.emitted(p.change(), now);
                    if (p.done() != null) {
                        p.done().complete(p.change().alarm());
                    }
                }
                flush();
            } else {
                metrics.storeError();
                LOG.warn("storing {} alarm transitions failed, retrying in {} ms: {}", batch.size(), retryMs,
                        ar.cause().toString());
                for (int i = batch.size() - 1; i >= 0; i--) {
                    queue.addFirst(batch.get(i));
                }
                long delay = retryMs;
                retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
                retrying = true;
                timers.setTimer(delay, () -> {
                    retrying = false;
                    flush();
                });
            }
        });
    }

    /** Takes the queued transitions without writing them: for a benchmark or test that runs without a store. */
    List<AlarmChange> drain() {
        List<AlarmChange> out = queue.stream().map(Pending::change).toList();
        queue.clear();
        return out;
    }

    /** Stops writing; returns what is still queued, for the shard's last write. */
    List<AlarmChange> stop() {
        stopped = true;
        return queue.stream().map(Pending::change).toList();
    }
}

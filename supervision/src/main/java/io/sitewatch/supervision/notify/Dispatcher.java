package io.sitewatch.supervision.notify;

import io.sitewatch.core.config.Notifications;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds, at least once. A worker verticle of its own (deployed on the
 * {@code sitewatch-notify-dispatch} pool), so slow or dead channels hold up nobody but it: each
 * round takes at most {@code batchSize} due messages under a lease, sends each with its channel's
 * timeout and records the outcome at once; a failure is tried again after {@code firstRetryMs},
 * doubling up to {@code maxRetryMs}, until {@code maxAttempts}, then kept as failed. A channel that
 * fails once is not tried again in the same round (its other messages wait for the next), so a dead
 * channel costs one timeout per round. A message whose dispatcher stopped mid-send is taken again
 * when its lease runs out, and may then arrive twice: receivers drop it by its idempotency key.
 */
public final class Dispatcher extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final Notifications.Delivery delivery;
    private final NotifyMetrics metrics;
    private final InstantSource clock;
    private volatile boolean stopped;
    private long timer = -1;

    Dispatcher(Outbox outbox, Map<String, Channel> channels, Notifications.Delivery delivery, NotifyMetrics metrics,
               InstantSource clock) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.delivery = delivery;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        schedule(0);
        return Future.succeededFuture();
    }

    /** Runs on this verticle's context after any round in progress, so that round's outcomes are recorded. */
    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void schedule(long delayMs) {
        if (!stopped) {
            timer = vertx.setTimer(Math.max(1, delayMs), id -> {
                int taken = round();
                schedule(taken >= delivery.batchSize() ? 1 : delivery.pollMs());
            });
        }
    }

    /** One round (blocking, on the worker): returns how many messages it took. */
    int round() {
        long now = clock.millis();
        List<Message> batch;
        try {
            batch = outbox.take(now, now + delivery.leaseMs(), delivery.batchSize());
            metrics.waiting(outbox.queued());
        } catch (RuntimeException e) {
            LOG.warn("notification queue not readable, trying again in {} ms: {}", delivery.pollMs(), e.getMessage());
            return 0;
        }
        Set<String> failedThisRound = new HashSet<>();
        for (Message m : batch) {
            try {
                deliver(m, failedThisRound);
            } catch (RuntimeException e) {
                // The outcome could not be recorded: the lease runs out and the message is taken again.
                LOG.warn("notification {} sent or not, its outcome is not stored: {}", m.id(), e.getMessage());
            }
        }
        return batch.size();
    }

    private void deliver(Message m, Set<String> failedThisRound) {
        Channel channel = channels.get(m.channel());
        long now = clock.millis();
        if (channel == null) {
            outbox.failed(m.id(), "no channel named " + m.channel() + " in the configuration", null);
            metrics.failed(m.channel(), true);
            return;
        }
        if (stopped || failedThisRound.contains(m.channel())) {
            outbox.putBack(m.id(), now);
            return;
        }
        Channel.Outcome outcome;
        try {
            outcome = channel.send(m);
        } catch (RuntimeException e) {
            outcome = Channel.Outcome.failed(e.toString());
        }
        now = clock.millis();
        if (outcome.sent()) {
            outbox.sent(m.id(), now);
            metrics.sent(m.channel());
            return;
        }
        failedThisRound.add(m.channel());
        int attempts = m.attempts() + 1;
        boolean gaveUp = attempts >= delivery.maxAttempts();
        Long retryAt = gaveUp ? null : now + backoff(attempts, delivery);
        outbox.failed(m.id(), outcome.error(), retryAt);
        metrics.failed(m.channel(), gaveUp);
        if (gaveUp) {
            LOG.warn("notification {} ({} via {}) failed {} times, giving up: {}", m.id(), m.event(), m.channel(), attempts,
                    outcome.error());
        } else {
            LOG.info("notification {} ({} via {}) failed (attempt {}), next in {} ms: {}", m.id(), m.event(), m.channel(),
                    attempts, retryAt - now, outcome.error());
        }
    }

    /** The wait after the {@code attempts}-th failure: firstRetryMs, doubled each time, at most maxRetryMs. */
    static long backoff(int attempts, Notifications.Delivery d) {
        int doublings = Math.min(attempts - 1, 40);
        double wait = d.firstRetryMs() * Math.pow(2, doublings);
        return (long) Math.min(wait, d.maxRetryMs());
    }
}

package io.sitewatch.supervision.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** Meters of notifications. Tags: event and channel (both from a fixed list or the configuration), never a recipient. */
public final class NotifyMetrics {

    public static final String QUEUED = "sitewatch.notifications.queued";
    public static final String SENT = "sitewatch.notifications.sent";
    public static final String FAILED = "sitewatch.notifications.failed";
    public static final String WAITING = "sitewatch.notifications.waiting";
    public static final String ESCALATIONS = "sitewatch.notifications.escalations";
    public static final String TRIGGER_ERRORS = "sitewatch.notifications.trigger.errors";

    private final MeterRegistry registry;
    private final AtomicLong waiting = new AtomicLong();
    private final Counter escalations;
    private final Counter triggerErrors;

    public NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(WAITING, waiting, AtomicLong::get).description("Notifications in the queue waiting to be sent")
                .register(registry);
        escalations = Counter.builder(ESCALATIONS).description("Escalation steps taken (the next on-call person told)")
                .register(registry);
        triggerErrors = Counter.builder(TRIGGER_ERRORS)
                .description("Failed attempts to queue notifications of an alarm or hazard change (retried)").register(registry);
    }

    void queued(String event, int n) {
        if (n > 0) {
            Counter.builder(QUEUED).tag("event", event).description("Notifications queued").register(registry).increment(n);
        }
    }

    void sent(String channel) {
        Counter.builder(SENT).tag("channel", channel).description("Notifications delivered").register(registry).increment();
    }

    /** A failed attempt; {@code gaveUp}: it was the last one, the message stays failed. */
    void failed(String channel, boolean gaveUp) {
        Counter.builder(FAILED).tag("channel", channel).tag("outcome", gaveUp ? "gave_up" : "retry")
                .description("Failed delivery attempts").register(registry).increment();
    }

    void waiting(long n) {
        waiting.set(n);
    }

    void escalated() {
        escalations.increment();
    }

    void triggerError() {
        triggerErrors.increment();
    }
}

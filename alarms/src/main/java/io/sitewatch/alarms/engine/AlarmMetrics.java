package io.sitewatch.alarms.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.Transition;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Meters of the alarm engine and live feed. Tags: rule id and level (bounded), never a device. */
public final class AlarmMetrics {

    public static final String RAISED = "sitewatch.alarms.raised";
    public static final String TRANSITIONS = "sitewatch.alarms.transitions";
    public static final String OPEN = "sitewatch.alarms.open";
    public static final String LATENCY = "sitewatch.alarm.evaluation.latency";
    public static final String LATE = "sitewatch.alarm.late.samples";
    public static final String STORE_ERRORS = "sitewatch.alarm.store.errors";
    public static final String STREAM_CLIENTS = "sitewatch.alarm.stream.clients";
    public static final String STREAM_DROPPED = "sitewatch.alarm.stream.disconnected.slow";

    private final MeterRegistry registry;
    private final Map<Level, AtomicInteger> open = new EnumMap<>(Level.class);
    private final Timer latency;
    private final Counter late;
    private final Counter storeErrors;
    private final AtomicInteger streamClients = new AtomicInteger();
    private final Counter streamDropped;

    public AlarmMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Level l : Level.values()) {
            AtomicInteger n = new AtomicInteger();
            open.put(l, n);
            Gauge.builder(OPEN, n, AtomicInteger::get).tag("level", l.code()).description("Open alarms by level").register(registry);
        }
        latency = Timer.builder(LATENCY).description("Message received to alarm event emitted (stored and published)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        late = Counter.builder(LATE).description("Samples stored but too late to evaluate").register(registry);
        storeErrors = Counter.builder(STORE_ERRORS).description("Failed alarm writes (retried)").register(registry);
        Gauge.builder(STREAM_CLIENTS, streamClients, AtomicInteger::get).description("Connected SSE clients").register(registry);
        streamDropped = Counter.builder(STREAM_DROPPED)
                .description("SSE clients disconnected because they did not keep up").register(registry);
    }

    /** Counts a persisted and published change. */
    void emitted(AlarmChange c, long now) {
        Counter.builder(TRANSITIONS).tag("transition", c.transition().code()).register(registry).increment();
        if (c.transition() == Transition.RAISED) {
            Counter.builder(RAISED).tag("rule", c.alarm().rule()).tag("level", c.alarm().level().code())
                    .description("Alarms raised by rule and level").register(registry).increment();
        }
        if (c.receivedAt() > 0) {
            latency.record(Math.max(0, now - c.receivedAt()), TimeUnit.MILLISECONDS);
        }
    }

    void openChanged(Level level, int delta) {
        open.get(level).addAndGet(delta);
    }

    void late() {
        late.increment();
    }

    void storeError() {
        storeErrors.increment();
    }

    public void streamClient(int delta) {
        streamClients.addAndGet(delta);
    }

    public void streamDropped() {
        streamDropped.increment();
    }
}

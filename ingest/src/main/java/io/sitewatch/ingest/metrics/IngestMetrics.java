package io.sitewatch.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sitewatch.core.model.Channel;
import io.sitewatch.core.model.RejectReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest pipeline's meters, registered once. Tags are bounded (channel, reason); never a
 * device or site id.
 */
public final class IngestMetrics {

    public static final String RECEIVED = "sitewatch.ingest.messages.received";
    public static final String ACCEPTED = "sitewatch.ingest.messages.accepted";
    public static final String REJECTED = "sitewatch.ingest.messages.rejected";
    public static final String DUPLICATES = "sitewatch.ingest.duplicates";
    public static final String VALUES_STORED = "sitewatch.ingest.values.stored";
    public static final String UNKNOWN_METRIC_VALUES = "sitewatch.ingest.unknown.metric.values";
    public static final String UNKNOWN_EVENT_TYPES = "sitewatch.ingest.unknown.event.types";
    public static final String BATCH_SIZE = "sitewatch.ingest.batch.size";
    public static final String COMMIT = "sitewatch.ingest.commit";
    public static final String PENDING = "sitewatch.ingest.writer.queue.depth";
    public static final String LAG = "sitewatch.ingest.lag";
    public static final String STORE_ERRORS = "sitewatch.ingest.store.errors";
    public static final String PAUSED = "sitewatch.ingest.paused";
    public static final String BROKER_CONNECTED = "sitewatch.mqtt.connected";
    public static final String CONNECTION_LOSSES = "sitewatch.mqtt.connection.losses";

    private final Map<Channel, Counter> received = new EnumMap<>(Channel.class);
    private final Map<Channel, Counter> accepted = new EnumMap<>(Channel.class);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter receivedUnparsedTopic;
    private final Counter duplicateValues;
    private final Counter duplicateEvents;
    private final Counter valuesStored;
    private final Counter unknownMetricValues;
    private final Counter unknownEventTypes;
    private final DistributionSummary batchSize;
    private final Timer commit;
    private final Timer lag;
    private final Counter storeErrors;
    private final Counter connectionLosses;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicInteger paused = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        for (Channel c : Channel.values()) {
            received.put(c, Counter.builder(RECEIVED).tag("channel", c.wireName())
                    .description("MQTT messages received").register(registry));
            accepted.put(c, Counter.builder(ACCEPTED).tag("channel", c.wireName())
                    .description("Messages validated and committed").register(registry));
        }
        receivedUnparsedTopic = Counter.builder(RECEIVED).tag("channel", "unknown")
                .description("MQTT messages received").register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder(REJECTED).tag("reason", r.code())
                    .description("Messages rejected to the dead-letter store, by reason").register(registry));
        }
        duplicateValues = Counter.builder(DUPLICATES).tag("what", "value")
                .description("Values or events already stored (QoS 1 redelivery, re-sent buffer)").register(registry);
        duplicateEvents = Counter.builder(DUPLICATES).tag("what", "event")
                .description("Values or events already stored (QoS 1 redelivery, re-sent buffer)").register(registry);
        valuesStored = Counter.builder(VALUES_STORED).description("Telemetry values newly stored").register(registry);
        unknownMetricValues = Counter.builder(UNKNOWN_METRIC_VALUES)
                .description("Stored values of metrics the device's kind does not list").register(registry);
        unknownEventTypes = Counter.builder(UNKNOWN_EVENT_TYPES)
                .description("Stored events of types the protocol version does not list").register(registry);
        batchSize = DistributionSummary.builder(BATCH_SIZE).baseUnit("messages")
                .description("Messages per committed batch").publishPercentileHistogram().register(registry);
        commit = Timer.builder(COMMIT).description("Time to write and commit one batch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        lag = Timer.builder(LAG).description("Device timestamp to commit, newest sample of each telemetry message")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        storeErrors = Counter.builder(STORE_ERRORS).description("Failed batch writes (retried)").register(registry);
        Gauge.builder(PENDING, pending, AtomicLong::get)
                .description("Messages received but not yet committed").register(registry);
        Gauge.builder(PAUSED, paused, AtomicInteger::get)
                .description("1 while reading from the broker is paused for backpressure").register(registry);
        Gauge.builder(BROKER_CONNECTED, connected, AtomicInteger::get)
                .description("1 while the consumer is connected to the broker").register(registry);
        // A consumer that reconnects and is thrown out again within seconds (a broker past its
        // memory_limit, a second instance with the same client id) is mostly "connected" when
        // scraped; the count of losses shows it (docs/broker.md).
        connectionLosses = Counter.builder(CONNECTION_LOSSES)
                .description("Times the consumer lost its broker connection (not counting its own shutdown)").register(registry);
    }

    public void received(Channel channel) {
        (channel == null ? receivedUnparsedTopic : received.get(channel)).increment();
    }

    public void accepted(Channel channel, int messages) {
        if (messages > 0) {
            accepted.get(channel).increment(messages);
        }
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void unknownMetricValues(int n) {
        unknownMetricValues.increment(n);
    }

    public void unknownEventType() {
        unknownEventTypes.increment();
    }

    public void committed(int messages, long valuesInserted, long duplicateValueCount, int duplicateEventCount,
                          long commitNanos) {
        batchSize.record(messages);
        commit.record(commitNanos, TimeUnit.NANOSECONDS);
        valuesStored.increment(valuesInserted);
        duplicateValues.increment(duplicateValueCount);
        duplicateEvents.increment(duplicateEventCount);
    }

    public void lag(long millis) {
        lag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void storeError() {
        storeErrors.increment();
    }

    public void pendingChanged(long delta) {
        pending.addAndGet(delta);
    }

    public void paused(boolean on) {
        paused.set(on ? 1 : 0);
    }

    public void connected(boolean on) {
        connected.set(on ? 1 : 0);
    }

    public void connectionLost() {
        connectionLosses.increment();
    }

    public boolean isConnected() {
        return connected.get() == 1;
    }

    public long pending() {
        return pending.get();
    }
}

package io.sitewatch.simulator.load;

import io.sitewatch.simulator.model.Seeds;
import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.mqtt.PublishCounters;
import io.sitewatch.simulator.mqtt.PublisherFactory;
import io.sitewatch.simulator.wire.Topics;
import io.sitewatch.simulator.wire.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Load mode: many simulated devices multiplexed over a few connections (it is a load generator,
 * not a fleet: the broker sees {@code publishers} clients, the service sees {@code devices} device
 * ids in the topics). Each connection has its own thread, paced to its share of the total rate.
 */
public final class LoadGenerator {
    private static final long DRAIN_MS = 30_000;

    private final LoadSpec spec;
    private final PublisherFactory factory;

    public LoadGenerator(LoadSpec spec, PublisherFactory factory) {
        this.spec = spec;
        this.factory = factory;
    }

    /** Runs the load; {@code progress} gets a line every second. */
    public LoadReport run(Consumer<String> progress) throws InterruptedException {
        PublishCounters counters = factory.counters();
        List<DevicePublisher> sessions = new ArrayList<>();
        for (int k = 0; k < spec.publishers(); k++) {
            sessions.add(factory.connect(spec.sitePrefix() + "-LOADGEN-" + (k + 1), null, null));
        }
        CountDownLatch done = new CountDownLatch(spec.publishers());
        AtomicLong lastPublishNanos = new AtomicLong();
        long startNanos = System.nanoTime();
        long endNanos = startNanos + spec.duration().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < spec.publishers(); k++) {
            int index = k;
            Thread t = new Thread(() -> {
                try {
                    publishLoop(index, sessions.get(index), startNanos, endNanos);
                } finally {
                    lastPublishNanos.accumulateAndGet(System.nanoTime(), Math::max);
                    done.countDown();
                }
            }, "sitewatch-load-" + (k + 1));
            threads.add(t);
            t.start();
        }
        long lastSent = 0;
        while (!done.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            long sent = counters.sentCount();
            progress.accept(String.format(Locale.ROOT, "t=%5.1fs sent=%d (%d/s) acked=%d errors=%d",
                    (System.nanoTime() - startNanos) / 1e9, sent, sent - lastSent, counters.ackedCount(),
                    counters.errorCount()));
            lastSent = sent;
        }
        double seconds = (lastPublishNanos.get() - startNanos) / 1e9;
        long drainUntil = System.currentTimeMillis() + DRAIN_MS;
        for (DevicePublisher s : sessions) {
            s.drain(Math.max(1, drainUntil - System.currentTimeMillis()));
        }
        LoadReport report = new LoadReport(counters.sentCount(), counters.ackedCount(), counters.errorCount(),
                seconds, counters.sentCount() / seconds, spec.qos());
        sessions.forEach(DevicePublisher::close);
        return report;
    }

    private void publishLoop(int index, DevicePublisher session, long startNanos, long endNanos) {
        List<String> topics = new ArrayList<>();
        for (int d = index; d < spec.devices(); d += spec.publishers()) {
            topics.add(Topics.telemetry(LoadFleet.siteId(spec.sitePrefix(), d), LoadFleet.deviceId(spec.sitePrefix(), d)));
        }
        long[] seq = new long[topics.size()];
        LoadSamples samples = new LoadSamples(spec.kind(), Seeds.random(spec.seed(), "load/" + index));
        double perThread = spec.ratePerS() / spec.publishers();
        double nanosPerMessage = perThread > 0 ? 1e9 / perThread : 0;
        long i = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= endNanos) {
                return;
            }
            long due = startNanos + (long) (i * nanosPerMessage);
            if (due > now) {
                LockSupport.parkNanos(Math.min(due - now, endNanos - now));
                continue;
            }
            int device = (int) (i % topics.size());
            seq[device] = (seq[device] + 1) & 0xffffffffL;
            String json = WireFormat.sample(System.currentTimeMillis(), seq[device], samples.next());
            session.publish(topics.get(device), WireFormat.utf8(json), spec.qos(), false);
            i++;
        }
    }
}

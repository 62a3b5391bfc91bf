package io.sitewatch.simulator.run;

import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.DeviceModels;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.model.Seeds;
import io.sitewatch.simulator.model.SiteContext;
import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.mqtt.PublisherFactory;
import io.sitewatch.simulator.wire.Topics;
import io.sitewatch.simulator.wire.WireFormat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs a fleet over simulated time [startTs, endTs): connects each device (retained online status,
 * retained offline last will), then steps devices and raw messages in simulated-time order on one
 * thread, paced by the {@link SimClock}. One thread and a fixed order make a run with a given seed
 * publish the same bytes in the same order every time.
 */
public final class FleetRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FleetRunner.class.getName());
    private static final long DRAIN_MS = 30_000;

    private final Fleet fleet;
    private final long seed;
    private final Disturbances disturbances;
    private final List<RawMessage> rawMessages;
    private final PublisherFactory factory;
    private final long startTs;
    private final long endTs;
    private final SimClock clock;
    private final int telemetryQos;
    private final RunStats stats = new RunStats();
    private volatile boolean stopping;
    private Thread worker;

    public FleetRunner(Fleet fleet, long seed, Disturbances disturbances, List<RawMessage> rawMessages,
                       PublisherFactory factory, long startTs, long endTs, double timeScale, int telemetryQos) {
        this.fleet = fleet;
        this.seed = seed;
        this.disturbances = disturbances;
        this.rawMessages = new ArrayList<>(rawMessages);
        this.rawMessages.sort(Comparator.comparingLong(RawMessage::ts));
        this.factory = factory;
        this.startTs = startTs;
        this.endTs = endTs;
        this.clock = new SimClock(startTs, timeScale);
        this.telemetryQos = telemetryQos;
    }

    public RunStats stats() {
        return stats;
    }

    /** Runs in a background thread; {@link #close()} stops it and disconnects every device. */
    public FleetRunner start() {
        worker = new Thread(this::runQuietly, "sitewatch-fleet");
        worker.setDaemon(true);
        worker.start();
        return this;
    }

    /** Runs to the end of the simulated window in the calling thread. */
    public RunStats run() throws InterruptedException {
        List<DeviceRuntime> devices = connect();
        Map<String, DevicePublisher> sessions = new HashMap<>();
        devices.forEach(d -> sessions.put(d.spec().deviceId(), d.publisher()));
        try {
            clock.begin();
            loop(devices, sessions);
        } finally {
            disconnect(devices, sessions);
        }
        return stats;
    }

    @Override
    public void close() {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(DRAIN_MS + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop(List<DeviceRuntime> devices, Map<String, DevicePublisher> sessions)
            throws InterruptedException {
        PriorityQueue<DeviceRuntime> due = new PriorityQueue<>(Comparator.comparingLong(DeviceRuntime::nextTs)
                .thenComparing(d -> d.spec().deviceId()));
        due.addAll(devices);
        int rawIndex = 0;
        while (!stopping) {
            long deviceTs = due.isEmpty() ? Long.MAX_VALUE : due.peek().nextTs();
            long rawTs = rawIndex < rawMessages.size() ? rawMessages.get(rawIndex).ts() : Long.MAX_VALUE;
            long ts = Math.min(deviceTs, rawTs);
            if (ts >= endTs) {
                return;
            }
            clock.waitUntil(ts);
            if (rawTs < deviceTs) {
                RawMessage m = rawMessages.get(rawIndex++);
                DevicePublisher session = sessions.computeIfAbsent(m.clientId(), id -> factory.connect(id, null, null));
                session.publish(m.topic(), m.payload(), m.qos(), false);
                stats.raw();
            } else {
                DeviceRuntime d = due.poll();
                d.fire();
                due.add(d);
            }
        }
    }

    private List<DeviceRuntime> connect() {
        List<DeviceRuntime> devices = new ArrayList<>();
        for (SiteSpec site : fleet.sites()) {
            SiteContext context = SiteContext.of(fleet, site, seed, disturbances);
            for (DeviceSpec spec : site.devices()) {
                String status = Topics.status(site.siteId(), spec.deviceId());
                DevicePublisher publisher = factory.connect(spec.deviceId(), status,
                        WireFormat.utf8(WireFormat.willOffline()));
                publisher.publish(status, WireFormat.utf8(WireFormat.online(startTs)), 1, true);
                long phase = Seeds.random(seed, "phase/" + spec.deviceId()).nextLong(spec.periodS() * 1000L);
                devices.add(new DeviceRuntime(spec, DeviceModels.create(spec, context), publisher, disturbances,
                        stats, telemetryQos, startTs + phase));
            }
        }
        return devices;
    }

    private void disconnect(List<DeviceRuntime> devices, Map<String, DevicePublisher> sessions) {
        long stopTs = Math.min(endTs, devices.stream().mapToLong(DeviceRuntime::nextTs).min().orElse(endTs));
        for (DeviceRuntime d : devices) {
            d.publisher().publish(Topics.status(d.spec().siteId(), d.spec().deviceId()),
                    WireFormat.utf8(WireFormat.offline(stopTs)), 1, true);
        }
        for (DevicePublisher p : sessions.values()) {
            p.drain(DRAIN_MS);
            p.close();
        }
    }

    private void runQuietly() {
        try {
            run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "fleet run failed", e);
        }
    }
}

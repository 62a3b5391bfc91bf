package io.sitewatch.simulator.run;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.FreeForm;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.DeviceModels;
import io.sitewatch.simulator.model.Disturbance;
import io.sitewatch.simulator.model.DisturbanceKind;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.model.PowerPlan;
import io.sitewatch.simulator.model.Seeds;
import io.sitewatch.simulator.model.SiteContext;
import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.mqtt.PublisherFactory;
import io.sitewatch.simulator.wire.Topics;
import io.sitewatch.simulator.wire.WireFormat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs a fleet over simulated time [startTs, endTs): connects each device (retained online status,
 * retained offline last will), then steps devices and raw messages in simulated-time order on one
 * thread, paced by the {@link SimClock}. One thread and a fixed order make a run with a given seed
 * publish the same bytes in the same order every time.
 *
 * <p>{@link Options#realSite()} plays the sites as they work: their calendars and working hours,
 * machines and recorders switched off outside them (see {@link PowerPlan}), and the days a device's
 * {@code sim.silent} names as a broken monitor. {@link Options#upload()} sends a site's history
 * instead of living it: one connection per site ({@code <siteId>-history}), samples as arrays ahead
 * of the events and statuses that follow them, statuses not retained, no last will, nothing said
 * at the end.
 */
public final class FleetRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FleetRunner.class.getName());
    private static final long DRAIN_MS = 30_000;
    private static final double TYPHOON_WIND_MS = 16;

    /**
     * How a run plays its fleet.
     *
     * @param realSite   sites keep their calendars and devices their power plans (else every device
     *                   reports around the clock, every day)
     * @param upload     history uploaded as arrays over one connection per site
     * @param untilNow   stop when simulated time reaches the wall clock (history up to now)
     * @param throttle   called before each message of an upload
     */
    public record Options(boolean realSite, boolean upload, boolean untilNow, Throttle throttle) {
        /** Scenarios and tests: every device around the clock, live. */
        public static final Options AROUND_THE_CLOCK = new Options(false, false, false, Throttle.NONE);
        /** The sites as they work, live. */
        public static final Options REAL_SITE = new Options(true, false, false, Throttle.NONE);

        /** The sites as they work, their history uploaded up to now, held back by {@code throttle}. */
        public static Options history(Throttle throttle) {
            return new Options(true, true, true, throttle);
        }
    }

    private final Fleet fleet;
    private final long seed;
    private final Disturbances disturbances;
    private final List<RawMessage> rawMessages;
    private final PublisherFactory factory;
    private final long startTs;
    private final long endTs;
    private final SimClock clock;
    private final int telemetryQos;
    private final Options options;
    private final RunStats stats = new RunStats();
    private volatile boolean stopping;
    private volatile long simTime;
    private Thread worker;

    public FleetRunner(Fleet fleet, long seed, Disturbances disturbances, List<RawMessage> rawMessages,
                       PublisherFactory factory, long startTs, long endTs, double timeScale, int telemetryQos) {
        this(fleet, seed, disturbances, rawMessages, factory, startTs, endTs, timeScale, telemetryQos,
                Options.AROUND_THE_CLOCK);
    }

    public FleetRunner(Fleet fleet, long seed, Disturbances disturbances, List<RawMessage> rawMessages,
                       PublisherFactory factory, long startTs, long endTs, double timeScale, int telemetryQos,
                       Options options) {
        this.fleet = fleet;
        this.seed = seed;
        this.options = options;
        this.disturbances = options.realSite() ? realSite(fleet, disturbances) : disturbances;
        this.rawMessages = new ArrayList<>(rawMessages);
        this.rawMessages.sort(Comparator.comparingLong(RawMessage::ts));
        this.factory = factory;
        this.startTs = startTs;
        this.endTs = endTs;
        this.clock = new SimClock(startTs, timeScale);
        this.telemetryQos = telemetryQos;
        this.simTime = startTs;
    }

    public RunStats stats() {
        return stats;
    }

    /** How far the run has got in simulated time. */
    public long simTime() {
        return simTime;
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
            if (ts >= endTs || options.untilNow() && ts >= System.currentTimeMillis()) {
                return;
            }
            simTime = ts;
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
            SiteContext context = SiteContext.of(fleet, site, seed, disturbances, options.realSite());
            DevicePublisher uploader = options.upload() ? factory.connect(site.siteId() + "-history", null, null) : null;
            for (DeviceSpec spec : site.devices()) {
                String status = Topics.status(site.siteId(), spec.deviceId());
                DevicePublisher publisher = uploader != null ? uploader : factory.connect(spec.deviceId(), status,
                        WireFormat.utf8(WireFormat.willOffline()));
                long phase = Seeds.random(seed, "phase/" + spec.deviceId()).nextLong(spec.periodS() * 1000L);
                PowerPlan power = PowerPlan.of(spec, context);
                DeviceRuntime runtime = new DeviceRuntime(spec, DeviceModels.create(spec, context), publisher, disturbances,
                        stats, telemetryQos, startTs, startTs + phase, power, options.upload(), options.throttle());
                if (options.realSite()) {
                    runtime.announce(startTs);
                } else {
                    publisher.publish(status, WireFormat.utf8(WireFormat.online(startTs)), 1, true);
                }
                devices.add(runtime);
            }
        }
        return devices;
    }

    private void disconnect(List<DeviceRuntime> devices, Map<String, DevicePublisher> sessions) {
        long stopTs = Math.min(endTs, devices.stream().mapToLong(DeviceRuntime::nextTs).min().orElse(endTs));
        if (options.untilNow()) {
            stopTs = Math.min(stopTs, simTime);
        }
        for (DeviceRuntime d : devices) {
            d.finish();
            // A device switched off has said so; one switched on stops now. An upload says nothing more.
            if (!options.upload() && (!options.realSite() || d.on())) {
                d.publisher().publish(Topics.status(d.spec().siteId(), d.spec().deviceId()),
                        WireFormat.utf8(WireFormat.offline(stopTs)), 1, true);
            }
        }
        for (DevicePublisher p : new LinkedHashSet<>(sessions.values())) {
            p.drain(DRAIN_MS);
            p.close();
        }
    }

    /**
     * What the fleet file says happens on its real sites, as disturbances: a device's
     * {@code sim.silent} lists {@code {from, to, why}} dates (site-local, inclusive) on which its
     * monitor is broken and sends nothing; a date marked {@code typhoon} on a site's calendar
     * brings a typhoon, wind at 10 m rising by up to {@code sim.typhoonWindMs} (default
     * {@value #TYPHOON_WIND_MS} m/s) at 15:00 between 09:00 and 21:00.
     */
    static Disturbances realSite(Fleet fleet, Disturbances disturbances) {
        List<Disturbance> added = new ArrayList<>();
        for (SiteSpec site : fleet.sites()) {
            for (DeviceSpec d : site.devices()) {
                for (FreeForm s : d.sim().list("silent")) {
                    String from = s.text("from", null);
                    if (from == null) {
                        continue;
                    }
                    String to = s.text("to", from);
                    added.add(new Disturbance(DisturbanceKind.SILENT, d.deviceId(), startOf(site, LocalDate.parse(from)),
                            startOf(site, LocalDate.parse(to).plusDays(1)), 0, s.text("why", "")));
                }
            }
            for (CalendarMark m : site.calendar()) {
                if ("typhoon".equals(m.reason())) {
                    long midnight = startOf(site, m.date());
                    added.add(new Disturbance(DisturbanceKind.STORM, site.siteId(), midnight + 9 * 3_600_000L,
                            midnight + 21 * 3_600_000L, site.sim().number("typhoonWindMs", TYPHOON_WIND_MS), "typhoon"));
                }
            }
        }
        if (added.isEmpty()) {
            return disturbances;
        }
        added.addAll(disturbances.all());
        return new Disturbances(added);
    }

    private static long startOf(SiteSpec site, LocalDate day) {
        return day.atStartOfDay(site.timezone()).toInstant().toEpochMilli();
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

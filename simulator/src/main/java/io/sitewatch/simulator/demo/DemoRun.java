package io.sitewatch.simulator.demo;

import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.mqtt.MqttSettings;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import io.sitewatch.simulator.run.FleetRunner;
import io.sitewatch.simulator.run.RunStats;
import io.sitewatch.simulator.run.Throttle;
import io.sitewatch.simulator.model.Disturbances;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Wires the demo: the fleet as of its anchor date, its sites played as they work, in real time over
 * MQTT 5 with the demo's incidents. With history, each site first uploads its last days (as its
 * devices recorded them, in simulated time as fast as the service takes them, over one connection
 * per site) and goes live the moment its upload is out: the broker hands the service a site's
 * history before its first live message, so every device's history is judged in order and its
 * live data after it. The sites take turns, the one with the least history first, so the first
 * one is live within seconds.
 */
public final class DemoRun implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DemoRun.class.getName());
    /** How far an upload may run ahead of what the service has taken in, in messages. */
    static final long MAX_AHEAD = 400;
    private static final long PROGRESS_EVERY_MS = 3_000;
    private static final long STALL_MS = 10_000;

    /**
     * @param anchor       the demo's first day: the fleet's dates are as of it, the history ends now
     * @param historyDays  days of history before the anchor to upload first (0: none)
     * @param serviceTaken messages the service has taken in so far (uploads wait for it), or null
     * @param progress     where progress lines go
     */
    public record Options(LocalDate anchor, int historyDays, LongSupplier serviceTaken, Consumer<String> progress) {
    }

    /** What a history upload sent, once the broker has acknowledged all of it. */
    public record History(LocalDate from, int days, int sites, long messages, long samples, long events, long statuses,
                          Duration took) {
    }

    private final Fleet fleet;
    private final long seed;
    private final Options options;
    private final PahoPublisherFactory live;
    private final PahoPublisherFactory upload;
    private final CompletableFuture<History> history = new CompletableFuture<>();
    private final CompletableFuture<Long> firstLive = new CompletableFuture<>();
    private final List<FleetRunner> runners = new ArrayList<>();
    private volatile FleetRunner uploading;
    private long writtenOff;
    private volatile boolean closed;
    private Thread worker;

    private DemoRun(Fleet fleet, long seed, Options options, MqttSettings settings) {
        this.fleet = fleet;
        this.seed = seed;
        this.options = options;
        this.live = new PahoPublisherFactory(settings);
        this.upload = new PahoPublisherFactory(settings);
    }

    /** Live only, the fleet as of today: what {@link io.sitewatch.simulator.DemoFleet#start(String, long)} runs. */
    public static DemoRun start(String mqttUrl, long seed) {
        return start(mqttUrl, seed, new Options(LocalDate.now(ZoneId.of("Asia/Shanghai")), 0, null, line -> { }));
    }

    public static DemoRun start(String mqttUrl, long seed, Options options) {
        DemoRun run = new DemoRun(AnchoredFleet.fleet(options.anchor()), seed, options, MqttSettings.of(mqttUrl, 5));
        run.worker = new Thread(run::runQuietly, "sitewatch-demo");
        run.worker.setDaemon(true);
        run.worker.start();
        return run;
    }

    /** Completes when the history is out (immediately, empty, without history). */
    public CompletableFuture<History> history() {
        return history;
    }

    /** Completes with the instant the first site went live. */
    public CompletableFuture<Long> firstLive() {
        return firstLive;
    }

    /** Messages the broker acknowledged, history and live together. */
    public long acked() {
        return live.counters().ackedCount() + upload.counters().ackedCount();
    }

    private void runQuietly() {
        try {
            run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            history.cancel(false);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "demo fleet failed", e);
            history.completeExceptionally(e);
        }
    }

    private void run() throws InterruptedException {
        long started = System.currentTimeMillis();
        DemoIncidents.Plan plan = null;
        Disturbances incidents = null;
        RunStats total = null;
        long samples = 0;
        long events = 0;
        long statuses = 0;
        LocalDate from = options.anchor().minusDays(options.historyDays());
        for (SiteSpec site : order(from)) {
            if (closed) {
                return;
            }
            if (options.historyDays() > 0) {
                RunStats s = upload(site, from);
                samples += s.samples();
                events += s.events();
                statuses += s.statuses();
                total = s;
            }
            long now = System.currentTimeMillis();
            if (plan == null) {
                plan = DemoIncidents.plan(fleet, site, now, seed, true);
                incidents = plan.asDisturbances();
                firstLive.complete(now);
            }
            FleetRunner runner = new FleetRunner(fleet.only(site.siteId()), seed, incidents, plan.rawOf(site), live, now,
                    Long.MAX_VALUE, 1, 1, FleetRunner.Options.REAL_SITE);
            synchronized (runners) {
                if (closed) {
                    return;
                }
                runners.add(runner.start());
            }
        }
        if (total == null) {
            history.complete(new History(from, 0, 0, 0, 0, 0, 0, Duration.ZERO));
            return;
        }
        drainUploads();
        history.complete(new History(from, options.historyDays(), fleet.sites().size(), upload.counters().ackedCount(),
                samples, events, statuses, Duration.ofMillis(System.currentTimeMillis() - started)));
    }

    /**
     * The sites in the order they upload and go live: the one with the least history first (its
     * devices' expected samples over the days), so that the first site is live soonest.
     */
    private List<SiteSpec> order(LocalDate from) {
        if (options.historyDays() <= 0) {
            return fleet.sites();
        }
        Map<String, Double> expected = new HashMap<>();
        for (SiteSpec site : fleet.sites()) {
            SiteCalendar calendar = site.siteCalendar();
            Instant a = from.atStartOfDay(site.timezone()).toInstant();
            Instant b = options.anchor().atStartOfDay(site.timezone()).toInstant();
            double workingS = calendar.workingTime(a, b).toSeconds();
            double allS = Duration.between(a, b).toSeconds();
            double n = 0;
            for (DeviceSpec d : site.devices()) {
                if (d.service().removeDate() == null || !LocalDate.parse(d.service().removeDate()).isBefore(from)) {
                    n += (d.continuous() ? allS : workingS) / d.periodS();
                }
            }
            expected.put(site.siteId(), n);
        }
        List<SiteSpec> sites = new ArrayList<>(fleet.sites());
        sites.sort(Comparator.comparingDouble(s -> expected.get(s.siteId())));
        return sites;
    }

    /** Uploads one site's days from {@code from} up to now, reporting progress. */
    private RunStats upload(SiteSpec site, LocalDate from) throws InterruptedException {
        long startTs = ZonedDateTime.of(from.atStartOfDay(), site.timezone()).toInstant().toEpochMilli();
        Throttle throttle = options.serviceTaken() == null ? Throttle.NONE : this::waitForService;
        FleetRunner runner = new FleetRunner(fleet.only(site.siteId()), seed, Disturbances.NONE, List.of(), upload, startTs,
                Long.MAX_VALUE, 0, 1, FleetRunner.Options.history(throttle));
        uploading = runner;
        Thread progress = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PROGRESS_EVERY_MS));
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LocalDate at = java.time.Instant.ofEpochMilli(runner.simTime()).atZone(site.timezone()).toLocalDate();
                options.progress().accept(String.format("history: %s at %s, %d samples, %d messages acknowledged",
                        site.siteId(), at, runner.stats().samples(), upload.counters().ackedCount()));
            }
        }, "sitewatch-demo-progress");
        progress.setDaemon(true);
        progress.start();
        try {
            RunStats stats = runner.run();
            options.progress().accept(String.format("history: %s uploaded from %s to now: %s", site.siteId(), from, stats));
            return stats;
        } finally {
            progress.interrupt();
            uploading = null;
        }
    }

    /**
     * Holds an upload while the service is more than {@value #MAX_AHEAD} messages behind what was
     * sent. Should the service take nothing for {@value #STALL_MS} ms (a message it never sees),
     * what is outstanding is written off and the upload goes on.
     */
    private void waitForService() {
        long taken = options.serviceTaken().getAsLong();
        long since = System.currentTimeMillis();
        while (!closed && !Thread.currentThread().isInterrupted()
                && upload.counters().sentCount() + live.counters().sentCount() - writtenOff - taken > MAX_AHEAD) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            long now = options.serviceTaken().getAsLong();
            if (now != taken) {
                taken = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since > STALL_MS) {
                writtenOff = upload.counters().sentCount() + live.counters().sentCount() - taken;
                LOG.log(System.Logger.Level.WARNING, "the service took nothing for {0} ms; the upload goes on", STALL_MS);
                return;
            }
        }
    }

    private void drainUploads() {
        long deadline = System.currentTimeMillis() + 60_000;
        while (upload.counters().ackedCount() + upload.counters().errorCount() < upload.counters().sentCount()
                && System.currentTimeMillis() < deadline && !closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Override
    public void close() {
        closed = true;
        FleetRunner u = uploading;
        if (u != null) {
            u.close();
        }
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (runners) {
            runners.forEach(FleetRunner::close);
        }
    }
}

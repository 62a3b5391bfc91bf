package io.sitewatch.service;

import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.simulator.demo.DemoRun;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The service's side of the demo's history: the simulator uploads each site's last days over MQTT
 * (the real ingest path: validation, storage, alarm evaluation in device time), held back to what
 * the service has committed; once the upload is out this waits until the service has committed all
 * of it. From then on the ratings see the whole history (what the minute and hour rollups have not
 * reached yet is read from the stored samples), and a final round rolls the rest up.
 *
 * <p>Late data and the rollups: every batch lists the minutes it touched in the ingest module's
 * pending rollups, in the batch's own transaction, so history minutes are rolled up like any other
 * (a minute is due once it closed 65 s ago, and the periodic round waits until no batch has added
 * to a minute for 10 s). The periodic round works through them during the upload and after it; the
 * final round here runs on the housekeeping thread itself, after the periodic one, so the two never
 * race for the same minutes, and takes every minute still pending without waiting for it to settle.
 * Readers do not wait for either: ingest's rollup port answers minutes still pending from the stored
 * samples. (On TimescaleDB the rollups are continuous aggregates whose refresh policies reach back 3
 * days for minutes and 7 days for hours: older history stays out of them until refreshed by hand.)
 */
final class DemoHistory {

    /** What the history came to at the service. */
    record Result(DemoRun.History history, long messagesIn, int minutesRolledUp, Duration took) {
    }

    private static final long PROGRESS_EVERY_MS = 5_000;

    private DemoHistory() {
    }

    /** Messages the service has received and committed so far: what the upload waits for. */
    static LongSupplier committed(SiteWatchService service) {
        return () -> received(service) - (long) service.prometheus().get(IngestMetrics.PENDING).gauge().value();
    }

    static long received(SiteWatchService service) {
        return (long) service.prometheus().get(IngestMetrics.RECEIVED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The history as the service has stored it: what was uploaded and how many messages the service took. */
    record Stored(DemoRun.History history, long messagesIn) {
    }

    /**
     * Waits for the upload to be out, for the service to have committed it, and rolls it up.
     * {@code startedNanos}: when the demo started, for the times reported; {@code timeout} for the
     * upload and its storing.
     */
    static Result complete(SiteWatchService service, DemoRun demo, Consumer<String> out, long startedNanos, Duration timeout)
            throws Exception {
        Stored stored = awaitStored(service, demo, out, startedNanos, timeout);
        int minutes = rollUp(service, out, startedNanos);
        return new Result(stored.history(), stored.messagesIn(), minutes, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /**
     * Waits for the upload to be out and for the service to have committed all of it. From then on
     * the ratings see the whole history: what the rollups have not reached yet they read from the
     * stored samples (ingest's {@code TelemetryRollups}).
     */
    static Stored awaitStored(SiteWatchService service, DemoRun demo, Consumer<String> out, long startedNanos, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        DemoRun.History h = demo.history().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long target = demo.acked();
        out.accept(String.format("history: uploaded %d days of %d sites at %s: %d samples, %d events, %d statuses in %d messages",
                h.days(), h.sites(), seconds(startedNanos), h.samples(), h.events(), h.statuses(), h.messages()));
        long lastPrint = System.currentTimeMillis();
        while (received(service) < target || service.prometheus().get(IngestMetrics.PENDING).gauge().value() > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("the service took " + received(service) + " of the " + target
                        + " messages sent within " + timeout);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.currentTimeMillis() - lastPrint > PROGRESS_EVERY_MS) {
                lastPrint = System.currentTimeMillis();
                out.accept(String.format("history: the service has taken %d of %d messages", received(service), target));
            }
        }
        out.accept("history: stored at " + seconds(startedNanos));
        return new Stored(h, target);
    }

    /**
     * A final rollup round on the housekeeping thread itself, after the periodic one, taking every
     * minute still pending without waiting for it to settle; returns the minutes it rolled up.
     */
    static int rollUp(SiteWatchService service, Consumer<String> out, long startedNanos) throws Exception {
        WorkerExecutor housekeeping = SiteWatchService.housekeepingWorker(service.vertx());
        try {
            int minutes = housekeeping.executeBlocking(() -> service.housekeeping().rollupNow())
                    .toCompletionStage().toCompletableFuture().get();
            out.accept(String.format("history: rolled up at %s (%d minutes in the final round)", seconds(startedNanos), minutes));
            return minutes;
        } finally {
            housekeeping.close();
        }
    }

    static String seconds(long startedNanos) {
        return String.format("+%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}

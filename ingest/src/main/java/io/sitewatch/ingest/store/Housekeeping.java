package io.sitewatch.ingest.store;

import io.sitewatch.platform.db.Database;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep on a worker: rolling up telemetry every few seconds, and partitions ahead,
 * retention and the dead-letter purge every maintenance interval. Timers are re-armed after each
 * run (not periodic), so a slow run never stacks up behind itself.
 */
public final class Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    /** How long a closed minute must go without new samples before the periodic rollup takes it. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final WorkerExecutor worker;
    private final Database database;
    private final StorageLayout layout;
    private final DeadLetterQueries deadLetters;
    private volatile boolean stopped;

    public Housekeeping(Vertx vertx, WorkerExecutor worker, Database database, StorageLayout layout,
                        DeadLetterQueries deadLetters) {
        this.vertx = vertx;
        this.worker = worker;
        this.database = database;
        this.layout = layout;
        this.deadLetters = deadLetters;
    }

    public void start() {
        var cfg = database.config();
        every(cfg.rollupIntervalS() * 1000L, "rollup", () -> {
            try (Connection c = database.pool().getConnection()) {
                int rolled;
                do {
                    rolled = layout.rollup(c, SETTLE);
                } while (rolled > 0 && !stopped);
            }
            return null;
        });
        every(cfg.maintenanceIntervalS() * 1000L, "maintenance", () -> {
            maintainNow();
            long cutoff = System.currentTimeMillis() - cfg.deadLetterRetentionDays() * 86_400_000L;
            int purged = deadLetters.purgeOlderThan(cutoff);
            if (purged > 0) {
                LOG.info("dead-letter retention: removed {} messages", purged);
            }
            return null;
        });
    }

    /** Partitions ahead, retention and policies, now (blocking). */
    public void maintainNow() throws Exception {
        try (Connection c = database.pool().getConnection()) {
            layout.maintain(c);
        }
    }

    /** Runs the rollup until nothing is pending that is due (blocking); used by tests and tools. */
    public int rollupNow() throws Exception {
        int total = 0;
        try (Connection c = database.pool().getConnection()) {
            int n;
            while ((n = layout.rollup(c)) > 0) {
                total += n;
            }
        }
        return total;
    }

    private void every(long intervalMs, String name, Callable<Void> job) {
        vertx.setTimer(intervalMs, id -> {
            if (stopped) {
                return;
            }
            worker.executeBlocking(job, false).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("{} failed: {}", name, ar.cause().toString());
                }
                every(intervalMs, name, job);
            });
        });
    }

    public void stop() {
        stopped = true;
    }
}

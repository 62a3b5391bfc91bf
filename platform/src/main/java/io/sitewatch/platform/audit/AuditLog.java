package io.sitewatch.platform.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sitewatch.platform.http.AuditEntry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of writes through the HTTP API (table {@code audit_log}, the platform's migration).
 * {@link #record} only queues the entry, so a request never waits for it; a writer thread of its own
 * inserts the queue in batches, every {@link #FLUSH_MS} ms. When the database refuses a batch the
 * failure is logged and counted ({@code sitewatch_audit_write_failures_total}) and the batch is tried
 * again on the next round; entries beyond {@link #MAX_PENDING} waiting are dropped and counted
 * ({@code sitewatch_audit_dropped_total}) rather than filling the memory. The answer to the request
 * is never held back or lost for the audit's sake.
 */
public final class AuditLog implements AuditEntry.Sink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final long FLUSH_MS = 200;
    static final int BATCH = 500;
    static final int MAX_PENDING = 20_000;
    /** An entry as stored, with its id. */
    public record Row(long id, AuditEntry entry) {
    }

    private final DataSource ds;
    private final Vertx vertx;
    private final WorkerExecutor writer;
    private final ConcurrentLinkedQueue<AuditEntry> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    /** A batch the database refused, tried again first; touched under the lock of {@link #flush()} only. */
    private final List<AuditEntry> retry = new ArrayList<>();
    private final Counter written;
    private final Counter failures;
    private final Counter dropped;
    private volatile boolean closed;
    private volatile long timer = -1;
    private boolean failing;

    public AuditLog(Vertx vertx, DataSource ds, MeterRegistry metrics) {
        this.vertx = vertx;
        this.ds = ds;
        this.writer = vertx.createSharedWorkerExecutor("sitewatch-audit", 1);
        this.written = Counter.builder("sitewatch_audit_written").description("Audit log entries stored").register(metrics);
        this.failures = Counter.builder("sitewatch_audit_write_failures")
                .description("Batches of audit entries the database refused (tried again)").register(metrics);
        this.dropped = Counter.builder("sitewatch_audit_dropped")
                .description("Audit entries dropped because too many were waiting to be stored").register(metrics);
        Gauge.builder("sitewatch_audit_pending", this, a -> a.waiting.get()).description("Audit entries waiting to be stored")
                .register(metrics);
    }

    /** Starts the writer's rounds. */
    public AuditLog start() {
        arm();
        return this;
    }

    /** Queues an entry; never blocks. */
    @Override
    public void record(AuditEntry e) {
        if (closed || waiting.incrementAndGet() > MAX_PENDING) {
            waiting.decrementAndGet();
            dropped.increment();
            return;
        }
        pending.add(e);
    }

    // Re-armed rather than periodic: a slow round (the database struggling) never stacks up behind itself.
    private void arm() {
        if (closed) {
            return;
        }
        timer = vertx.setTimer(FLUSH_MS, id -> {
            try {
                writer.executeBlocking(() -> {
                    flush();
                    return null;
                }, true).onComplete(ar -> arm());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Vert.x is closing and its workers with it: close() stores what is left.
            }
        });
    }

    /** Stores what is waiting, in batches; false when the database refused a batch (kept for the next round). */
    synchronized boolean flush() {
        while (true) {
            List<AuditEntry> batch = new ArrayList<>(retry);
            AuditEntry e;
            while (batch.size() < BATCH && (e = pending.poll()) != null) {
                batch.add(e);
            }
            if (batch.isEmpty()) {
                return true;
            }
            try {
                insert(batch);
            } catch (SQLException | RuntimeException ex) {
                failures.increment();
                // Logged once per spell of failures, not once per round.
                if (!failing) {
                    LOG.error("audit log: {} entries could not be stored, trying again every {} ms: {}", batch.size(), FLUSH_MS,
                            ex.toString());
                }
                failing = true;
                retry.clear();
                retry.addAll(batch);
                return false;
            }
            if (failing) {
                LOG.info("audit log: storing again ({} entries that had waited)", batch.size());
            }
            failing = false;
            retry.clear();
            waiting.addAndGet(-batch.size());
            written.increment(batch.size());
        }
    }

    private void insert(List<AuditEntry> batch) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO audit_log (ts, username, role, method, path, target, status, remote_address)
                     VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")) {
            for (AuditEntry e : batch) {
                ps.setTimestamp(1, new Timestamp(e.ts()));
                ps.setString(2, e.user());
                ps.setString(3, e.role());
                ps.setString(4, e.method());
                ps.setString(5, e.path());
                ps.setString(6, new JsonObject(new LinkedHashMap<>(e.target())).encode());
                ps.setInt(7, e.status());
                ps.setString(8, e.remoteAddress());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Stored entries from {@code since} to before {@code until} (epoch ms; null: open), of {@code user}
     * (null: anyone), newest first, at most {@code limit}. Blocking (JDBC): call from a worker.
     */
    public List<Row> read(Long since, Long until, String user, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT id, ts, username, role, method, path, target::text, status, remote_address FROM audit_log WHERE true");
        List<Object> args = new ArrayList<>();
        if (since != null) {
            sql.append(" AND ts >= ?");
            args.add(new Timestamp(since));
        }
        if (until != null) {
            sql.append(" AND ts < ?");
            args.add(new Timestamp(until));
        }
        if (user != null) {
            sql.append(" AND username = ?");
            args.add(user);
        }
        sql.append(" ORDER BY ts DESC, id DESC LIMIT ?");
        args.add(limit);
        List<Row> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t);
                } else if (a instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (a == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setString(i + 1, a.toString());
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> target = new LinkedHashMap<>();
                    new JsonObject(rs.getString(7)).forEach(kv -> target.put(kv.getKey(), String.valueOf(kv.getValue())));
                    out.add(new Row(rs.getLong(1), new AuditEntry(rs.getTimestamp(2).getTime(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), target, rs.getInt(8), rs.getString(9))));
                }
            }
        }
        return out;
    }

    /** Stops the rounds and stores what is still waiting (on the calling thread: call after the HTTP server stopped). */
    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(timer);
        if (!flush()) {
            LOG.error("audit log: {} entries could not be stored before stopping", waiting.get());
        }
    }
}

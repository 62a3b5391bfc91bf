package io.sitewatch.ingest.pipeline;

import io.sitewatch.core.model.Received;

import io.sitewatch.core.port.CommitListener;

import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.core.model.Channel;
import io.sitewatch.core.model.DeadLetter;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.RejectReason;
import io.sitewatch.ingest.store.BatchResult;
import io.sitewatch.ingest.store.BatchWriter;
import io.sitewatch.ingest.store.StoreBatch;
import io.sitewatch.ingest.validate.MessageReader;
import io.sitewatch.ingest.validate.ValidationResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message path of one consumer: decode → validate → batch → store → acknowledge → notify.
 *
 * <p>Confined to the consumer's event loop. Messages queue in {@code pending}; one batch at a time
 * is written by the {@link BatchWriter} on its own worker thread, so batches commit in arrival
 * order and so do the acknowledgements. A batch is cut when it reaches the size limit or when its
 * oldest message has waited the configured delay (group commit; messages that arrive during a
 * commit wait for the next batch to fill). Backpressure: above {@code maxPendingMessages}
 * (received and not yet committed, plus committed and not yet taken in by the listeners) the
 * read gate closes, below {@code resumePendingMessages} it opens again. A failed write is retried
 * with backoff and nothing in it is acknowledged until it commits.
 */
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    private final Vertx vertx;
    private final MessageReader reader;
    private final BatchWriter writer;
    private final WorkerExecutor writerThread;
    private final SiteWatchConfig.Ingest settings;
    private final IngestMetrics metrics;
    private final List<CommitListener> listeners;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Parts of a batch the database refused, written before anything newer (see {@link #failed}). */
    private final ArrayDeque<List<Pending>> splits = new ArrayDeque<>();

    private ReadGate gate = ReadGate.NONE;
    private List<Pending> inFlight;
    private long timerId = -1;
    private boolean paused;
    /** Committed records handed to listeners that they have not finished with. */
    private int listening;
    private long retryMs = FIRST_RETRY_MS;
    private int failuresInRow;
    private Promise<Void> drained;
    private final InstantSource clock;

    /** A message on its way; the raw topic and payload are kept in case the database refuses it. */
    private record Pending(Channel channel, Received record, DeadLetter deadLetter, Runnable ack,
                           InboundMessage raw) {
    }

    public IngestPipeline(Vertx vertx, MessageReader reader, BatchWriter writer, WorkerExecutor writerThread,
                          SiteWatchConfig.Ingest settings, IngestMetrics metrics, List<CommitListener> listeners) {
        this(vertx, reader, writer, writerThread, settings, metrics, listeners, InstantSource.system());
    }

    /**
     * With the service's clock: the time a message is received by, and the one its batch's delay
     * is counted on (the same clock, so a test on a shifted clock batches as in production).
     */
    public IngestPipeline(Vertx vertx, MessageReader reader, BatchWriter writer, WorkerExecutor writerThread,
                          SiteWatchConfig.Ingest settings, IngestMetrics metrics, List<CommitListener> listeners,
                          InstantSource clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.reader = reader;
        this.writer = writer;
        this.writerThread = writerThread;
        this.settings = settings;
        this.metrics = metrics;
        this.listeners = List.copyOf(listeners);
    }

    /** The clock messages are received by. */
    public InstantSource clock() {
        return clock;
    }

    public void readGate(ReadGate gate) {
        this.gate = gate;
    }

    public void accept(InboundMessage m) {
        Pending p = classify(m);
        pending.add(p);
        metrics.pendingChanged(1);
        if (!paused && inFlightSize() + pending.size() + listening >= settings.maxPendingMessages()) {
            paused = true;
            gate.pause();
            metrics.paused(true);
        }
        flushWhenDue();
    }

    private Pending classify(InboundMessage m) {
        MessageReader.Outcome read = reader.read(m.topic(), m.payload(), m.receivedAt());
        Channel channel = read.channel();
        metrics.received(channel);
        if (read.result() instanceof ValidationResult.Rejected r) {
            return rejected(channel, m, r.reason(), r.detail());
        }
        IngestRecord record = ((ValidationResult.Accepted) read.result()).record();
        return new Pending(channel, new Received(record, m.receivedAt()), null, m.ack(), m);
    }

    private Pending rejected(Channel channel, InboundMessage m, RejectReason reason, String detail) {
        metrics.rejected(reason);
        return new Pending(channel, null, new DeadLetter(m.receivedAt(), m.topic(), reason, detail, m.payload()), m.ack(), m);
    }

    private void flush() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        List<Pending> batch;
        if (!splits.isEmpty()) {
            batch = splits.poll();
        } else if (pending.isEmpty()) {
            return;
        } else {
            int n = Math.min(pending.size(), settings.batchMaxMessages());
            batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(pending.poll());
            }
        }
        List<Received> records = new ArrayList<>(batch.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (Pending p : batch) {
            if (p.record() != null) {
                records.add(p.record());
            } else {
                deadLetters.add(p.deadLetter());
            }
        }
        inFlight = batch;
        write(batch, new StoreBatch(records, deadLetters));
    }

    private void write(List<Pending> batch, StoreBatch storeBatch) {
        writerThread.<BatchResult>executeBlocking(() -> writer.write(storeBatch), true).onComplete(ar -> {
            if (ar.succeeded()) {
                committed(batch, storeBatch, ar.result());
            } else {
                failed(batch, storeBatch, ar.cause());
            }
        });
    }

    private void committed(List<Pending> batch, StoreBatch storeBatch, BatchResult result) {
        long now = clock.millis();
        int[] accepted = new int[Channel.values().length];
        for (Pending p : batch) {
            p.ack().run();
            if (p.record() != null) {
                accepted[p.channel().ordinal()]++;
                IngestRecord r = p.record().record();
                if (r instanceof IngestRecord.Telemetry t) {
                    metrics.lag(now - t.newestTs());
                    if (t.unknownMetricValues() > 0) {
                        metrics.unknownMetricValues(t.unknownMetricValues());
                    }
                } else if (r instanceof IngestRecord.Event e && !e.knownType()) {
                    metrics.unknownEventType();
                }
            }
        }
        for (Channel channel : Channel.values()) {
            metrics.accepted(channel, accepted[channel.ordinal()]);
        }
        metrics.committed(result.messages(), result.valuesInserted(), result.duplicateValues(),
                result.duplicateEvents(), result.commitNanos());
        metrics.pendingChanged(-batch.size());
        if (failuresInRow > 0) {
            LOG.info("storage recovered after {} failed attempts", failuresInRow);
        }
        failuresInRow = 0;
        retryMs = FIRST_RETRY_MS;
        inFlight = null;
        if (!storeBatch.records().isEmpty()) {
            for (CommitListener l : listeners) {
                notify(l, storeBatch.records());
            }
        }
        resumeIfBelowLimit();
        if (!pending.isEmpty() || !splits.isEmpty()) {
            flushWhenDue();
        } else if (drained != null) {
            drained.tryComplete();
        }
    }

    /**
     * Writes the next batch once it is due: when it is full, when its oldest message has waited
     * {@code batchMaxDelayMs}, or at once for refused parts and a drain; otherwise sets the timer
     * for the moment it will be due. Called on every message and after every commit, so messages
     * that arrive during a commit wait for the batch to fill instead of going out as a small one
     * (per batch, a commit and its bookkeeping cost about as much as a few hundred messages).
     */
    private void flushWhenDue() {
        if (inFlight != null) {
            return;
        }
        if (!splits.isEmpty() || drained != null || pending.size() >= settings.batchMaxMessages()) {
            flush();
            return;
        }
        if (pending.isEmpty() || timerId >= 0) {
            return;
        }
        long wait = pending.peek().raw().receivedAt() + settings.batchMaxDelayMs() - clock.millis();
        if (wait <= 0) {
            flush();
        } else {
            timerId = vertx.setTimer(wait, id -> {
                timerId = -1;
                flushWhenDue();
            });
        }
    }

    private void notify(CommitListener listener, List<Received> records) {
        Context here = vertx.getOrCreateContext();
        int n = records.size();
        listening += n;
        CompletionStage<Void> done;
        try {
            done = listener.committed(records);
        } catch (RuntimeException e) {
            LOG.error("commit listener failed", e);
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, failure) -> here.runOnContext(v -> {
            if (failure != null) {
                LOG.error("commit listener failed", failure);
            }
            listening -= n;
            resumeIfBelowLimit();
        }));
    }

    private void resumeIfBelowLimit() {
        if (paused && drained == null && pending.size() + listening <= settings.resumePendingMessages()) {
            paused = false;
            gate.resume();
            metrics.paused(false);
        }
    }

    private void failed(List<Pending> batch, StoreBatch storeBatch, Throwable cause) {
        if (isDataError(cause)) {
            refused(batch, cause);
            return;
        }
        metrics.storeError();
        failuresInRow++;
        if (failuresInRow == 1 || failuresInRow % 20 == 0) {
            LOG.warn("writing a batch of {} messages failed (attempt {}), retrying in {} ms: {}",
                    batch.size(), failuresInRow, retryMs, cause.toString());
        }
        long delay = retryMs;
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        vertx.setTimer(delay, id -> write(batch, storeBatch));
    }

    /**
     * The database refused the data itself (not the connection): retrying the same batch would
     * fail forever and stop everything behind it. Write it in halves until the one message that
     * cannot be stored is alone, then dead-letter that one with the database's reason.
     */
    private void refused(List<Pending> batch, Throwable cause) {
        inFlight = null;
        if (batch.size() > 1) {
            int half = batch.size() / 2;
            splits.addFirst(new ArrayList<>(batch.subList(half, batch.size())));
            splits.addFirst(new ArrayList<>(batch.subList(0, half)));
        } else {
            Pending p = batch.get(0);
            String reason = firstLine(cause.getMessage());
            LOG.warn("the database refused a message on {}: {}", p.raw().topic(), reason);
            metrics.rejected(RejectReason.UNSTORABLE);
            InboundMessage m = p.raw();
            splits.addFirst(List.of(new Pending(p.channel(), null, new DeadLetter(m.receivedAt(), m.topic(),
                    RejectReason.UNSTORABLE, reason, m.payload()), p.ack(), m)));
        }
        flush();
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity violation): the data, not the database, is at fault. */
    static boolean isDataError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "refused by the database";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private int inFlightSize() {
        return inFlight == null ? 0 : inFlight.size();
    }

    /** Messages received and not yet committed. */
    public int backlog() {
        return inFlightSize() + pending.size() + splits.stream().mapToInt(List::size).sum();
    }

    /**
     * Closes the read gate and completes once everything received so far is committed (or the
     * store keeps failing until the caller gives up waiting).
     */
    public Future<Void> drain() {
        gate.pause();
        paused = true;
        if (inFlight == null && pending.isEmpty() && splits.isEmpty()) {
            return Future.succeededFuture();
        }
        drained = Promise.promise();
        if (inFlight == null) {
            flush();
        }
        return drained.future();
    }
}

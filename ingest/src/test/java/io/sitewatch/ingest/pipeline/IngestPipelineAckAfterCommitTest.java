package io.sitewatch.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.registry.Device;
import io.sitewatch.testkit.Await;
import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "Acknowledge after commit", pinned at the pipeline: a message's acknowledgement (the PUBACK the
 * consumer sends the broker) leaves only once the transaction that stores it has committed. A second
 * connection holds a lock the batch's COPY needs, so the batch's transaction stays open; while it
 * waits no acknowledgement may leave, and once the lock goes and the batch commits every one of them
 * leaves. Each acknowledgement also looks, from a connection of its own, at what is committed at that
 * moment: its batch must be there.
 */
class IngestPipelineAckAfterCommitTest {

    private static final String WRITER = "ack-after-commit-writer";
    private static final String DEVICE_ID = "AC-TC1";
    private static final Device CRANE = new Device(DEVICE_ID, "S1", "tower_crane", "1#", 10,
            JsonNodeFactory.instance.objectNode());
    private static final int MESSAGES = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void noAcknowledgementLeavesBeforeItsBatchHasCommittedAndAllLeaveOnceItHas() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(WRITER);
             Connection observer = fixture.connect(); // used by the acknowledgements, on the pipeline's context
             Connection checker = fixture.connect(); // used by this thread
             Connection locker = fixture.connect()) {
            IngestPipeline pipeline = fixture.pipeline(CRANE, new SiteWatchConfig.Ingest(100, 50, 10_000, 5_000),
                    records -> CompletableFuture.completedFuture(null), ReadGate.NONE);
            Context context = fixture.vertx.getOrCreateContext();
            long t0 = (System.currentTimeMillis() - 600_000) / 60_000 * 60_000; // every sample in one minute, one day
            // How many samples were committed when each acknowledgement left.
            List<Long> committedAtAck = new CopyOnWriteArrayList<>();
            for (Connection c : List.of(observer, checker)) {
                try (Statement st = c.createStatement()) {
                    // A pipeline that writes DDL under the lock (a partition it lacks) queues a lock
                    // that reads wait behind: such a read gives up, and counts as -1, instead of hanging.
                    st.execute("SET lock_timeout = '3s'");
                }
            }
            String samples = "SELECT count(DISTINCT ts) FROM telemetry WHERE device_id = '" + DEVICE_ID + "'";
            try (PreparedStatement committedNow = observer.prepareStatement(samples);
                 PreparedStatement committed = checker.prepareStatement(samples)) {
                Runnable ack = () -> committedAtAck.add(count(committedNow));

                // One message first, through a free writer: its day's partition, the device's number
                // and its metric set exist afterwards, so the next batch needs nothing but the COPY.
                send(context, pipeline, t0, 1, ack);
                Await.until("the first message acknowledged", TIMEOUT, () -> committedAtAck.size() == 1);
                assertEquals(List.of(1L), committedAtAck, "acknowledged once committed");

                locker.setAutoCommit(false);
                try (Statement st = locker.createStatement()) {
                    st.execute("LOCK TABLE telemetry IN SHARE MODE"); // a view in one layout: locks what it reads
                }
                send(context, pipeline, t0 + 1000, MESSAGES, ack);
                try (PreparedStatement waiting = checker.prepareStatement("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE application_name = ? AND wait_event_type = 'Lock' AND state = 'active'""")) {
                    waiting.setString(1, WRITER);
                    Await.untilChecked("the batch's transaction waiting for the lock", TIMEOUT, () -> {
                        try (ResultSet rs = waiting.executeQuery()) {
                            return rs.next() && rs.getLong(1) == 1;
                        }
                    });
                }
                assertEquals(1, committedAtAck.size(), "no acknowledgement leaves while its batch is not committed");
                assertEquals(1L, count(committed), "the batch is held back by the lock");

                locker.commit();
                Await.until("every message of the batch acknowledged", TIMEOUT,
                        () -> committedAtAck.size() == 1 + MESSAGES);
                for (int i = 1; i <= MESSAGES; i++) {
                    assertEquals(1L + MESSAGES, committedAtAck.get(i),
                            "acknowledgement " + i + " left with its whole batch committed");
                }
                assertEquals(0, backlog(context, pipeline), "nothing left uncommitted");
            }
        }
    }

    private static void send(Context context, IngestPipeline pipeline, long firstTs, int n, Runnable ack) {
        context.runOnContext(v -> {
            for (int i = 0; i < n; i++) {
                String payload = "{\"ts\":" + (firstTs + i * 100L) + ",\"values\":{\"load_t\":1.0,\"wind_ms\":3.0}}";
                pipeline.accept(new InboundMessage("sitewatch/v1/S1/" + DEVICE_ID + "/telemetry",
                        payload.getBytes(StandardCharsets.UTF_8), 1, System.currentTimeMillis(), ack));
            }
        });
    }

    /** The count, or -1 when it could not be read (a lock it waited for too long). */
    private static long count(PreparedStatement query) {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static int backlog(Context context, IngestPipeline pipeline) throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        context.runOnContext(v -> n.complete(pipeline.backlog()));
        return n.get(10, TimeUnit.SECONDS);
    }
}

package io.sitewatch.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.ingest.config.SiteWatchConfig;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.ingest.protocol.WireProtocol;
import io.sitewatch.ingest.registry.Device;
import io.sitewatch.ingest.store.BatchWriter;
import io.sitewatch.ingest.store.Database;
import io.sitewatch.ingest.store.SchemaMigrator;
import io.sitewatch.ingest.store.StorageLayout;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.ingest.testsupport.TestPostgres;
import io.sitewatch.ingest.validate.MessageReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Batches are flushed when full or when their oldest message has waited {@code batchMaxDelayMs}:
 * messages that arrive while a batch commits wait for more instead of going out as a small batch
 * the moment the commit is done.
 */
class IngestPipelineBatchingTest {

    private static final Device CRANE = new Device("BT-TC1", "S1", "tower_crane", "1#", 10,
            JsonNodeFactory.instance.objectNode());
    private static final int DELAY_MS = 2000;

    @Test
    void messagesLeftAfterACommitWaitToFillTheNextBatch() throws Exception {
        Database db = new Database(new SiteWatchConfig.Database(TestPostgres.newDatabase(), TestPostgres.user(), null,
                "auto", 30, 2, 2, 3600, 15, 90));
        StorageMode mode = SchemaMigrator.migrate(db.pool(), "auto");
        Vertx vertx = Vertx.vertx();
        try (BatchWriter writer = new BatchWriter(db, StorageLayout.of(mode, 30, 2), "bt-writer")) {
            List<Integer> batches = new CopyOnWriteArrayList<>();
            CommitListener sizes = records -> {
                batches.add(records.size());
                return Future.succeededFuture();
            };
            IngestPipeline pipeline = new IngestPipeline(vertx,
                    new MessageReader(WireProtocol.v1(), id -> id.equals(CRANE.deviceId()) ? CRANE : null), writer,
                    vertx.createSharedWorkerExecutor("bt-writer", 1), new SiteWatchConfig.Ingest(100, DELAY_MS, 10_000, 5_000),
                    new IngestMetrics(new SimpleMeterRegistry()), List.of(sizes));
            pipeline.readGate(new ReadGate() {
                @Override
                public void pause() {
                }

                @Override
                public void resume() {
                }
            });
            Context context = vertx.getOrCreateContext();
            AtomicLong ts = new AtomicLong(System.currentTimeMillis() - 600_000);
            Runnable send50 = () -> context.runOnContext(v -> {
                for (int i = 0; i < 50; i++) {
                    String payload = "{\"ts\":" + ts.addAndGet(100) + ",\"values\":{\"load_t\":1.0}}";
                    pipeline.accept(new InboundMessage("sitewatch/v1/S1/BT-TC1/telemetry",
                            payload.getBytes(StandardCharsets.UTF_8), 1, System.currentTimeMillis(), () -> { }));
                }
            });

            send50.run();
            send50.run();
            send50.run();
            await(() -> batches.size() == 1, "the first full batch committed");
            // 50 messages are left over; 50 more arrive well within the delay and fill the batch.
            send50.run();
            await(() -> batches.size() == 2, "the second batch committed");
            assertEquals(List.of(100, 100), batches);

            long sent = System.currentTimeMillis();
            send50.run();
            await(() -> batches.size() == 3, "a part batch committed after the delay");
            assertEquals(50, batches.get(2));
            long waited = System.currentTimeMillis() - sent;
            assertTrue(waited >= DELAY_MS - 50, "a part batch waits for the delay (" + waited + " ms)");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            db.close();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}

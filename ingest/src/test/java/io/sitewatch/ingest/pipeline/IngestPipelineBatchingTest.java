package io.sitewatch.ingest.pipeline;

import io.sitewatch.core.port.CommitListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.registry.Device;
import io.sitewatch.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Test
    void messagesLeftAfterACommitWaitToFillTheNextBatch() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture("bt-writer")) {
            List<Integer> batches = new CopyOnWriteArrayList<>();
            CommitListener sizes = records -> {
                batches.add(records.size());
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            };
            IngestPipeline pipeline = fixture.pipeline(CRANE, new SiteWatchConfig.Ingest(100, DELAY_MS, 10_000, 5_000), sizes,
                    new ReadGate() {
                        @Override
                        public void pause() {
                        }

                        @Override
                        public void resume() {
                        }
                    });
            Context context = fixture.vertx.getOrCreateContext();
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
            Await.until("the first full batch committed", TIMEOUT, () -> batches.size() == 1);
            // 50 messages are left over; 50 more arrive well within the delay and fill the batch.
            send50.run();
            Await.until("the second batch committed", TIMEOUT, () -> batches.size() == 2);
            assertEquals(List.of(100, 100), batches);

            long sent = System.currentTimeMillis();
            send50.run();
            Await.until("a part batch committed after the delay", TIMEOUT, () -> batches.size() == 3);
            assertEquals(50, batches.get(2));
            long waited = System.currentTimeMillis() - sent;
            assertTrue(waited >= DELAY_MS - 50, "a part batch waits for the delay (" + waited + " ms)");
        }
    }
}

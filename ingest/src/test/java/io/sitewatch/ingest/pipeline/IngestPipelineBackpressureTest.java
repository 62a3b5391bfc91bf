package io.sitewatch.ingest.pipeline;

import io.sitewatch.core.port.CommitListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.registry.Device;
import io.sitewatch.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Backpressure reaches past the store: records committed but not yet taken in by a commit
 * listener (the alarm engine) count towards the pipeline's limit, so a listener that falls behind
 * closes the read gate instead of letting work queue up on its event loop without bound.
 */
class IngestPipelineBackpressureTest {

    private static final Device CRANE = new Device("BP-TC1", "S1", "tower_crane", "1#", 10,
            JsonNodeFactory.instance.objectNode());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aListenerThatFallsBehindKeepsTheGateClosedUntilItCatchesUp() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture("bp-writer")) {
            List<Promise<Void>> held = new CopyOnWriteArrayList<>();
            AtomicInteger handedOver = new AtomicInteger();
            AtomicInteger acked = new AtomicInteger();
            AtomicBoolean closed = new AtomicBoolean();
            CommitListener slowListener = records -> {
                handedOver.addAndGet(records.size());
                Promise<Void> p = Promise.promise();
                held.add(p);
                return p.future().toCompletionStage();
            };
            IngestPipeline pipeline = fixture.pipeline(CRANE, new SiteWatchConfig.Ingest(10, 5, 50, 20), slowListener,
                    new ReadGate() {
                        @Override
                        public void pause() {
                            closed.set(true);
                        }

                        @Override
                        public void resume() {
                            closed.set(false);
                        }
                    });
            Context context = fixture.vertx.getOrCreateContext();
            long t0 = System.currentTimeMillis() - 60_000;
            context.runOnContext(v -> {
                for (int i = 0; i < 50; i++) {
                    String payload = "{\"ts\":" + (t0 + i * 100L) + ",\"values\":{\"load_t\":1.0}}";
                    pipeline.accept(new InboundMessage("sitewatch/v1/S1/BP-TC1/telemetry",
                            payload.getBytes(StandardCharsets.UTF_8), 1, System.currentTimeMillis(), acked::incrementAndGet));
                }
            });
            Await.until("all 50 messages committed and handed to the listener", TIMEOUT, () -> handedOver.get() == 50);
            assertEquals(50, acked.get(), "every committed message is acknowledged");
            // The pipeline runs on this context: a task queued after the last hand-over runs once
            // the commit that made it has finished, so any reopening of the gate has happened by then.
            CompletableFuture<Integer> backlog = new CompletableFuture<>();
            context.runOnContext(v -> backlog.complete(pipeline.backlog()));
            assertEquals(0, backlog.get(10, TimeUnit.SECONDS), "nothing left to commit");
            assertTrue(closed.get(), "50 records still with the listener: the gate stays closed (limit 50)");

            // The listener catches up on 40 of them: 10 left, below the resume mark of 20.
            for (int i = 0; i < 4; i++) {
                held.get(i).complete();
            }
            Await.until("the gate opens once the listener is back under the resume mark", TIMEOUT, () -> !closed.get());
            assertFalse(closed.get());
            held.forEach(Promise::tryComplete);
        }
    }
}

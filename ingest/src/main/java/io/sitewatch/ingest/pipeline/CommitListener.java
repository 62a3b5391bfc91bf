package io.sitewatch.ingest.pipeline;

import io.sitewatch.ingest.store.StoreBatch;
import io.vertx.core.Future;
import java.util.List;

/**
 * Told about records once they are durably stored (the next step of the message path, e.g. alarm
 * evaluation). Called on the pipeline's event loop; must not block.
 */
@FunctionalInterface
public interface CommitListener {

    /**
     * Hands over committed records. The returned future completes once the listener is done with
     * them: until then the pipeline counts them towards its backlog limit, so a listener that
     * falls behind slows reading from the broker instead of queueing records without limit.
     */
    Future<Void> committed(List<StoreBatch.Received> records);
}

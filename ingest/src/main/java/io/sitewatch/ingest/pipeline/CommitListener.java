package io.sitewatch.ingest.pipeline;

import io.sitewatch.ingest.store.StoreBatch;
import java.util.List;

/**
 * Told about records once they are durably stored (the next step of the message path, e.g. alarm
 * evaluation). Called on the pipeline's event loop; must not block.
 */
@FunctionalInterface
public interface CommitListener {

    void committed(List<StoreBatch.Received> records);
}

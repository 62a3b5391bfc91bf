package io.sitewatch.core.port;

import io.sitewatch.core.model.Received;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Told about records once they are durably stored (the next step of the message path, e.g. alarm
 * evaluation). Called on the pipeline's event loop; must not block.
 */
@FunctionalInterface
public interface CommitListener {

    /**
     * Hands over committed records. The returned stage completes once the listener is done with
     * them: until then the pipeline counts them towards its backlog limit, so a listener that
     * falls behind slows reading from the broker instead of queueing records without limit.
     */
    CompletionStage<Void> committed(List<Received> records);
}

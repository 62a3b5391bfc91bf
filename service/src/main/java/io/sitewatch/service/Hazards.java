package io.sitewatch.service;

import io.sitewatch.core.model.Received;
import io.sitewatch.core.port.CommitListener;
import io.sitewatch.ingest.query.JdbcDeviceEvents;
import io.sitewatch.platform.http.RouteGroup;
import io.sitewatch.supervision.hazard.Deadlines;
import io.sitewatch.supervision.hazard.HazardLedger;
import io.sitewatch.supervision.hazard.HazardMetrics;
import io.sitewatch.supervision.hazard.HazardRoutes;
import io.sitewatch.supervision.hazard.HazardStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The hazard ledger in the service: told of committed recorder events (a step after storage, like
 * the alarm engine) and built with its routes once the database, registry and alarm engine run.
 * The message path starts after the routes, so no record arrives before the ledger exists.
 */
final class Hazards implements CommitListener {

    private final Clock clock;
    private volatile HazardLedger ledger;

    Hazards(Clock clock) {
        this.clock = clock;
    }

    RouteGroup routes(SiteWatchService.Parts parts) {
        HazardStore store = new HazardStore(parts.dataSource());
        // The recorders' events are ingest's, read again at start through its port.
        ledger = new HazardLedger(parts.vertx(), store, parts.registry(), new JdbcDeviceEvents(parts.dataSource()), clock,
                Deadlines.bundled(), new HazardMetrics(parts.prometheus())).start();
        return new HazardRoutes(parts.api(), ledger, store, parts.registry());
    }

    @Override
    public CompletionStage<Void> committed(List<Received> records) {
        HazardLedger l = ledger;
        // Not built yet (cannot happen once started): the ledger reads the recorders' events again at start.
        return l == null ? CompletableFuture.completedFuture(null) : l.committed(records);
    }
}

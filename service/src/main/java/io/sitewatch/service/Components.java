package io.sitewatch.service;

import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.rating.http.RatingRoutes;
import io.sitewatch.rating.store.JdbcRatingData;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.workflow.RatingWorkflow;
import java.time.Clock;

/** Assembles the service with every module the product ships: the core message path, rating, consoles. */
final class Components {

    private Components() {
    }

    static SiteWatchService service(SiteWatchConfig config) {
        return new SiteWatchService(config)
                .withRoutes(Components::rating)
                .withRoutes(parts -> new ConsoleRoutes());
    }

    private static RatingRoutes rating(SiteWatchService.Parts parts) {
        RatingWorkflow workflow = new RatingWorkflow(new RatingStore(parts.dataSource()),
                new JdbcRatingData(parts.dataSource()), Clock.systemUTC());
        return new RatingRoutes(parts.api(), parts.registry(), workflow);
    }
}

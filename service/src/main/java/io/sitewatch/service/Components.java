package io.sitewatch.service;

import io.sitewatch.ingest.app.SiteWatchService;
import io.sitewatch.ingest.config.SiteWatchConfig;

/** Assembles the service with every module the product ships (ingest now; alarms, rating, consoles as they land). */
final class Components {

    private Components() {
    }

    static SiteWatchService service(SiteWatchConfig config) {
        return new SiteWatchService(config)
                .withRoutes(io.sitewatch.rating.http.RatingRoutes::create)
                .withRoutes(parts -> new ConsoleRoutes());
    }
}

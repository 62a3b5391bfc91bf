package io.sitewatch.service;

import io.sitewatch.alarms.query.JdbcAlarmQueries;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.ingest.query.JdbcDeviceEvents;
import io.sitewatch.ingest.query.JdbcTelemetryRollups;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.http.RatingRoutes;
import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.store.PortRatingData;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.workflow.RatingWorkflow;
import io.sitewatch.platform.http.RouteGroup;
import io.sitewatch.supervision.letter.LetterDesk;
import io.sitewatch.supervision.letter.LetterJson;
import io.sitewatch.supervision.letter.LetterReport;
import io.sitewatch.supervision.letter.LetterRoutes;
import io.sitewatch.supervision.letter.LetterStore;
import io.sitewatch.supervision.letter.LetterTemplate;
import io.sitewatch.supervision.notify.Notifier;
import io.sitewatch.supervision.risk.LetterFacts;
import io.sitewatch.supervision.risk.InspectionStore;
import io.sitewatch.supervision.risk.RiskData;
import io.sitewatch.supervision.risk.RiskRanking;
import io.sitewatch.supervision.risk.RiskRoutes;
import io.sitewatch.supervision.theme.ThemeCatalog;
import io.sitewatch.supervision.theme.ThemeData;
import io.sitewatch.supervision.theme.ThemeRoutes;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.registry.JdbcRegistryQueries;
import io.sitewatch.registry.RegistryCache;
import io.sitewatch.registry.RegistryService;
import io.sitewatch.registry.RegistryStore;
import io.sitewatch.core.protocol.WireProtocol;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Assembles the service with every module the product ships: the core message path, rating, the
 * hazard ledger, notifications, the early warning, consoles.
 */
final class Components {

    private Components() {
    }

    static SiteWatchService service(SiteWatchConfig config) {
        return service(config, Clock.systemUTC());
    }

    /**
     * On another clock (server time of the whole service, the hazard ledger's deadlines and the
     * notifications' escalations too): tests move it forward to see a hazard fall overdue.
     */
    static SiteWatchService service(SiteWatchConfig config, Clock clock) {
        Hazards hazards = new Hazards(clock);
        return new SiteWatchService(config, clock)
                .withRoutes(Components::rating)
                // The printable report is one self-contained page: its style element is allowed by hash.
                .withStyleSource(RatingReport.styleSource())
                .withCommitListener(hazards)
                .withRoutes(hazards::routes)
                .withRoutes(parts -> notifications(parts, config))
                .withRoutes(parts -> new RiskRoutes(parts.api(), riskRanking(parts.dataSource(), parts.registry()), parts.registry(), clock,
                        new InspectionStore(parts.dataSource()), themeProjects(themeData(parts.dataSource(), parts.registry()))))
                .withRoutes(parts -> new ThemeRoutes(parts.api(), ThemeCatalog.bundled(), themeData(parts.dataSource(), parts.registry()), clock))
                // Warning letters: their printable page is one self-contained page too.
                .withStyleSource(LetterReport.styleSource())
                .withRoutes(parts -> letters(parts, clock))
                .withRoutes(parts -> new ConsoleRoutes());
    }

    /**
     * Notifications: triggered by the alarm engine's and the hazard ledger's events, reading alarm
     * states through the alarms' port; they run until Vert.x closes with the service.
     */
    private static RouteGroup notifications(SiteWatchService.Parts parts, SiteWatchConfig config) throws Exception {
        Notifier notifier = new Notifier(parts.vertx(), parts.dataSource(), config.notifications(), parts.registry(),
                new JdbcAlarmQueries(parts.dataSource()), parts.prometheus(), parts.alarms().clock()).start();
        return notifier.routes(parts.api());
    }

    /**
     * Warning letters drafted from the early-warning ranking, on the service's clock (a letter's
     * deadline and whether it is overdue); each committed change is published on
     * {@link LetterDesk#ADDRESS}.
     */
    private static RouteGroup letters(SiteWatchService.Parts parts, Clock clock) {
        RiskRanking ranking = riskRanking(parts.dataSource(), parts.registry());
        LetterDesk desk = new LetterDesk(new LetterStore(parts.dataSource()), ranking, parts.registry(), clock, LetterTemplate.bundled(),
                ch -> parts.vertx().eventBus().publish(LetterDesk.ADDRESS, LetterJson.change(ch)));
        return new LetterRoutes(parts.api(), desk, ranking, parts.registry());
    }

    /**
     * The warning letters as the risk model reads them (the letters overdue per project), over one
     * database: what {@link RiskData} reads for the ranking and the {@code risk rank} command alike.
     */
    static LetterFacts letterFacts(DataSource ds) {
        return new LetterStore(ds);
    }

    /**
     * What the rating reads, over one database: the registry, ingest's rollups and events and the
     * alarms through the ports their modules implement, and the rating's own tables. Also handed to
     * the {@code rating compute} command.
     */
    static RatingData ratingData(DataSource ds) {
        return new PortRatingData(ds, new JdbcRegistryQueries(ds), new JdbcTelemetryRollups(ds), new JdbcDeviceEvents(ds),
                new JdbcAlarmQueries(ds));
    }

    /**
     * What the early warning ranks by, over one database: the registry, the alarms' tallies,
     * ingest's rollups and events through their ports, the hazard ledger's own tables and the
     * overdue warning letters. Also handed to the {@code risk rank} command.
     */
    static RiskRanking riskRanking(DataSource ds, RegistryLookup registry) {
        return new RiskRanking(new RiskData(ds, registry, new JdbcRegistryQueries(ds), new JdbcAlarmQueries(ds),
                new JdbcTelemetryRollups(ds), new JdbcDeviceEvents(ds), DutyRules.bundled(), letterFacts(ds)));
    }

    /**
     * What a monthly theme's report reads: the registry, ingest's rollups and the alarms' tallies
     * through their ports, and the hazard ledger's own table.
     */
    static ThemeData themeData(DataSource ds, RegistryLookup registry) {
        return new ThemeData(ds, registry, new JdbcAlarmQueries(ds), new JdbcTelemetryRollups(ds));
    }

    /** A theme's projects (a device of its kinds, in any region) for the inspection draw; null for a theme not shipped. */
    private static java.util.function.Function<String, java.util.Set<String>> themeProjects(ThemeData data) {
        ThemeCatalog catalog = ThemeCatalog.bundled();
        return id -> {
            ThemeCatalog.Theme t = catalog.theme(id);
            return t == null ? null : data.themeSites(t, r -> true).stream().map(io.sitewatch.core.registry.Site::siteId)
                    .collect(java.util.stream.Collectors.toSet());
        };
    }

    /** The ranking over a database not served by this process: the registry read once, then ranked (the {@code risk rank} command). */
    static RiskRanking riskRankingForReading(DataSource ds) throws java.sql.SQLException {
        RegistryService registry = new RegistryService(new RegistryStore(ds), new RegistryCache(), WireProtocol.v1());
        registry.loadAll();
        return riskRanking(ds, registry.cache());
    }

    private static RatingRoutes rating(SiteWatchService.Parts parts) {
        RatingWorkflow workflow = new RatingWorkflow(new RatingStore(parts.dataSource()),
                ratingData(parts.dataSource()), Clock.systemUTC());
        return new RatingRoutes(parts.api(), parts.registry(), workflow);
    }
}

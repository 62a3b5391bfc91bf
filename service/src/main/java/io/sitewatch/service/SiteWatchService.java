package io.sitewatch.service;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.alarms.engine.AlarmEngine;
import io.sitewatch.alarms.engine.AlarmMetrics;
import io.sitewatch.alarms.engine.AlarmStore;
import io.sitewatch.alarms.engine.RuleSource;
import io.sitewatch.alarms.engine.StateLoader;
import io.sitewatch.alarms.live.AlarmRoutes;
import io.sitewatch.alarms.live.AlarmStream;
import io.sitewatch.alarms.live.DeviceConnectionRoutes;
import io.sitewatch.alarms.live.OverviewRoutes;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.platform.auth.TokenAuthenticator;
import io.sitewatch.platform.login.AccountRoutes;
import io.sitewatch.platform.login.Accounts;
import io.sitewatch.platform.login.LoginThrottle;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.ApiServerVerticle;
import io.sitewatch.registry.CalendarRoutes;
import io.sitewatch.registry.PersonnelRoutes;
import io.sitewatch.registry.RegistryRoutes;
import io.sitewatch.registry.SiteAttendance;
import io.sitewatch.platform.http.RouteGroup;
import io.sitewatch.ingest.http.TelemetryRoutes;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.ingest.query.JdbcDeviceEvents;
import io.sitewatch.ingest.query.JdbcDeviceStatuses;
import io.sitewatch.ingest.query.JdbcTelemetryHistory;
import io.sitewatch.ingest.mqtt.MqttConsumerVerticle;
import io.sitewatch.core.port.CommitListener;
import io.sitewatch.ingest.pipeline.IngestPipeline;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.fleet.FleetFile;
import io.sitewatch.registry.RegistryCache;
import io.sitewatch.registry.RegistryListener;
import io.sitewatch.registry.RegistryService;
import io.sitewatch.registry.RegistryStore;
import io.sitewatch.ingest.store.BatchWriter;
import io.sitewatch.platform.db.Database;
import io.sitewatch.ingest.store.DeadLetterQueries;
import io.sitewatch.ingest.store.Housekeeping;
import io.sitewatch.ingest.store.StorageLayout;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.ingest.store.TelemetryQueries;
import io.sitewatch.ingest.validate.MessageReader;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the service: builds every part from the configuration, starts them in
 * dependency order (database and schema, registry, HTTP API, MQTT consumer, housekeeping) and
 * stops them in reverse, committing what has arrived before disconnecting.
 */
public final class SiteWatchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SiteWatchService.class);
    private static final long DATABASE_WAIT_MS = 60_000;

    private final SiteWatchConfig config;
    private final List<RouteFactory> extraRoutes = new ArrayList<>();
    private final List<CommitListener> listeners = new ArrayList<>();

    private PrometheusMeterRegistry prometheus;
    private Vertx vertx;
    private Database database;
    private StorageMode storageMode;
    private RegistryService registry;
    private RegistryListener registryListener;
    private Housekeeping housekeeping;
    private IngestMetrics metrics;
    private ApiServerVerticle api;
    private WorkerExecutor writerThread;
    private BatchWriter writer;
    private String consumerDeployment;
    private ApiContext apiContext;
    private AlarmEngine alarms;
    private Accounts accounts;
    private boolean registryWasEmpty;

    private final Clock clock;

    public SiteWatchService(SiteWatchConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * On another clock: server time for receiving messages, offline deadlines, the daily papers
     * run and attendance. Tests put the service on a site's working morning, a national holiday or
     * 03:00 and move it forward; the clock must run at the real rate (timers are real).
     */
    public SiteWatchService(SiteWatchConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * What another module needs to add its routes (ratings, consoles): the running parts, handed
     * over once the database, registry and alarm engine are up and before the HTTP API listens.
     */
    public record Parts(Vertx vertx, ApiContext api, javax.sql.DataSource dataSource, RegistryCache registry,
                        AlarmEngine alarms, AlarmStore alarmStore, PrometheusMeterRegistry prometheus, StorageMode storage) {
    }

    /** Builds a route group from the running parts. */
    @FunctionalInterface
    public interface RouteFactory {
        RouteGroup create(Parts parts) throws Exception;
    }

    /** Adds routes (ratings, consoles) before {@link #start()}; they are mounted after the core API. */
    public SiteWatchService withRoutes(RouteFactory factory) {
        extraRoutes.add(factory);
        return this;
    }

    /** Adds a step after storage (alarm evaluation) before {@link #start()}. */
    public SiteWatchService withCommitListener(CommitListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The people who sign in (after {@link #start()}). */
    public Accounts accounts() {
        return accounts;
    }

    public SiteWatchService start() throws Exception {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        metrics = new IngestMetrics(prometheus);
        vertx = Vertx.builder()
                .with(new io.vertx.core.VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(prometheus))
                .build();

        database = new Database(config.database());
        awaitDatabase();
        storageMode = Schemas.migrate(database.pool(), config.database().timescale());
        StorageLayout layout = StorageLayout.of(storageMode, config.database().retentionDays(),
                config.database().partitionsAheadDays());
        DeadLetterQueries deadLetters = new DeadLetterQueries(database.pool());
        WorkerExecutor housekeepingWorker = housekeepingWorker(vertx);
        housekeeping = new Housekeeping(vertx, housekeepingWorker, database, layout, deadLetters);
        housekeeping.maintainNow();

        WireProtocol protocol = WireProtocol.v1();
        registry = new RegistryService(new RegistryStore(database.pool()), new RegistryCache(), protocol);
        registry.loadAll();
        registryWasEmpty = registry.cache().sites().isEmpty();
        if (config.fleetFile() != null) {
            registry.importFleet(FleetFile.read(Path.of(config.fleetFile())));
        }
        registryListener = new RegistryListener(database, registry);
        registryListener.start();

        // Alarm engine: rules, state rebuilt from the database, shards deployed before intake opens.
        SiteWatchConfig.Alarms ac = config.alarms();
        RuleSource rules = new RuleSource(new RuleLoader(protocol, clock), ac.rulesFile() == null ? null : Path.of(ac.rulesFile()));
        AlarmStore alarmStore = new AlarmStore(database.pool());
        AlarmMetrics alarmMetrics = new AlarmMetrics(prometheus);
        // The replayed samples and operator logins are ingest's, read through its ports.
        JdbcDeviceEvents deviceEvents = new JdbcDeviceEvents(database.pool());
        StateLoader stateLoader = new StateLoader(alarmStore, new JdbcTelemetryHistory(database.pool()), deviceEvents,
                new JdbcDeviceStatuses(database.pool()));
        alarms = new AlarmEngine(vertx, registry.cache(), alarmStore, rules, alarmMetrics, stateLoader, ac.shards(),
                ac.latenessMs(), java.time.Duration.ofMinutes(ac.offlineGraceMinutes()), clock);
        alarms.start();
        listeners.add(0, alarms);
        if (ac.rulesFile() != null) {
            long every = ac.rulesCheckIntervalS() * 1000L;
            vertx.setPeriodic(every, every, id -> vertx.executeBlocking(() -> {
                rules.reloadIfChanged();
                return null;
            }, false));
        }

        apiContext = new ApiContext(vertx.createSharedWorkerExecutor("sitewatch-api", config.database().poolSize()));
        List<RouteGroup> groups = new ArrayList<>();
        groups.add(new SystemRoutes(apiContext, prometheus, metrics, storageMode, database.pool()));
        accounts = new Accounts(database.pool(), clock, java.time.Duration.ofHours(config.auth().sessionHours()));
        groups.add(new AccountRoutes(apiContext, accounts, new LoginThrottle(clock)));
        // Before the registry's: adds the device's connection (online, off, offline) to its device.
        groups.add(new DeviceConnectionRoutes(alarms));
        groups.add(new RegistryRoutes(apiContext, registry));
        groups.add(new CalendarRoutes(apiContext, registry));
        // Attendance reads the recorders' clock-ins, which ingest stores, through its port.
        groups.add(new PersonnelRoutes(apiContext, registry, new SiteAttendance(registry, deviceEvents, DutyRules.bundled(), clock)));
        groups.add(new TelemetryRoutes(apiContext, registry.cache(), new TelemetryQueries(database.pool()), deadLetters));
        groups.add(new AlarmStream(vertx, alarmMetrics));
        groups.add(new AlarmRoutes(apiContext, alarms, alarmStore));
        groups.add(new OverviewRoutes(apiContext, alarms, alarmStore, registry.cache()));
        Parts parts = new Parts(vertx, apiContext, database.pool(), registry.cache(), alarms, alarmStore, prometheus, storageMode);
        for (RouteFactory f : extraRoutes) {
            groups.add(f.create(parts));
        }
        api = new ApiServerVerticle(config.http().host(), config.http().port(),
                new TokenAuthenticator(config.auth().tokens()), accounts.lookup(apiContext), groups);
        await(vertx.deployVerticle(api).toCompletionStage().toCompletableFuture());

        writerThread = vertx.createSharedWorkerExecutor("sitewatch-writer", 1);
        writer = new BatchWriter(database, layout, "sitewatch-writer");
        MessageReader reader = new MessageReader(protocol, registry.cache());
        MqttConsumerVerticle consumer = new MqttConsumerVerticle(config.mqtt(), () -> new IngestPipeline(vertx, reader,
                writer, writerThread, config.ingest(), metrics, listeners, clock), metrics);
        consumerDeployment = await(vertx.deployVerticle(consumer).toCompletionStage().toCompletableFuture());
        housekeeping.start();
        LOG.info("SiteWatch is up: HTTP port {}, broker {}, storage {}", api.actualPort(), config.mqtt().url(),
                storageMode.label());
        return this;
    }

    /**
     * The one housekeeping thread. Its jobs may run for minutes by design (rolling up a backlog of
     * late data, dropping a partition), so it is not reported as blocked before 30 minutes.
     */
    static WorkerExecutor housekeepingWorker(Vertx vertx) {
        return vertx.createSharedWorkerExecutor("sitewatch-housekeeping", 1, 30, TimeUnit.MINUTES);
    }

    private void awaitDatabase() throws InterruptedException, SQLException {
        long deadline = System.currentTimeMillis() + DATABASE_WAIT_MS;
        while (true) {
            try (Connection c = database.pool().getConnection()) {
                return;
            } catch (SQLException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new SQLException("database " + config.database().jdbcUrl() + " not reachable for "
                            + DATABASE_WAIT_MS / 1000 + " s: " + e.getMessage(), e);
                }
                LOG.info("waiting for the database: {}", e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    public java.util.Set<String> routePaths() {
        return api.routePaths();
    }

    public int httpPort() {
        return api.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public Database database() {
        return database;
    }

    public StorageMode storageMode() {
        return storageMode;
    }

    public RegistryService registry() {
        return registry;
    }

    /** Whether the registry held no site when this start began, before the fleet file's import: a first start. */
    public boolean registryWasEmptyAtStart() {
        return registryWasEmpty;
    }

    public Housekeeping housekeeping() {
        return housekeeping;
    }

    public PrometheusMeterRegistry prometheus() {
        return prometheus;
    }

    public AlarmEngine alarms() {
        return alarms;
    }

    public ApiContext apiContext() {
        return apiContext;
    }

    @Override
    public void close() {
        LOG.info("SiteWatch stopping");
        if (housekeeping != null) {
            housekeeping.stop();
        }
        try {
            if (consumerDeployment != null) {
                vertx.undeploy(consumerDeployment).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("consumer did not stop cleanly: {}", e.toString());
        }
        if (alarms != null) {
            alarms.stop();
        }
        if (registryListener != null) {
            registryListener.close();
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly: {}", e.toString());
            }
        }
        if (writer != null) {
            writer.close();
        }
        if (database != null) {
            database.close();
        }
        LOG.info("SiteWatch stopped");
    }
}

package io.sitewatch.supervision.notify;

import io.sitewatch.platform.time.Timers;

import io.micrometer.core.instrument.MeterRegistry;
import io.sitewatch.core.config.Notifications;
import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.region.Regions;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.platform.http.ApiContext;
import io.sitewatch.platform.http.RouteGroup;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications, assembled: the triggers on the alarm and hazard addresses of the event bus, the
 * escalation watch, the dispatcher verticle and the admin's outbox list. The triggers and the
 * escalation watch do their database work on {@code sitewatch-notify} (one ordered worker thread);
 * the dispatcher sends on {@code sitewatch-notify-dispatch}. Nothing here runs on the message path.
 */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    /** How often due escalations are looked for. */
    static final long ESCALATION_TICK_MS = 1000;
    private static final long FIRST_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 30_000;
    private static final int MAX_TRIGGER_TRIES = 12;

    private final Vertx vertx;
    private final Notifications config;
    private final Outbox outbox;
    private final NotifyMetrics metrics;
    private final InstantSource clock;
    private final Timers timers;
    private final NotificationIntake intake;
    private final NotificationPlan plan;
    private final DataSource ds;
    private final AlarmQueries alarms;
    private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
    private WorkerExecutor worker;
    private EscalationWatch escalations;
    private String dispatcher;

    /**
     * @param registry names of sites and devices for the messages' text
     * @param alarms   whether an alarm is still open and unacknowledged, before an escalation step
     * @param clock    the service's clock: when messages are due, when an escalation comes up
     */
    public Notifier(Vertx vertx, DataSource ds, Notifications config, RegistryLookup registry, AlarmQueries alarms,
                    MeterRegistry meters, InstantSource clock) {
        this(vertx, ds, config, registry, alarms, meters, clock, Timers.of(vertx));
    }

    Notifier(Vertx vertx, DataSource ds, Notifications config, RegistryLookup registry, AlarmQueries alarms,
             MeterRegistry meters, InstantSource clock, Timers timers) {
        this.vertx = vertx;
        this.ds = ds;
        this.config = config;
        this.alarms = alarms;
        this.outbox = new Outbox(ds);
        this.metrics = new NotifyMetrics(meters);
        this.clock = clock;
        this.timers = timers;
        this.plan = new NotificationPlan(config, new MessageText(registry, Regions.bundled()));
        this.intake = new NotificationIntake(ds, plan, metrics);
    }

    /** Subscribes the triggers, starts the escalation watch and deploys the dispatcher (blocking). */
    public Notifier start() throws Exception {
        worker = vertx.createSharedWorkerExecutor("sitewatch-notify", 1, 60, TimeUnit.SECONDS);
        consumers.add(vertx.eventBus().consumer(NotificationIntake.ALARMS,
                msg -> submit(intake.alarmJob(json(msg.body()), clock.millis()), 1)));
        consumers.add(vertx.eventBus().consumer(NotificationIntake.HAZARDS,
                msg -> submit(intake.hazardJob(json(msg.body())), 1)));
        consumers.add(vertx.eventBus().consumer(NotificationIntake.LETTERS,
                msg -> submit(intake.letterJob(json(msg.body())), 1)));
        escalations = new EscalationWatch(ds, plan, alarms, metrics, clock, timers,
                work -> worker.executeBlocking(() -> {
                    work.run();
                    return null;
                }, true), ESCALATION_TICK_MS);
        escalations.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.delivery().timeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, Channel> channels = new LinkedHashMap<>();
        config.channels().forEach((id, c) -> channels.put(id, Channel.of(c, http)));
        dispatcher = vertx.deployVerticle(new Dispatcher(outbox, channels, config.delivery(), metrics, clock),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                                .setWorkerPoolName("sitewatch-notify-dispatch").setWorkerPoolSize(1))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("notifications: {} channels, {} routes, on-call lists for {} regions; escalation after {} min",
                channels.size(), config.routes().size(), config.onCall().size(), config.escalateAfterMinutes());
        return this;
    }

    /** The admin's list of the outbox. */
    public RouteGroup routes(ApiContext api) {
        return new NotificationRoutes(api, outbox);
    }

    /** Stops the triggers, the watch and the dispatcher (closing Vert.x does the same). */
    public void stop() {
        consumers.forEach(MessageConsumer::unregister);
        if (escalations != null) {
            escalations.stop();
        }
        if (dispatcher != null) {
            try {
                vertx.undeploy(dispatcher).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("notification dispatcher did not stop cleanly: {}", e.toString());
            }
        }
        if (worker != null) {
            worker.close();
        }
    }

    /**
     * Stores a job on the worker; a failure (the database away) is tried again with back-off, a
     * few times over about five minutes, then given up with an error in the log.
     */
    private void submit(NotificationIntake.Job job, int attempt) {
        if (job.empty()) {
            return;
        }
        worker.executeBlocking(() -> intake.apply(job, clock.millis()), true).onFailure(e -> {
            metrics.triggerError();
            if (attempt >= MAX_TRIGGER_TRIES) {
                LOG.error("notifications of a change ({}) not queued after {} tries, given up: {}", job.event(), attempt,
                        e.toString());
                return;
            }
            long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt - 1, 16));
            LOG.warn("notifications of a change ({}) not queued, trying again in {} ms: {}", job.event(), delay, e.toString());
            vertx.setTimer(delay, id -> submit(job, attempt + 1));
        });
    }

    /** The body of an event: a JSON object, or its text; anything else is ignored (logged). */
    private static JsonObject json(Object body) {
        try {
            if (body instanceof JsonObject o) {
                return o;
            }
            if (body instanceof String s) {
                return new JsonObject(s);
            }
            if (body instanceof io.vertx.core.buffer.Buffer b) {
                return b.toJsonObject();
            }
        } catch (RuntimeException e) {
            LOG.warn("an event that is not JSON is ignored: {}", e.getMessage());
            return null;
        }
        LOG.warn("an event of type {} is ignored", body == null ? "null" : body.getClass().getName());
        return null;
    }
}

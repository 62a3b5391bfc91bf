package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.Timers;

import io.sitewatch.core.model.Received;

import io.sitewatch.alarms.rule.InvalidRulesException;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.port.CommitListener;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm engine: the step after storage on the message path. Committed records are routed to
 * the shard that owns their device; each shard evaluates on its own event loop and writes its
 * transitions before they are published on the event bus (address {@link #ADDRESS}) for the
 * live feed. State is rebuilt from the database before intake opens.
 */
public final class AlarmEngine implements CommitListener {

    public static final String ADDRESS = "sitewatch.alarms";
    /** The default of {@code alarms.offlineGraceMinutes}. */
    public static final Duration DEFAULT_OFFLINE_GRACE = Duration.ofMinutes(30);
    private static final Logger LOG = LoggerFactory.getLogger(AlarmEngine.class);

    /** An acknowledgement of an alarm that is not open (cleared, unknown, or already acknowledged). */
    public static final class NotOpenException extends RuntimeException {
        public NotOpenException(String message) {
            super(message, null, false, false);
        }
    }

    private final Vertx vertx;
    private final RegistryLookup registry;
    private final AlarmStore store;
    private final RuleSource rules;
    private final AlarmMetrics metrics;
    private final StateLoader stateLoader;
    private final long latenessMs;
    private final InstantSource clock;
    private final Timers timers;
    private final long offlineGraceMs;
    private final List<AlarmShard> shards = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();

    /**
     * {@code clock} is the engine's only source of server time: offline deadlines, the time of
     * each transition and acknowledgement, last-seen times at start. Its timers are Vert.x timers.
     */
    public AlarmEngine(Vertx vertx, RegistryLookup registry, AlarmStore store, RuleSource rules, AlarmMetrics metrics,
                       StateLoader stateLoader, int shardCount, long latenessMs, InstantSource clock) {
        this(vertx, registry, store, rules, metrics, stateLoader, shardCount, latenessMs, DEFAULT_OFFLINE_GRACE, clock);
    }

    /**
     * {@code offlineGrace}: at each end of its site's working span a working-hours device is not
     * yet (or no longer) expected to report ({@code alarms.offlineGraceMinutes}).
     */
    public AlarmEngine(Vertx vertx, RegistryLookup registry, AlarmStore store, RuleSource rules, AlarmMetrics metrics,
                       StateLoader stateLoader, int shardCount, long latenessMs, Duration offlineGrace,
                       InstantSource clock) {
        this(vertx, registry, store, rules, metrics, stateLoader, shardCount, latenessMs, clock, Timers.of(vertx),
                offlineGrace);
    }

    /** With other timers: tests run the engine on a virtual clock that also fires its timers. */
    AlarmEngine(Vertx vertx, RegistryLookup registry, AlarmStore store, RuleSource rules, AlarmMetrics metrics,
                StateLoader stateLoader, int shardCount, long latenessMs, InstantSource clock, Timers timers) {
        this(vertx, registry, store, rules, metrics, stateLoader, shardCount, latenessMs, clock, timers,
                DEFAULT_OFFLINE_GRACE);
    }

    AlarmEngine(Vertx vertx, RegistryLookup registry, AlarmStore store, RuleSource rules, AlarmMetrics metrics,
                StateLoader stateLoader, int shardCount, long latenessMs, InstantSource clock, Timers timers,
                Duration offlineGrace) {
        this.offlineGraceMs = offlineGrace.toMillis();
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
        this.rules = rules;
        this.metrics = metrics;
        this.stateLoader = stateLoader;
        this.latenessMs = latenessMs;
        this.clock = clock;
        this.timers = timers;
        for (int i = 0; i < shardCount; i++) {
            shards.add(new AlarmShard(i, this));
        }
    }

    /** Loads state and deploys the shards; blocking, call before the MQTT consumer starts. */
    public void start() throws Exception {
        long started = clock.millis();
        StateLoader.Snapshot snap = stateLoader.load(rules.current());
        Map<String, List<Alarm>> openByDevice = new HashMap<>();
        for (Alarm a : snap.open()) {
            openByDevice.computeIfAbsent(a.deviceId(), d -> new ArrayList<>()).add(a);
            metrics.openChanged(a.level(), 1);
        }
        int samples = 0;
        for (Device d : registry.devices()) {
            List<StateLoader.Sample> s = snap.samples().getOrDefault(d.deviceId(), List.of());
            samples += s.size();
            shardOf(d.deviceId()).preload(d, openByDevice.getOrDefault(d.deviceId(), List.of()), s,
                    snap.lastSeen().get(d.deviceId()), snap.operators().get(d.deviceId()),
                    snap.statuses().get(d.deviceId()), started);
        }
        for (AlarmShard shard : shards) {
            String id = vertx.deployVerticle(shard).toCompletionStage().toCompletableFuture().get();
            deployments.add(id);
        }
        LOG.info("alarm engine ready: {} rules, {} open alarms, {} samples replayed into {} shards in {} ms",
                rules.current().rules().size(), snap.open().size(), samples, shards.size(), clock.millis() - started);
    }

    @Override
    public CompletionStage<Void> committed(List<Received> records) {
        return evaluate(records).toCompletionStage();
    }

    private Future<Void> evaluate(List<Received> records) {
        if (shards.size() == 1) {
            return dispatch(0, records);
        }
        List<List<Received>> parts = new ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            parts.add(new ArrayList<>());
        }
        for (Received r : records) {
            parts.get(indexOf(r.record().device().deviceId())).add(r);
        }
        List<Future<Void>> handled = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).isEmpty()) {
                handled.add(dispatch(i, parts.get(i)));
            }
        }
        return Future.all(handled).mapEmpty();
    }

    /** Completes once the shard has evaluated the records (not when their transitions are stored). */
    private Future<Void> dispatch(int shard, List<Received> records) {
        AlarmShard s = shards.get(shard);
        Promise<Void> handled = Promise.promise();
        s.context().runOnContext(v -> {
            try {
                s.handle(records);
                handled.complete();
            } catch (RuntimeException e) {
                handled.fail(e);
            }
        });
        return handled.future();
    }

    /** Acknowledges an open alarm on the shard that owns it; completes once the change is stored. */
    public Future<Alarm> acknowledge(Alarm alarm, String by, String comment) {
        AlarmShard s = shardOf(alarm.deviceId());
        Promise<Alarm> p = Promise.promise();
        s.context().runOnContext(v -> s.acknowledge(alarm.id(), by, comment).onComplete(p));
        return p.future();
    }

    /**
     * The device's connection as the engine sees it (online, off with its reason, offline), read on
     * the shard that owns it; completes with null for a device the engine does not know.
     */
    public Future<DeviceConnection> connection(String deviceId) {
        AlarmShard s = shardOf(deviceId);
        Promise<DeviceConnection> p = Promise.promise();
        s.context().runOnContext(v -> p.complete(s.connection(deviceId)));
        return p.future();
    }

    /**
     * The connections of a site's devices the engine has heard of, by device id, each read on the
     * shard that owns it (one hop per shard, not per device).
     */
    public Future<Map<String, DeviceConnection>> connectionsOfSite(String siteId) {
        Map<AlarmShard, List<String>> byShard = new HashMap<>();
        for (Device d : registry.devices()) {
            if (siteId.equals(d.siteId())) {
                byShard.computeIfAbsent(shardOf(d.deviceId()), s -> new ArrayList<>()).add(d.deviceId());
            }
        }
        List<Future<Map<String, DeviceConnection>>> parts = new ArrayList<>();
        byShard.forEach((shard, ids) -> {
            Promise<Map<String, DeviceConnection>> p = Promise.promise();
            shard.context().runOnContext(v -> {
                Map<String, DeviceConnection> m = new HashMap<>();
                for (String id : ids) {
                    DeviceConnection c = shard.connection(id);
                    if (c != null) {
                        m.put(id, c);
                    }
                }
                p.complete(m);
            });
            parts.add(p.future());
        });
        return Future.all(parts).map(all -> {
            Map<String, DeviceConnection> out = new TreeMap<>();
            parts.forEach(f -> out.putAll(f.result()));
            return out;
        });
    }

    /**
     * How the devices of the sites that pass {@code sites} are connected: online, off, offline, and
     * {@code unknown} for those never heard of since the engine started. One pass per shard.
     */
    /** The region of a site as the registry has it (null for an unknown site). */
    public String regionOf(String siteId) {
        var s = registry.site(siteId);
        return s == null ? null : s.region();
    }

    public Future<Map<String, Integer>> connectionCounts(java.util.function.Predicate<String> sites) {
        List<Future<Map<String, Integer>>> parts = new ArrayList<>();
        for (AlarmShard shard : shards) {
            Promise<Map<String, Integer>> p = Promise.promise();
            shard.context().runOnContext(v -> p.complete(shard.connectionCounts(sites)));
            parts.add(p.future());
        }
        return Future.all(parts).map(all -> {
            Map<String, Integer> out = new TreeMap<>(Map.of(DeviceConnection.ONLINE, 0, DeviceConnection.OFF, 0,
                    DeviceConnection.OFFLINE, 0));
            parts.forEach(f -> f.result().forEach((k, n) -> out.merge(k, n, Integer::sum)));
            long known = registry.devices().stream().filter(d -> sites.test(d.siteId())).count();
            int heard = out.values().stream().mapToInt(Integer::intValue).sum();
            out.put("unknown", (int) Math.max(0, known - heard));
            return out;
        });
    }

    /** How many of a site's devices heard of are online, off and offline. */
    public record SiteConnections(int online, int off, int offline) {

        public static final SiteConnections NONE = new SiteConnections(0, 0, 0);

        SiteConnections plus(SiteConnections o) {
            return new SiteConnections(online + o.online, off + o.off, offline + o.offline);
        }
    }

    /**
     * The connections of the devices of the sites that pass {@code sites}, per site (sites with no
     * device heard of are left out). One pass per shard, on the shard's event loop.
     */
    public Future<Map<String, SiteConnections>> connectionsBySite(java.util.function.Predicate<String> sites) {
        List<Future<Map<String, SiteConnections>>> parts = new ArrayList<>();
        for (AlarmShard shard : shards) {
            Promise<Map<String, SiteConnections>> p = Promise.promise();
            shard.context().runOnContext(v -> p.complete(shard.connectionsBySite(sites)));
            parts.add(p.future());
        }
        return Future.all(parts).map(all -> {
            Map<String, SiteConnections> out = new HashMap<>();
            parts.forEach(f -> f.result().forEach((site, c) -> out.merge(site, c, SiteConnections::plus)));
            return out;
        });
    }

    public RuleSet rules() {
        return rules.current();
    }

    public RuleSource ruleSource() {
        return rules;
    }

    /** Re-reads the rules file; the new rules apply to the next sample of each device. */
    public RuleSet reloadRules() throws InvalidRulesException {
        return rules.reload();
    }

    RegistryLookup registry() {
        return registry;
    }

    AlarmStore store() {
        return store;
    }

    AlarmMetrics metrics() {
        return metrics;
    }

    long latenessMs() {
        return latenessMs;
    }

    /** The engine's server time (injected: tests run it on a moved or virtual clock). */
    public InstantSource clock() {
        return clock;
    }

    Timers timers() {
        return timers;
    }

    long offlineGraceMs() {
        return offlineGraceMs;
    }

    /** Whether shard {@code shard} owns the device. */
    boolean owns(int shard, String deviceId) {
        return indexOf(deviceId) == shard;
    }

    String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Publishes a stored change; an alarm of a rule that the rules file marks as evidence of a major
     * hazard carries that mark ({@code majorHazard}), for the hazard ledger, which knows no rules.
     */
    void publish(AlarmChange change) {
        io.vertx.core.json.JsonObject json = AlarmJson.change(change);
        io.sitewatch.alarms.rule.AlarmRule rule = rules.current().byId(change.alarm().rule());
        if (rule != null && rule.majorHazard() != null) {
            json.put("majorHazard", AlarmJson.majorHazard(rule.majorHazard()));
        }
        vertx.eventBus().publish(ADDRESS, json);
    }

    private AlarmShard shardOf(String deviceId) {
        return shards.get(indexOf(deviceId));
    }

    private int indexOf(String deviceId) {
        return Math.floorMod(deviceId.hashCode(), shards.size());
    }

    public void stop() {
        for (String id : deployments) {
            try {
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get();
            } catch (Exception e) {
                LOG.warn("alarm shard did not stop cleanly: {}", e.toString());
            }
        }
    }
}

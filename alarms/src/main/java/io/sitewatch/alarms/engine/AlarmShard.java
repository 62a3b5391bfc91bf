package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.port.DeviceStatuses;
import io.sitewatch.core.registry.Device;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;

/**
 * The devices of one shard ({@code hash(deviceId) % shards}), all on one event loop so that their
 * state needs no locks. The shard only wires and drives its parts:
 * <ul>
 * <li>{@link ShardIntake} judges committed records;
 * <li>{@link OperatorSessions} keeps who is logged in at each machine;
 * <li>{@link OfflineWatch} raises offline alarms on server time, counting only the time a device is expected to report;
 * <li>{@link MachineUse} judges machines used with expired papers or outside the site's hours, and
 *     runs the daily papers check;
 * <li>{@link OpenAlarms} moves alarms through their lifecycle;
 * <li>{@link TransitionWriter} stores transitions in order, then publishes them;
 * <li>{@link LastSeenSaver} saves when each device was last heard of.
 * </ul>
 * Time and timers come from the engine, so the whole shard can run on a virtual clock.
 */
final class AlarmShard extends VerticleBase {

    private final int index;
    private final AlarmEngine engine;
    private final TransitionWriter writer;
    private final OpenAlarms alarms;
    private final LastSeenSaver seen;
    private final OfflineWatch offline;
    private final OperatorSessions sessions;
    private final MachineUse machines;
    private final ShardIntake intake;
    private WorkerExecutor worker;

    AlarmShard(int index, AlarmEngine engine) {
        this.index = index;
        this.engine = engine;
        writer = new TransitionWriter(engine.store(), engine.metrics(), engine::publish, engine.timers(), engine.clock());
        alarms = new OpenAlarms(engine.metrics(), writer, engine::newId, engine.clock());
        seen = new LastSeenSaver(engine.store(), engine.timers());
        offline = new OfflineWatch(engine, alarms, seen, writer, engine.timers(), engine.clock());
        sessions = new OperatorSessions(engine, alarms);
        machines = new MachineUse(index, engine, alarms, writer, engine.timers(), engine.clock());
        intake = new ShardIntake(engine, alarms, sessions, offline, machines);
    }

    /** The event loop this shard runs on (after deployment). */
    io.vertx.core.Context context() {
        return context;
    }

    /** Before deployment: rebuild a device's state from what the database holds. */
    void preload(Device device, List<Alarm> open, List<StateLoader.Sample> samples, Long lastSeen,
                 StateLoader.OperatorSession session, long startedAt) {
        preload(device, open, samples, lastSeen, session, null, startedAt);
    }

    /**
     * Before deployment, with the device's latest stored status: a planned power-off that nothing
     * was heard after (the saved last-seen time is not later) leaves the device off.
     */
    void preload(Device device, List<Alarm> open, List<StateLoader.Sample> samples, Long lastSeen,
                 StateLoader.OperatorSession session, DeviceStatuses.Status status, long startedAt) {
        DeviceState d = intake.restore(device, samples);
        for (Alarm a : open) {
            alarms.restore(d, a);
        }
        sessions.restore(d, session);
        offline.restore(d, lastSeen != null ? lastSeen : startedAt);
        if (status != null && status.plannedOff()
                && (lastSeen == null || lastSeen <= status.receivedAt().toEpochMilli())) {
            offline.restoreOff(d, status.reason(), status.ts().toEpochMilli(), status.deviceClock(),
                    status.receivedAt().toEpochMilli());
        }
    }

    /** The device's connection (online, off, offline), or null for a device this shard does not know. */
    /** The connection of every device heard of whose site passes {@code sites}, by state. */
    Map<String, Integer> connectionCounts(java.util.function.Predicate<String> sites) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (DeviceState d : intake.devices()) {
            if (sites.test(d.device().siteId())) {
                out.merge(offline.connection(d).state(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Per site that passes {@code sites}: its devices heard of, online, off and offline. */
    Map<String, AlarmEngine.SiteConnections> connectionsBySite(java.util.function.Predicate<String> sites) {
        Map<String, int[]> counts = new java.util.HashMap<>();
        for (DeviceState d : intake.devices()) {
            String site = d.device().siteId();
            if (sites.test(site)) {
                int[] c = counts.computeIfAbsent(site, k -> new int[3]);
                String state = offline.connection(d).state();
                c[DeviceConnection.ONLINE.equals(state) ? 0 : DeviceConnection.OFF.equals(state) ? 1 : 2]++;
            }
        }
        Map<String, AlarmEngine.SiteConnections> out = new java.util.HashMap<>();
        counts.forEach((site, c) -> out.put(site, new AlarmEngine.SiteConnections(c[0], c[1], c[2])));
        return out;
    }

    DeviceConnection connection(String deviceId) {
        DeviceState d = intake.device(deviceId);
        return d == null ? null : offline.connection(d);
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("sitewatch-alarm-writer-" + index, 1);
        writer.start(worker);
        open();
        seen.start(worker);
        return Future.succeededFuture();
    }

    /**
     * Catches up on what a restart kept from happening, then starts the offline watch. A shard
     * that is not deployed (a test) is opened this way on its own, and its transitions stay queued.
     */
    void open() {
        intake.catchUp();
        offline.start();
        machines.start();
    }

    /** Judges committed records of this shard's devices and writes what they changed. */
    void handle(List<Received> records) {
        intake.evaluate(records);
        writer.flush();
    }

    /** Judges without writing: the transitions stay queued (for {@link #drainQueued}). */
    void evaluate(List<Received> records) {
        intake.evaluate(records);
    }

    /** Takes the queued transitions without writing them: for a benchmark or test that runs without a store. */
    List<AlarmChange> drainQueued() {
        return writer.drain();
    }

    Future<Alarm> acknowledge(String alarmId, String by, String comment) {
        return alarms.acknowledge(alarmId, by, comment);
    }

    @Override
    public Future<?> stop() {
        offline.stop();
        machines.stop();
        List<AlarmChange> pending = writer.stop();
        Map<String, Long> unsaved = seen.stop();
        AlarmStore store = engine.store();
        return worker.executeBlocking(() -> {
            if (!pending.isEmpty()) {
                store.apply(pending);
            }
            store.saveLastSeen(unsaved);
            return null;
        }, true).otherwiseEmpty();
    }
}

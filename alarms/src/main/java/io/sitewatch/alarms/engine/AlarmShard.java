package io.sitewatch.alarms.engine;

import io.sitewatch.core.model.Received;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.MetricRuleEvaluator;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.KindRules;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.rule.RuleType;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.alarms.state.Subject;
import io.sitewatch.alarms.state.Transition;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.OperatorCert;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the devices of one shard ({@code hash(deviceId) % shards}) on one event loop, so its
 * state needs no locks. Transitions are written in order by one worker thread and published to
 * the live feed only once stored. Offline deadlines are kept in a priority queue checked by one
 * re-armed timer, one entry per device; when an entry comes up and a newer message has moved the
 * device's deadline, it is queued again at the new deadline.
 */
final class AlarmShard extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmShard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICK_MS = 1000;
    private static final long SEEN_FLUSH_MS = 10_000;

    private record Deadline(long at, String deviceId) {
    }

    private record Pending(AlarmChange change, Promise<Alarm> done) {
    }

    private final int index;
    private final AlarmEngine engine;
    private final MetricRuleEvaluator evaluator = new MetricRuleEvaluator();
    private final Supplier<String> newId;
    private final Map<String, DeviceState> devices = new HashMap<>();
    private final Map<String, String> deviceOfAlarm = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>(Comparator.comparingLong(Deadline::at));
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Devices heard from since their last-seen time was last saved. */
    private final List<DeviceState> seenDirty = new ArrayList<>();
    private WorkerExecutor writer;
    private boolean writing;
    /** A failed write waits for its retry timer: new transitions queue up behind it meanwhile. */
    private boolean retrying;
    private long retryMs = 100;
    private boolean stopped;

    AlarmShard(int index, AlarmEngine engine) {
        this.index = index;
        this.engine = engine;
        this.newId = engine::newId;
    }

    /** The event loop this shard runs on (after deployment). */
    io.vertx.core.Context context() {
        return context;
    }

    // ------------------------------------------------------------------ start-up

    /** Before deployment: rebuild state from what the database holds. */
    void preload(Device device, List<Alarm> open, List<StateLoader.Sample> samples, Long lastSeen,
                 StateLoader.OperatorSession session, long startedAt) {
        DeviceState d = new DeviceState(device, engine.registry().site(device.siteId()));
        devices.put(device.deviceId(), d);
        for (Alarm a : open) {
            d.open.put(a.key(), a);
            deviceOfAlarm.put(a.id(), device.deviceId());
        }
        RuleSet rules = engine.rules();
        for (StateLoader.Sample s : samples) {
            d.put(s.metric(), s.ts(), s.value(), rules.horizonMs(device.kind(), s.metric()));
            d.clock = Math.max(d.clock, s.ts());
        }
        if (session != null && session.loggedIn()) {
            d.operator = session.certNo();
            d.operatorValid = certificateProblem(d, session.certNo(), session.ts()) == null;
        }
        d.lastSeen = lastSeen != null ? lastSeen : startedAt;
        scheduleOffline(d, rule(d, RuleType.OFFLINE));
    }

    @Override
    public Future<?> start() {
        writer = vertx.createSharedWorkerExecutor("sitewatch-alarm-writer-" + index, 1);
        catchUp();
        tick();
        vertx.setTimer(SEEN_FLUSH_MS, id -> flushSeen());
        return Future.succeededFuture();
    }

    /** Evaluates every preloaded device once at its newest time: what a crash kept from happening happens now. */
    private void catchUp() {
        RuleSet rules = engine.rules();
        for (DeviceState d : devices.values()) {
            if (d.clock == Long.MIN_VALUE) {
                continue;
            }
            List<AlarmRule> kind = d.rules(rules).rules();
            for (int i = 0; i < kind.size(); i++) {
                AlarmRule rule = kind.get(i);
                if (rule.type().isMetricRule() && d.window(rule.metric()) != null) {
                    DeviceRule r = d.rule(i);
                    step(d, r, evaluator.evaluate(r.effective(d.params()), d, d.clock), d.clock, 0, null);
                }
            }
        }
    }

    // ------------------------------------------------------------------ intake

    void handle(List<Received> records) {
        evaluate(records);
        flush();
    }

    /** Evaluates committed records in order, queueing the transitions they cause for {@link #flush()}. */
    void evaluate(List<Received> records) {
        for (Received r : records) {
            IngestRecord rec = r.record();
            DeviceState d = state(rec.device());
            if (d == null) {
                continue;
            }
            KindRules kind = d.rules(engine.rules());
            heard(d, kind, r.receivedAt());
            if (rec instanceof IngestRecord.Telemetry t) {
                List<Sample> samples = t.samples();
                if (samples.size() > 1) {
                    samples = new ArrayList<>(samples);
                    samples.sort(Comparator.comparingLong(Sample::ts));
                }
                for (Sample s : samples) {
                    telemetry(d, kind, s, r.receivedAt());
                }
            } else if (rec instanceof IngestRecord.Event e) {
                event(d, e, r.receivedAt());
            } else if (rec instanceof IngestRecord.Status s && !s.online()) {
                AlarmRule offline = rule(d, RuleType.OFFLINE);
                if (offline != null) {
                    long now = System.currentTimeMillis();
                    step(d, d.rule(offline), AlarmLifecycle.raise(Level.ALARM, 0, offline.periods() * (double) d.device().periodS(),
                            "the device reported itself offline (last will)"), now, r.receivedAt(), null);
                }
            }
        }
    }

    /** Takes the queued transitions without writing them: for a benchmark that runs without a store. */
    List<AlarmChange> drainQueued() {
        List<AlarmChange> out = queue.stream().map(Pending::change).toList();
        queue.clear();
        return out;
    }

    private DeviceState state(Device device) {
        // Unless the registry changed since this device's state last looked, its device and site
        // are still the ones it holds: no lookups per message.
        long generation = engine.registry().generation();
        DeviceState d = devices.get(device.deviceId());
        if (d != null && d.registryGeneration == generation) {
            return d;
        }
        Device current = engine.registry().device(device.deviceId());
        Device use = current != null ? current : device;
        if (d == null) {
            d = new DeviceState(use, engine.registry().site(use.siteId()));
            devices.put(use.deviceId(), d);
        } else {
            d.refresh(use, engine.registry().site(use.siteId()));
        }
        d.registryGeneration = current != null ? generation : -1;
        return d;
    }

    /** Any message: the device is alive; move its offline deadline and clear an offline alarm. */
    private void heard(DeviceState d, KindRules kind, long receivedAt) {
        if (receivedAt <= d.lastSeen) {
            return;
        }
        d.lastSeen = receivedAt;
        if (!d.seenUnsaved) {
            d.seenUnsaved = true;
            seenDirty.add(d);
        }
        AlarmRule offline = kind.first(RuleType.OFFLINE);
        if (offline != null) {
            Alarm open = d.open.get(d.rule(offline).alarmKey());
            if (open != null) {
                step(d, d.rule(offline), Verdict.clear(0, 0), receivedAt, receivedAt, null);
            }
            scheduleOffline(d, offline);
        }
    }

    private void scheduleOffline(DeviceState d, AlarmRule offline) {
        if (offline == null) {
            return;
        }
        d.offlineDeadline = d.lastSeen + offline.periods() * d.device().periodS() * 1000L;
        // One queue entry per device: a message only moves the deadline; the entry is re-queued
        // at the new deadline when it comes up (no queue work per message).
        if (!d.deadlineQueued) {
            deadlines.add(new Deadline(d.offlineDeadline, d.device().deviceId()));
            d.deadlineQueued = true;
        }
    }

    private void telemetry(DeviceState d, KindRules kind, Sample s, long receivedAt) {
        Map<String, Double> values = s.values();
        for (Map.Entry<String, Double> v : values.entrySet()) {
            d.put(v.getKey(), s.ts(), v.getValue(), kind.horizonMs(v.getKey()));
        }
        if (d.clock != Long.MIN_VALUE && s.ts() < d.clock - engine.latenessMs()) {
            engine.metrics().late();
            return;
        }
        d.clock = Math.max(d.clock, s.ts());
        long t = d.clock;
        List<AlarmRule> rules = kind.rules();
        for (int i = 0; i < rules.size(); i++) {
            AlarmRule rule = rules.get(i);
            if (rule.type().isMetricRule()) {
                if ((values.containsKey(rule.metric())
                        || rule.guard() != null && values.containsKey(rule.guard().metric())) && due(d.rule(i), t)) {
                    DeviceRule r = d.rule(i);
                    Alarm open = d.open.get(r.alarmKey());
                    Verdict v = evaluator.evaluate(r.effective(d.params()), d, t, open == null ? null : open.level());
                    step(d, r, open, v, t, receivedAt, null);
                }
            } else if (rule.type() == RuleType.NO_OPERATOR && values.containsKey(rule.metric())) {
                noOperator(d, d.rule(i), values.get(rule.metric()), s.ts(), receivedAt);
            }
        }
    }

    /**
     * Window rules need not be judged on every sample of a device that reports many times a
     * second: a one-minute mean is judged at most once a second of device time, an hourly one
     * every 30 s, a daily rate every minute. Thresholds are judged on every sample.
     */
    private static boolean due(DeviceRule r, long t) {
        long every = switch (r.rule().type()) {
            case MEAN, LEQ -> Math.max(1_000L, r.rule().windowMs() / 120);
            case DAILY_RATE -> 60_000L;
            default -> 0L;
        };
        if (every == 0) {
            return true;
        }
        if (r.judged && t - r.lastJudged < every && t >= r.lastJudged) {
            return false;
        }
        r.lastJudged = t;
        r.judged = true;
        return true;
    }

    private void noOperator(DeviceState d, DeviceRule r, double value, long ts, long receivedAt) {
        AlarmRule rule = r.rule();
        double magnitude = rule.abs() ? Math.abs(value) : value;
        boolean operating = magnitude > rule.operatingAbove();
        if (operating) {
            d.lastOperationTs = Math.max(d.lastOperationTs, ts);
            if (!d.operatorValid) {
                Alarm open = d.open.get(r.alarmKey());
                // Only a raise or an escalation shows the detail: not built for every sample while the alarm is open.
                String detail = !Level.ALARM.above(open == null ? null : open.level()) ? null
                        : "operating (" + rule.metric() + " " + value + ") with no valid operator logged in"
                                + (d.operator == null ? "" : "; logged in: " + d.operator);
                step(d, r, open, AlarmLifecycle.raise(Level.ALARM, value, rule.operatingAbove(), detail), ts, receivedAt, null);
            }
        } else if (d.open.containsKey(r.alarmKey()) && ts - d.lastOperationTs >= rule.clear().durationMs()) {
            step(d, r, Verdict.clear(value, rule.operatingAbove()), ts, receivedAt, null);
        }
    }

    private void event(DeviceState d, IngestRecord.Event e, long receivedAt) {
        JsonNode data;
        try {
            data = JSON.readTree(e.dataJson());
        } catch (java.io.IOException ex) {
            return;
        }
        switch (e.type()) {
            case "operator_login" -> login(d, data.path("cert_no").asText(), e.ts(), receivedAt);
            case "operator_logout" -> {
                d.operator = null;
                d.operatorValid = false;
                AlarmRule cert = rule(d, RuleType.OPERATOR_CERTIFICATE);
                if (cert != null) {
                    step(d, d.rule(cert), Verdict.clear(0, 0), e.ts(), receivedAt, null);
                }
            }
            case "device_alarm" -> {
                AlarmRule rule = rule(d, RuleType.DEVICE_ALARM);
                if (rule == null) {
                    return;
                }
                String code = data.path("code").asText();
                if (data.path("active").asBoolean(false)) {
                    Level level = "warning".equals(data.path("level").asText()) ? Level.WARNING : Level.ALARM;
                    step(d, rule, code, AlarmLifecycle.raise(level, Double.NaN, Double.NaN, "device alarm " + code + ": "
                            + data.path("text").asText("")), e.ts(), receivedAt);
                } else {
                    step(d, rule, code, Verdict.clear(Double.NaN, Double.NaN), e.ts(), receivedAt);
                }
            }
            default -> {
                // other events carry no alarm
            }
        }
    }

    private void login(DeviceState d, String certNo, long ts, long receivedAt) {
        String problem = certificateProblem(d, certNo, ts);
        d.operator = certNo;
        d.operatorValid = problem == null;
        AlarmRule cert = rule(d, RuleType.OPERATOR_CERTIFICATE);
        if (cert != null) {
            Verdict v = problem == null ? Verdict.clear(1, 1) : AlarmLifecycle.raise(Level.ALARM, 0, 1,
                    "operator_login with certificate " + certNo + ": " + problem);
            step(d, d.rule(cert), v, ts, receivedAt, null);
        }
        if (problem == null) {
            AlarmRule none = rule(d, RuleType.NO_OPERATOR);
            if (none != null) {
                step(d, d.rule(none), Verdict.clear(0, none.operatingAbove()), ts, receivedAt, null);
            }
        }
    }

    /** Why a certificate does not allow this device to be operated at {@code ts}, or null when it does. */
    private String certificateProblem(DeviceState d, String certNo, long ts) {
        AlarmRule rule = rule(d, RuleType.OPERATOR_CERTIFICATE);
        OperatorCert cert = certNo == null || certNo.isBlank() ? null : engine.registry().operator(certNo);
        if (cert == null) {
            return "unknown certificate";
        }
        LocalDate day = Instant.ofEpochMilli(ts).atZone(d.zone()).toLocalDate();
        if (cert.validTo() != null && day.isAfter(LocalDate.parse(cert.validTo()))) {
            return "expired on " + cert.validTo();
        }
        if (cert.validFrom() != null && day.isBefore(LocalDate.parse(cert.validFrom()))) {
            return "not valid before " + cert.validFrom();
        }
        String needed = rule == null ? null : rule.certificateKinds().get(d.device().kind());
        if (needed != null && !needed.equals(cert.kind())) {
            return "a " + cert.kind() + " certificate does not cover a " + d.device().kind() + " (needs " + needed + ")";
        }
        return null;
    }

    private AlarmRule rule(DeviceState d, RuleType type) {
        return engine.rules().kind(d.device().kind()).first(type);
    }

    // ------------------------------------------------------------------ transitions

    private void step(DeviceState d, DeviceRule r, Verdict v, long eventTs, long receivedAt, Promise<Alarm> done) {
        step(d, r, d.open.get(r.alarmKey()), v, eventTs, receivedAt, done);
    }

    /** {@code open} is the rule's open alarm on the device (looked up by the caller), or null. */
    private void step(DeviceState d, DeviceRule r, Alarm open, Verdict v, long eventTs, long receivedAt,
                      Promise<Alarm> done) {
        apply(d, r.alarmKey(), open, r.subject(d), r.rule().below(), v, eventTs, receivedAt, done);
    }

    /** A device's own alarm: one per code, the code standing in for the metric. */
    private void step(DeviceState d, AlarmRule rule, String code, Verdict v, long eventTs, long receivedAt) {
        String key = Alarm.key(rule.id(), code);
        apply(d, key, d.open.get(key), d.subject(rule.id(), code), rule.below(), v, eventTs, receivedAt, null);
    }

    private void apply(DeviceState d, String key, Alarm open, Subject subject, boolean lowIsWorse, Verdict v, long eventTs,
                       long receivedAt, Promise<Alarm> done) {
        AlarmLifecycle.Step s = AlarmLifecycle.apply(open, v, subject, lowIsWorse, eventTs, System::currentTimeMillis,
                receivedAt, newId);
        if (s.open() == null) {
            if (open != null) {
                d.open.remove(key);
            }
        } else if (s.open() != open) {
            d.open.put(key, s.open());
        }
        if (s.change() != null) {
            emit(s.change(), open == null ? null : open.level(), done);
        }
    }

    private void emit(AlarmChange c, Level before, Promise<Alarm> done) {
        Alarm a = c.alarm();
        switch (c.transition()) {
            case RAISED -> {
                deviceOfAlarm.put(a.id(), a.deviceId());
                engine.metrics().openChanged(a.level(), 1);
            }
            case ESCALATED -> {
                engine.metrics().openChanged(before, -1);
                engine.metrics().openChanged(a.level(), 1);
            }
            case CLEARED -> {
                deviceOfAlarm.remove(a.id());
                engine.metrics().openChanged(a.level(), -1);
            }
            default -> {
                // acknowledged: still open at the same level
            }
        }
        queue.add(new Pending(c, done));
    }

    /** Writes queued transitions in order (one batch at a time), then publishes them. */
    private void flush() {
        if (writing || retrying || queue.isEmpty() || stopped) {
            return;
        }
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), 500));
        while (!queue.isEmpty() && batch.size() < 500) {
            batch.add(queue.poll());
        }
        writing = true;
        List<AlarmChange> changes = batch.stream().map(Pending::change).toList();
        writer.executeBlocking(() -> {
            engine.store().apply(changes);
            return null;
        }, true).onComplete(ar -> {
            writing = false;
            if (ar.succeeded()) {
                retryMs = 100;
                long now = System.currentTimeMillis();
                for (Pending p : batch) {
                    engine.publish(p.change());
                    engine.metrics().emitted(p.change(), now);
                    if (p.done() != null) {
                        p.done().complete(p.change().alarm());
                    }
                }
                flush();
            } else {
                engine.metrics().storeError();
                LOG.warn("storing {} alarm transitions failed, retrying in {} ms: {}", batch.size(), retryMs,
                        ar.cause().toString());
                for (int i = batch.size() - 1; i >= 0; i--) {
                    queue.addFirst(batch.get(i));
                }
                long delay = retryMs;
                retryMs = Math.min(retryMs * 2, 5000);
                retrying = true;
                vertx.setTimer(delay, id -> {
                    retrying = false;
                    flush();
                });
            }
        });
    }

    // ------------------------------------------------------------------ people and timers

    Future<Alarm> acknowledge(String alarmId, String by, String comment) {
        Promise<Alarm> done = Promise.promise();
        String deviceId = deviceOfAlarm.get(alarmId);
        DeviceState d = deviceId == null ? null : devices.get(deviceId);
        Alarm open = null;
        if (d != null) {
            for (Alarm a : d.open.values()) {
                if (a.id().equals(alarmId)) {
                    open = a;
                }
            }
        }
        if (open == null) {
            done.fail(new AlarmEngine.NotOpenException("alarm " + alarmId + " is cleared"));
            return done.future();
        }
        if (open.state() == AlarmState.ACKNOWLEDGED) {
            done.fail(new AlarmEngine.NotOpenException("alarm " + alarmId + " is already acknowledged by " + open.ackBy()));
            return done.future();
        }
        long now = System.currentTimeMillis();
        Alarm acked = open.acknowledged(by, now, comment);
        d.open.put(acked.key(), acked);
        emit(new AlarmChange(acked, Transition.ACKNOWLEDGED, by, comment, now, 0), acked.level(), done);
        flush();
        return done.future();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = System.currentTimeMillis();
        while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
            Deadline dl = deadlines.poll();
            DeviceState d = devices.get(dl.deviceId());
            if (d == null) {
                continue;
            }
            if (d.offlineDeadline > now) {
                deadlines.add(new Deadline(d.offlineDeadline, dl.deviceId()));
                continue;
            }
            d.deadlineQueued = false;
            AlarmRule offline = rule(d, RuleType.OFFLINE);
            if (offline != null && !d.open.containsKey(d.rule(offline).alarmKey())) {
                double silentS = (now - d.lastSeen) / 1000.0;
                double limitS = offline.periods() * (double) d.device().periodS();
                step(d, d.rule(offline), AlarmLifecycle.raise(Level.ALARM, Math.round(silentS), limitS,
                        "no message for " + Math.round(silentS) + " s (limit " + offline.periods() + " × "
                                + d.device().periodS() + " s)"), now, 0, null);
            }
        }
        flush();
        vertx.setTimer(TICK_MS, id -> tick());
    }

    private void flushSeen() {
        if (stopped) {
            return;
        }
        if (seenDirty.isEmpty()) {
            vertx.setTimer(SEEN_FLUSH_MS, id -> flushSeen());
            return;
        }
        Map<String, Long> batch = takeSeen();
        writer.executeBlocking(() -> {
            engine.store().saveLastSeen(batch);
            return null;
        }, true).onComplete(ar -> {
            if (ar.failed()) {
                // Saved at the next flush, with a newer time if one came meanwhile.
                for (String deviceId : batch.keySet()) {
                    DeviceState d = devices.get(deviceId);
                    if (d != null && !d.seenUnsaved) {
                        d.seenUnsaved = true;
                        seenDirty.add(d);
                    }
                }
            }
            vertx.setTimer(SEEN_FLUSH_MS, id -> flushSeen());
        });
    }

    /** The last-seen times to save, by device id; the devices are clean afterwards. */
    private Map<String, Long> takeSeen() {
        Map<String, Long> batch = new HashMap<>(seenDirty.size() * 2);
        for (DeviceState d : seenDirty) {
            batch.put(d.device().deviceId(), d.lastSeen);
            d.seenUnsaved = false;
        }
        seenDirty.clear();
        return batch;
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        Map<String, Long> batch = takeSeen();
        List<AlarmChange> pending = queue.stream().map(Pending::change).toList();
        return writer.executeBlocking(() -> {
            if (!pending.isEmpty()) {
                engine.store().apply(pending);
            }
            engine.store().saveLastSeen(batch);
            return null;
        }, true).otherwiseEmpty();
    }
}

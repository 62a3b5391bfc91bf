package io.sitewatch.alarms.engine;

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
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.registry.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the committed records of a shard's devices, in order, and judges them. It keeps each
 * device's state, following registry and rules changes, and puts samples in the device's
 * windows. Metric rules and device alarms are judged here with the pure evaluation, in device
 * time, and so are the peaks work cycles report. Operator events and the no_operator rule go to
 * {@link OperatorSessions}; any message, a planned power-off and a last will go to
 * {@link OfflineWatch} (per message only a field check: is the device off?). Transitions go to
 * {@link OpenAlarms}. Nothing here writes, waits or reads a clock.
 */
final class ShardIntake {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlarmEngine engine;
    private final OpenAlarms alarms;
    private final OperatorSessions sessions;
    private final OfflineWatch offline;
    private final MachineUse machines;
    private final MetricRuleEvaluator evaluator = new MetricRuleEvaluator();
    private final Map<String, DeviceState> devices = new HashMap<>();

    ShardIntake(AlarmEngine engine, OpenAlarms alarms, OperatorSessions sessions, OfflineWatch offline,
                MachineUse machines) {
        this.engine = engine;
        this.alarms = alarms;
        this.sessions = sessions;
        this.offline = offline;
        this.machines = machines;
        machines.states(this::state);
    }

    /** The state of a device of this shard, or null when no message of it came and it was not registered at start. */
    /** Every device this shard has heard of (read on the shard's event loop only). */
    java.util.Collection<DeviceState> devices() {
        return devices.values();
    }

    DeviceState device(String deviceId) {
        return devices.get(deviceId);
    }

    /** At start-up: a registered device, with its stored samples replayed into its windows (in ts order). */
    DeviceState restore(Device device, List<StateLoader.Sample> samples) {
        DeviceState d = new DeviceState(device, engine.registry().site(device.siteId()));
        d.calendar(engine.registry().calendar(device.siteId()));
        devices.put(device.deviceId(), d);
        RuleSet rules = engine.rules();
        for (StateLoader.Sample s : samples) {
            d.put(s.metric(), s.ts(), s.value(), rules.horizonMs(device.kind(), s.metric()));
            d.clock = Math.max(d.clock, s.ts());
        }
        return d;
    }

    /** Evaluates every restored device once at its newest time: what a crash kept from happening happens now. */
    void catchUp() {
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
                    alarms.step(d, r, evaluator.evaluate(r.effective(d.params()), d, d.clock), d.clock, 0);
                }
            }
        }
    }

    /** Evaluates committed records in order; the transitions they cause are queued for the writer. */
    void evaluate(List<Received> records) {
        for (Received r : records) {
            IngestRecord rec = r.record();
            DeviceState d = state(rec.device());
            if (d == null) {
                continue;
            }
            KindRules kind = d.rules(engine.rules());
            offline.heard(d, kind, r.receivedAt());
            if (rec instanceof IngestRecord.Telemetry t) {
                if (d.offReason != null) {
                    offline.wake(d, t.newestTs(), r.receivedAt());
                }
                List<Sample> samples = t.samples();
                if (samples.size() > 1) {
                    samples = new ArrayList<>(samples);
                    samples.sort(Comparator.comparingLong(Sample::ts));
                }
                for (Sample s : samples) {
                    telemetry(d, kind, s, r.receivedAt());
                }
            } else if (rec instanceof IngestRecord.Event e) {
                if (d.offReason != null) {
                    offline.wake(d, e.ts(), r.receivedAt());
                }
                event(d, kind, e, r.receivedAt());
            } else if (rec instanceof IngestRecord.Status s) {
                if (s.online()) {
                    if (d.offReason != null) {
                        offline.wake(d, s.ts(), r.receivedAt());
                    }
                } else if (s.plannedOff()) {
                    offline.off(d, s.reason(), s.ts(), r.receivedAt());
                } else {
                    offline.lastWill(d, r.receivedAt());
                }
            }
        }
    }

    /** The device's state, following registry changes (made when the shard has none). */
    DeviceState state(Device device) {
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
        d.calendar(engine.registry().calendar(use.siteId()));
        machines.refreshed(d);
        d.registryGeneration = current != null ? generation : -1;
        return d;
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
                    alarms.step(d, r, open, v, t, receivedAt);
                }
            } else if (rule.type() == RuleType.NO_OPERATOR && values.containsKey(rule.metric())) {
                sessions.judge(d, d.rule(i), values.get(rule.metric()), s.ts(), receivedAt);
            } else if ((rule.type() == RuleType.EQUIPMENT_PAPERS || rule.type() == RuleType.NIGHT_WORK)
                    && (values.containsKey(rule.metric()) || rule.papers() != null && rule.papers().moving() != null
                    && values.containsKey(rule.papers().moving().metric()))) {
                machines.sample(d, d.rule(i), values, s.ts(), receivedAt);
            }
        }
    }

    /**
     * Window rules need not be judged on every sample of a device that reports many times a
     * second: a one-minute mean is judged at most once a second of device time, an hourly one
     * every 30 s, a 5-minute median every 2.5 s, a daily rate every minute. Thresholds are judged
     * on every sample.
     */
    private static boolean due(DeviceRule r, long t) {
        long every = switch (r.rule().type()) {
            case MEAN, MEDIAN, LEQ -> Math.max(1_000L, r.rule().windowMs() / 120);
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

    private void event(DeviceState d, KindRules kind, IngestRecord.Event e, long receivedAt) {
        JsonNode data;
        try {
            data = JSON.readTree(e.dataJson());
        } catch (java.io.IOException ex) {
            return;
        }
        switch (e.type()) {
            case "operator_login" -> sessions.login(d, data.path("cert_no").asText(), e.ts(), receivedAt);
            case "operator_logout" -> sessions.logout(d, e.ts(), receivedAt);
            case "device_alarm" -> deviceAlarm(d, data, e.ts(), receivedAt);
            case "work_cycle" -> machines.cycle(d, kind, e.ts(), receivedAt);
            default -> {
                // other events carry no alarm of their own
            }
        }
        int[] peakRules = kind.peakRules(e.type());
        if (peakRules.length > 0) {
            peaks(d, peakRules, data, e.ts(), receivedAt);
        }
    }

    /**
     * The peaks a work cycle reports (max moment, max load), judged by the same rules as the
     * samples: the overload a 10 s sample missed is raised from the cycle's report. Only events
     * whose type has peak rules get here.
     */
    private void peaks(DeviceState d, int[] peakRules, JsonNode data, long ts, long receivedAt) {
        long start = data.path("start_ts").asLong(ts);
        long end = data.path("end_ts").asLong(ts);
        for (int i : peakRules) {
            DeviceRule r = d.rule(i);
            AlarmRule rule = r.effective(d.params());
            JsonNode v = data.get(rule.peak().field());
            if (v == null || !v.isNumber()) {
                continue;
            }
            Alarm open = d.open.get(r.alarmKey());
            Verdict verdict = evaluator.peak(rule, d, v.asDouble(), Math.min(start, end), Math.max(start, end),
                    open == null ? null : open.level());
            if (verdict.level() != null) {
                alarms.step(d, r, open, verdict, ts, receivedAt);
            }
        }
    }

    /** The device's own alarm, raised and cleared by the device, one per code. */
    private void deviceAlarm(DeviceState d, JsonNode data, long ts, long receivedAt) {
        AlarmRule rule = d.first(engine.rules(), RuleType.DEVICE_ALARM);
        if (rule == null) {
            return;
        }
        String code = data.path("code").asText();
        if (data.path("active").asBoolean(false)) {
            Level level = "warning".equals(data.path("level").asText()) ? Level.WARNING : Level.ALARM;
            alarms.step(d, rule, code, AlarmLifecycle.raise(level, Double.NaN, Double.NaN, "device alarm " + code + ": "
                    + data.path("text").asText("")), ts, receivedAt);
        } else {
            alarms.step(d, rule, code, Verdict.clear(Double.NaN, Double.NaN), ts, receivedAt);
        }
    }
}

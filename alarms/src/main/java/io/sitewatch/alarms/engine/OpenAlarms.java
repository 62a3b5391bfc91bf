package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.alarms.state.Subject;
import io.sitewatch.alarms.state.Transition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The open alarms of a shard's devices. A verdict moves a device's open alarm through the
 * lifecycle. Each transition updates the open-alarm gauges and goes to the writer in the order
 * it happened. This class also knows which device each open alarm is on, so an acknowledgement
 * finds its alarm.
 */
final class OpenAlarms {

    private final AlarmMetrics metrics;
    private final TransitionWriter writer;
    private final Supplier<String> newId;
    private final InstantSource clock;
    /**
     * Server time of a transition, read by the lifecycle only when one happens. It is made once,
     * so judging a sample does not allocate a method reference.
     */
    private final LongSupplier now;
    private final Map<String, DeviceState> deviceOfAlarm = new HashMap<>();

    OpenAlarms(AlarmMetrics metrics, TransitionWriter writer, Supplier<String> newId, InstantSource clock) {
        this.metrics = metrics;
        this.writer = writer;
        this.newId = newId;
        this.clock = clock;
        this.now = clock::millis;
    }

    /** At start-up: an alarm the store holds as open stays open. */
    void restore(DeviceState d, Alarm open) {
        d.open.put(open.key(), open);
        deviceOfAlarm.put(open.id(), d);
    }

    void step(DeviceState d, DeviceRule r, Verdict v, long eventTs, long receivedAt) {
        step(d, r, d.open.get(r.alarmKey()), v, eventTs, receivedAt);
    }

    /** {@code open} is the rule's open alarm on the device (looked up by the caller), or null. */
    void step(DeviceState d, DeviceRule r, Alarm open, Verdict v, long eventTs, long receivedAt) {
        apply(d, r.alarmKey(), open, r.subject(d), r.rule().below(), v, eventTs, receivedAt);
    }

    /** A device's own alarm: one per code, the code standing in for the metric. */
    void step(DeviceState d, AlarmRule rule, String code, Verdict v, long eventTs, long receivedAt) {
        String key = Alarm.key(rule.id(), code);
        apply(d, key, d.open.get(key), d.subject(rule.id(), code), rule.below(), v, eventTs, receivedAt);
    }

    private void apply(DeviceState d, String key, Alarm open, Subject subject, boolean lowIsWorse, Verdict v,
                       long eventTs, long receivedAt) {
        AlarmLifecycle.Step s = AlarmLifecycle.apply(open, v, subject, lowIsWorse, eventTs, now, receivedAt, newId);
        if (s.open() == null) {
            if (open != null) {
                d.open.remove(key);
            }
        } else if (s.open() != open) {
            d.open.put(key, s.open());
        }
        if (s.change() != null) {
            emit(d, s.change(), open == null ? null : open.level(), null);
        }
    }

    /**
     * A person acknowledges an open alarm (server time). The future completes once the
     * acknowledgement is stored, or fails when the alarm is not open or is already acknowledged.
     */
    Future<Alarm> acknowledge(String alarmId, String by, String comment) {
        Promise<Alarm> done = Promise.promise();
        DeviceState d = deviceOfAlarm.get(alarmId);
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
        long at = clock.millis();
        Alarm acked = open.acknowledged(by, at, comment);
        d.open.put(acked.key(), acked);
        emit(d, new AlarmChange(acked, Transition.ACKNOWLEDGED, by, comment, at, 0), acked.level(), done);
        writer.flush();
        return done.future();
    }

    private void emit(DeviceState d, AlarmChange c, Level before, Promise<Alarm> done) {
        Alarm a = c.alarm();
        switch (c.transition()) {
            case RAISED -> {
                deviceOfAlarm.put(a.id(), d);
                metrics.openChanged(a.level(), 1);
            }
            case ESCALATED -> {
                metrics.openChanged(before, -1);
                metrics.openChanged(a.level(), 1);
            }
            case CLEARED -> {
                deviceOfAlarm.remove(a.id());
                metrics.openChanged(a.level(), -1);
            }
            default -> {
                // acknowledged: still open at the same level
            }
        }
        writer.add(c, done);
    }
}

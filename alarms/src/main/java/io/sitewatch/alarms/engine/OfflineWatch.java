package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.KindRules;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.rule.RuleType;
import io.sitewatch.alarms.state.Alarm;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The offline rule, the only rule judged on server time: a device is offline once nothing has
 * come from it for the rule's periods × its report period. A message only moves the device's
 * deadline, a field, so there is no queue work per message. Each device has at most one entry in
 * a queue ordered by deadline. One timer per shard, re-armed every second, takes the entries that
 * have come up. When an entry comes up, the timer checks that it is still the device's deadline;
 * if the device was heard from meanwhile, the entry is queued again at the new deadline.
 */
final class OfflineWatch {

    static final long TICK_MS = 1000;

    private record Deadline(long at, DeviceState device) {
    }

    private final AlarmEngine engine;
    private final OpenAlarms alarms;
    private final LastSeenSaver seen;
    private final TransitionWriter writer;
    private final Timers timers;
    private final InstantSource clock;
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>(Comparator.comparingLong(Deadline::at));
    private final Runnable tick = this::tick;
    private long timer = -1;
    private boolean stopped;

    OfflineWatch(AlarmEngine engine, OpenAlarms alarms, LastSeenSaver seen, TransitionWriter writer, Timers timers,
                 InstantSource clock) {
        this.engine = engine;
        this.alarms = alarms;
        this.seen = seen;
        this.writer = writer;
        this.timers = timers;
        this.clock = clock;
    }

    /** At start-up: the device was last heard of at {@code lastSeen} (stored, or the start if never). */
    void restore(DeviceState d, long lastSeen) {
        d.lastSeen = lastSeen;
        schedule(d, d.first(engine.rules(), RuleType.OFFLINE));
    }

    /** Any message: the device is alive; move its offline deadline and clear an offline alarm. */
    void heard(DeviceState d, KindRules kind, long receivedAt) {
        if (receivedAt <= d.lastSeen) {
            return;
        }
        d.lastSeen = receivedAt;
        seen.changed(d);
        AlarmRule offline = kind.first(RuleType.OFFLINE);
        if (offline != null) {
            DeviceRule r = d.rule(offline);
            Alarm open = d.open.get(r.alarmKey());
            if (open != null) {
                alarms.step(d, r, open, Verdict.clear(0, 0), receivedAt, receivedAt);
            }
            schedule(d, offline);
        }
    }

    /** The broker delivered the device's last will: offline now (server time), not after the silence. */
    void lastWill(DeviceState d, long receivedAt) {
        AlarmRule offline = d.first(engine.rules(), RuleType.OFFLINE);
        if (offline != null) {
            long now = clock.millis();
            alarms.step(d, d.rule(offline), AlarmLifecycle.raise(Level.ALARM, 0, offline.periods() * (double) d.device().periodS(),
                    "the device reported itself offline (last will)"), now, receivedAt);
        }
    }

    private void schedule(DeviceState d, AlarmRule offline) {
        if (offline == null) {
            return;
        }
        d.offlineDeadline = d.lastSeen + offline.periods() * d.device().periodS() * 1000L;
        // One queue entry per device: a message only moves the deadline; the entry is re-queued
        // at the new deadline when it comes up (no queue work per message).
        if (!d.deadlineQueued) {
            deadlines.add(new Deadline(d.offlineDeadline, d));
            d.deadlineQueued = true;
        }
    }

    /** Judges now, then every {@link #TICK_MS}. */
    void start() {
        tick();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = clock.millis();
        while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
            DeviceState d = deadlines.poll().device();
            if (d.offlineDeadline > now) {
                // Stale: the device was heard from after this entry was queued.
                deadlines.add(new Deadline(d.offlineDeadline, d));
                continue;
            }
            d.deadlineQueued = false;
            AlarmRule offline = d.first(engine.rules(), RuleType.OFFLINE);
            if (offline != null && !d.open.containsKey(d.rule(offline).alarmKey())) {
                double silentS = (now - d.lastSeen) / 1000.0;
                double limitS = offline.periods() * (double) d.device().periodS();
                alarms.step(d, d.rule(offline), AlarmLifecycle.raise(Level.ALARM, Math.round(silentS), limitS,
                        "no message for " + Math.round(silentS) + " s (limit " + offline.periods() + " × "
                                + d.device().periodS() + " s)"), now, 0);
            }
        }
        writer.flush();
        timer = timers.setTimer(TICK_MS, tick);
    }

    void stop() {
        stopped = true;
        timers.cancel(timer);
    }
}

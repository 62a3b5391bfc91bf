package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.Timers;

import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.KindRules;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.rule.RuleType;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.core.calendar.SiteCalendar;
import java.time.Instant;
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
 *
 * <p>A device whose last status was a planned power-off (wire protocol 1.1: {@code online: false}
 * with a {@code reason}) is <b>off</b>, not lost: its silence raises nothing, and an offline alarm
 * open on it clears. Its next message from after the power-off, or {@code online: true}, makes it
 * on again, and its silence is watched from then. A last will (no reason) still means the device
 * vanished: offline at once, as before, whether or not it was off.
 */
final class OfflineWatch {

    static final long TICK_MS = 1000;
    /** Why a device is off without saying so: its last will came outside its expected time. */
    static final String OUTSIDE_HOURS = "outside_hours";
    static final String OUT_OF_SERVICE = "out_of_service";
    private static final long DAY_MS = 86_400_000L;
    /** Three-day calendar reads a deadline may take: about a year and a half of a stopped site. */
    private static final int LOOK_AHEAD_SPANS = 200;

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

    /**
     * At start-up, after {@link #restore}: the device's latest stored status was a planned
     * power-off received at {@code receivedAt}, and nothing was heard from it after that (its saved
     * last-seen time is not later), so it is still off. An offline alarm still open on it clears.
     */
    void restoreOff(DeviceState d, String reason, long since, boolean deviceClock, long receivedAt) {
        d.offReason = reason;
        d.offSince = since;
        d.offDeviceClock = deviceClock;
        clearOffline(d, receivedAt, receivedAt);
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
                d.onSince = receivedAt;
            }
            schedule(d, offline);
        }
    }

    /**
     * A planned power-off ({@code reason}: power_off, maintenance, dismantled) at {@code at}
     * (device time, or when received): the device is off until it is heard from again. A status
     * older than a sample already judged says nothing about now and is ignored.
     */
    void off(DeviceState d, String reason, Long ts, long receivedAt) {
        if (ts != null && d.clock != Long.MIN_VALUE && ts < d.clock) {
            return;
        }
        d.offReason = reason;
        d.offSince = ts != null ? ts : receivedAt;
        d.offDeviceClock = ts != null;
        clearOffline(d, d.offSince, receivedAt);
    }

    /**
     * A message from an off device, or its {@code online: true}, with device time {@code ts} (null
     * when it carried none): on again, and watched from now, unless the message is older than the
     * power-off by the device's own clock (a buffer sent late says nothing about the device being
     * back). Called only while the device is off.
     */
    void wake(DeviceState d, Long ts, long receivedAt) {
        if (ts != null && d.offDeviceClock && ts < d.offSince) {
            return;
        }
        d.offReason = null;
        d.onSince = receivedAt;
        schedule(d, d.first(engine.rules(), RuleType.OFFLINE));
    }

    private void clearOffline(DeviceState d, long eventTs, long receivedAt) {
        AlarmRule offline = d.first(engine.rules(), RuleType.OFFLINE);
        if (offline != null && d.open.containsKey(d.rule(offline).alarmKey())) {
            alarms.step(d, d.rule(offline), Verdict.clear(0, 0), eventTs, receivedAt);
        }
    }

    /**
     * The broker delivered the device's last will: offline now (server time), not after the
     * silence, if the device is expected to report now. Outside its expected time (a working-hours
     * machine after its site stopped, a device out of service) the connection dropping is the
     * machine being switched off: off, no alarm.
     */
    void lastWill(DeviceState d, long receivedAt) {
        long now = clock.millis();
        if (!expectedAt(d, now)) {
            d.offReason = now < d.serviceFrom() || now >= d.serviceTo() ? OUT_OF_SERVICE : OUTSIDE_HOURS;
            d.offSince = now;
            d.offDeviceClock = false;
            clearOffline(d, now, receivedAt);
            return;
        }
        // The device vanished: whatever it said before, it is not off on purpose any more.
        d.offReason = null;
        AlarmRule offline = d.first(engine.rules(), RuleType.OFFLINE);
        if (offline != null) {
            alarms.step(d, d.rule(offline), AlarmLifecycle.raise(Level.ALARM, 0, offline.periods() * (double) d.device().periodS(),
                    "the device reported itself offline (last will)"), now, receivedAt);
        }
    }

    /**
     * Whether the device is expected to report at server time {@code t}: within its service window,
     * and for a working-hours device within its site's working spans shortened by the grace at each
     * end. Read on a last will and when arming a deadline, never per message.
     */
    boolean expectedAt(DeviceState d, long t) {
        if (t < d.serviceFrom() || t >= d.serviceTo()) {
            return false;
        }
        if (!d.expectedOnlyAtWork()) {
            return true;
        }
        return expectedDeadline(d, t, 1) == t + 1;
    }

    /**
     * The server time at which a device last heard of at {@code from} has been silent for
     * {@code limitMs} of the time it is expected to report: around the clock for a continuous
     * device, within its site's working spans (hours on working days and permitted extra hours)
     * less {@link AlarmEngine#offlineGraceMs()} at each end for a working-hours one; never before its
     * install date nor after its remove date. MAX_VALUE: not within the calendar's look-ahead.
     */
    long expectedDeadline(DeviceState d, long from, long limitMs) {
        long cursor = Math.max(from, d.serviceFrom());
        long end = d.serviceTo();
        if (!d.expectedOnlyAtWork()) {
            long at = cursor + limitMs;
            return at < end && at >= cursor ? at : Long.MAX_VALUE;
        }
        SiteCalendar cal = d.calendar();
        long grace = engine.offlineGraceMs();
        long remaining = limitMs;
        for (int i = 0; i < LOOK_AHEAD_SPANS && cursor < end; i++) {
            long qFrom = cursor - DAY_MS;
            long qTo = cursor + 2 * DAY_MS;
            for (SiteCalendar.Window w : cal.windows(Instant.ofEpochMilli(qFrom), Instant.ofEpochMilli(qTo))) {
                long wf = w.from().toEpochMilli();
                long wt = w.to().toEpochMilli();
                // A span cut by the query's edges does not start or end there: no grace at a cut.
                long a = wf == qFrom ? wf : wf + grace;
                long b = wt == qTo ? wt : wt - grace;
                if (b <= cursor || b <= a) {
                    continue;
                }
                long s = Math.max(a, cursor);
                if (s + remaining <= b) {
                    long at = s + remaining;
                    return at < end ? at : Long.MAX_VALUE;
                }
                remaining -= b - s;
                cursor = b;
            }
            cursor = Math.max(cursor, qTo);
        }
        return Long.MAX_VALUE;
    }

    /**
     * The device's connection now: off (with why), offline (an offline alarm open), or online. A
     * device that simply fell silent when it was not expected to report (a crane after the shift
     * that sent no status, a device out of service) reads off since it was last heard, with why:
     * read on request, never judged per message.
     */
    DeviceConnection connection(DeviceState d) {
        if (d.offReason != null) {
            return new DeviceConnection(DeviceConnection.OFF, d.offSince, d.offReason);
        }
        AlarmRule offline = d.first(engine.rules(), RuleType.OFFLINE);
        Alarm open = offline == null ? null : d.open.get(d.rule(offline).alarmKey());
        if (open != null) {
            return new DeviceConnection(DeviceConnection.OFFLINE, open.startTs(), null);
        }
        long now = clock.millis();
        long periodMs = d.device().periodS() * 1000L;
        if (offline != null && d.lastSeen > 0 && now - d.lastSeen > periodMs && !expectedAt(d, now)) {
            return new DeviceConnection(DeviceConnection.OFF, d.lastSeen,
                    now < d.serviceFrom() || now >= d.serviceTo() ? OUT_OF_SERVICE : OUTSIDE_HOURS);
        }
        return new DeviceConnection(DeviceConnection.ONLINE, d.onSince == 0 ? null : d.onSince, null);
    }

    private void schedule(DeviceState d, AlarmRule offline) {
        if (offline == null) {
            return;
        }
        d.offlineDeadline = d.lastSeen + offline.periods() * d.device().periodS() * 1000L;
        d.deadlineExact = false;
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
            if (d.offReason != null) {
                // Off on purpose: silence is expected. Waking re-queues the device.
                continue;
            }
            AlarmRule offline = d.first(engine.rules(), RuleType.OFFLINE);
            if (offline == null) {
                continue;
            }
            long limitMs = offline.periods() * d.device().periodS() * 1000L;
            if (!d.deadlineExact) {
                // The plain deadline came up: now (once per silence, not per message) count only
                // the time the device is expected to report.
                d.deadlineExact = true;
                long exact = expectedDeadline(d, d.lastSeen, limitMs);
                if (exact > now) {
                    d.offlineDeadline = exact;
                    if (exact != Long.MAX_VALUE) {
                        deadlines.add(new Deadline(exact, d));
                        d.deadlineQueued = true;
                    }
                    continue;
                }
            }
            if (!d.open.containsKey(d.rule(offline).alarmKey())) {
                double silentS = (now - d.lastSeen) / 1000.0;
                double limitS = limitMs / 1000.0;
                alarms.step(d, d.rule(offline), AlarmLifecycle.raise(Level.ALARM, Math.round(silentS), limitS,
                        "no message for " + Math.round(silentS) + " s (limit " + offline.periods() + " × "
                                + d.device().periodS() + " s" + (d.expectedOnlyAtWork() ? " of the site's working hours" : "")
                                + ")"), now, 0);
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

package io.sitewatch.simulator.model;

import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.simulator.fleet.DeviceSpec;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a device is switched on, on a real site. It is in service from its {@code installDate} to
 * its {@code removeDate} (site-local dates; dismantled after). A device with the {@code continuous}
 * schedule (env, pit, formwork by default) is on all that time. One with the {@code working_hours}
 * schedule is on only around its site's working hours of each working day: a crane, hoist or
 * gondola is powered up {@value #MACHINE_LEAD_MIN} minutes before the shift for the pre-shift check
 * and down {@value #MACHINE_TAIL_MIN} minutes after it; a recorder leaves its charger
 * {@value #RECORDER_LEAD_MIN} minutes before the shift and goes back {@value #RECORDER_TAIL_MIN}
 * minutes after. On a day off (the site's week, a national holiday, a typhoon stop) it stays off.
 * Outside real sites (scenarios) every device is on all the time.
 */
public final class PowerPlan {
    public static final int MACHINE_LEAD_MIN = 15;
    public static final int MACHINE_TAIL_MIN = 15;
    public static final int RECORDER_LEAD_MIN = 30;
    public static final int RECORDER_TAIL_MIN = 30;
    /** How far {@link #nextChange} looks ahead for the next working day. */
    private static final int LOOK_AHEAD_DAYS = 400;

    /** What the device is at an instant. */
    public enum State {
        /** Not yet installed: it says nothing. */
        NOT_INSTALLED,
        ON,
        /** Switched off on purpose: {@code power_off}. */
        OFF,
        /** Taken down after its remove date: {@code dismantled}. */
        DISMANTLED
    }

    private static final PowerPlan ALWAYS_ON = new PowerPlan(null, null, false, 0, 0, Long.MIN_VALUE, Long.MAX_VALUE);

    private final DeviceSpec spec;
    private final WorkSchedule schedule;
    private final boolean shifts;
    private final long leadMs;
    private final long tailMs;
    private final long installedFrom;
    private final long removedFrom;

    private PowerPlan(DeviceSpec spec, WorkSchedule schedule, boolean shifts, long leadMs, long tailMs,
                      long installedFrom, long removedFrom) {
        this.spec = spec;
        this.schedule = schedule;
        this.shifts = shifts;
        this.leadMs = leadMs;
        this.tailMs = tailMs;
        this.installedFrom = installedFrom;
        this.removedFrom = removedFrom;
    }

    /** On all the time: a scenario's device. */
    public static PowerPlan alwaysOn() {
        return ALWAYS_ON;
    }

    /** The device's plan on its site; {@code site.realSite()} false gives {@link #alwaysOn()}. */
    public static PowerPlan of(DeviceSpec spec, SiteContext site) {
        if (!site.realSite()) {
            return ALWAYS_ON;
        }
        WorkSchedule schedule = site.schedule();
        DeviceService service = spec.service();
        long installed = service.installDate() == null ? Long.MIN_VALUE
                : schedule.at(LocalDate.parse(service.installDate()), LocalTime.MIDNIGHT);
        long removed = service.removeDate() == null ? Long.MAX_VALUE
                : schedule.at(LocalDate.parse(service.removeDate()).plusDays(1), LocalTime.MIDNIGHT);
        boolean recorder = spec.kind().equals("recorder");
        return new PowerPlan(spec, schedule, !spec.continuous(),
                (recorder ? RECORDER_LEAD_MIN : MACHINE_LEAD_MIN) * 60_000L,
                (recorder ? RECORDER_TAIL_MIN : MACHINE_TAIL_MIN) * 60_000L, installed, removed);
    }

    public State state(long ts) {
        if (ts < installedFrom) {
            return State.NOT_INSTALLED;
        }
        if (ts >= removedFrom) {
            return State.DISMANTLED;
        }
        if (!shifts) {
            return State.ON;
        }
        LocalDate day = schedule.day(ts);
        for (int d = -1; d <= 1; d++) {
            for (long[] w : powered(day.plusDays(d))) {
                if (ts >= w[0] && ts < w[1]) {
                    return State.ON;
                }
            }
        }
        return State.OFF;
    }

    /** The first instant after {@code ts} at which the state differs from the state at {@code ts}; MAX_VALUE if none. */
    public long nextChange(long ts) {
        State now = state(ts);
        List<Long> candidates = new ArrayList<>();
        if (installedFrom > ts) {
            candidates.add(installedFrom);
        }
        if (removedFrom > ts && removedFrom != Long.MAX_VALUE) {
            candidates.add(removedFrom);
        }
        if (shifts && now != State.DISMANTLED) {
            LocalDate day = schedule.day(Math.max(ts, installedFrom == Long.MIN_VALUE ? ts : installedFrom));
            for (int d = -1; d <= LOOK_AHEAD_DAYS; d++) {
                boolean found = false;
                for (long[] w : powered(day.plusDays(d))) {
                    for (long edge : w) {
                        if (edge > ts && state(edge) != now) {
                            candidates.add(edge);
                            found = true;
                        }
                    }
                }
                if (found) {
                    break;
                }
            }
        }
        long best = Long.MAX_VALUE;
        for (long c : candidates) {
            if (c > ts && c < best && state(c) != now) {
                best = c;
            }
        }
        return best;
    }

    /** The day's powered spans: its working windows widened by lead and tail, merged where they touch. */
    private List<long[]> powered(LocalDate day) {
        List<long[]> out = new ArrayList<>();
        for (long[] w : schedule.windows(day)) {
            long from = w[0] - leadMs;
            long to = w[1] + tailMs;
            if (!out.isEmpty() && from <= out.get(out.size() - 1)[1]) {
                out.get(out.size() - 1)[1] = Math.max(to, out.get(out.size() - 1)[1]);
            } else {
                out.add(new long[] {from, to});
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return spec == null ? "always on" : spec.deviceId() + " " + (shifts ? "working hours" : "continuous");
    }
}

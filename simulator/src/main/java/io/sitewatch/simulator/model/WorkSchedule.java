package io.sitewatch.simulator.model;

import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When the site works, in its own time zone: its working hours on its working days, with a lunch
 * break 11:30–13:00 in which machines stand idle (07:00–18:00 gives lifting 07:00–11:30 and
 * 13:00–18:00), plus the extra hours a night-work permit allows on its date. Which days are working
 * days is the site's calendar (its week, the national holidays and make-up days, its marks), or,
 * for a scenario, every day. Night (22:00–06:00) follows GB 12523-2011.
 */
public final class WorkSchedule {
    private static final int LUNCH_FROM = 11 * 60 + 30;
    private static final int LUNCH_TO = 13 * 60;
    /** How far back {@link #previousWorkingDay} looks: the longest national holiday is 9 days. */
    private static final int LOOK_BACK_DAYS = 60;

    private final ZoneId zone;
    private final WorkingHours hours;
    private final SiteCalendar calendar;

    /**
     * @param calendar the site's calendar, or null when every day is a working day (a scenario's
     *                 day is a working day whatever the date)
     */
    public WorkSchedule(ZoneId zone, WorkingHours hours, SiteCalendar calendar) {
        this.zone = zone;
        this.hours = hours;
        this.calendar = calendar;
    }

    /** Every day a working day, 07:00–18:00. */
    public WorkSchedule(ZoneId zone) {
        this(zone, WorkingHours.of("07:00", "18:00", List.of(1, 2, 3, 4, 5, 6, 7)), null);
    }

    public ZoneId zone() {
        return zone;
    }

    public WorkingHours hours() {
        return hours;
    }

    /** Whether the site works on that date. */
    public boolean workingDay(LocalDate day) {
        return calendar == null || calendar.isWorkingDay(day);
    }

    /** The last working day before {@code day} (a week back if the calendar shows none for 60 days). */
    public LocalDate previousWorkingDay(LocalDate day) {
        for (int back = 1; back <= LOOK_BACK_DAYS; back++) {
            if (workingDay(day.minusDays(back))) {
                return day.minusDays(back);
            }
        }
        return day.minusDays(1);
    }

    /** The site works now: its hours on a working day, or a permit's extra hours. */
    public boolean worksAt(long ts) {
        if (calendar != null) {
            return calendar.worksAt(Instant.ofEpochMilli(ts));
        }
        return hours.contains(localTime(ts));
    }

    /** Machines work now: the site works and it is not the lunch break of the ordinary hours. */
    public boolean working(long ts) {
        if (!worksAt(ts)) {
            return false;
        }
        int minute = localTime(ts).toSecondOfDay() / 60;
        return minute < LUNCH_FROM || minute >= LUNCH_TO || minute < hours.fromMinute() || minute >= hours.toMinute();
    }

    /** The spans of {@code day} in which the site works (its hours, extra hours merged in), as epoch millis. */
    public List<long[]> windows(LocalDate day) {
        List<long[]> out = new ArrayList<>();
        long dayStart = at(day, LocalTime.MIDNIGHT);
        long dayEnd = at(day.plusDays(1), LocalTime.MIDNIGHT);
        if (calendar != null) {
            for (SiteCalendar.Window w : calendar.windows(Instant.ofEpochMilli(dayStart), Instant.ofEpochMilli(dayEnd))) {
                out.add(new long[] {w.from().toEpochMilli(), w.to().toEpochMilli()});
            }
        } else {
            out.add(new long[] {dayStart + hours.fromMinute() * 60_000L, Math.min(dayEnd, dayStart + hours.toMinute() * 60_000L)});
        }
        return out;
    }

    public boolean night(long ts) {
        int hour = localTime(ts).getHour();
        return hour >= 22 || hour < 6;
    }

    /** Local hour as a fraction, 0 ≤ h < 24. */
    public double hourOfDay(long ts) {
        LocalTime t = localTime(ts);
        return t.toSecondOfDay() / 3600.0;
    }

    public LocalDate day(long ts) {
        return Instant.ofEpochMilli(ts).atZone(zone).toLocalDate();
    }

    /** Epoch millis of a local time on a local day. */
    public long at(LocalDate day, LocalTime time) {
        return ZonedDateTime.of(day, time, zone).toInstant().toEpochMilli();
    }

    /** Epoch millis of a minute of a local day. */
    public long atMinute(LocalDate day, int minuteOfDay) {
        return at(day, LocalTime.MIDNIGHT) + minuteOfDay * 60_000L;
    }

    private LocalTime localTime(long ts) {
        return Instant.ofEpochMilli(ts).atZone(zone).toLocalTime();
    }
}

package io.sitewatch.core.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a site works: its working hours in its own time zone, on the days its week and the national
 * calendar make working days, with the dates the site or a regulator marked (typhoon, suspension,
 * a working Sunday, night-work permits) taking precedence. Pure: no clock, no I/O.
 */
public final class SiteCalendar {

    /** How far {@link #nextWorkStart} looks ahead: a site stopped longer than this has no next start. */
    private static final int LOOK_AHEAD_DAYS = 400;

    private final ZoneId zone;
    private final WorkingHours hours;
    private final NationalCalendar national;
    private final Map<LocalDate, CalendarMark> marks;

    public SiteCalendar(ZoneId zone, WorkingHours hours, NationalCalendar national, Map<LocalDate, CalendarMark> marks) {
        this.zone = zone;
        this.hours = hours;
        this.national = national;
        this.marks = Map.copyOf(marks);
    }

    /** What one date is for the site, and why. */
    public record Day(LocalDate date, boolean working, String reason, String source, CalendarMark.ExtraHours extraHours,
                      String note, boolean calendarMissing) {
    }

    /** A span of time in which the site works. */
    public record Window(Instant from, Instant to) {

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public WorkingHours hours() {
        return hours;
    }

    public Day day(LocalDate d) {
        boolean missing = !national.covers(d.getYear());
        CalendarMark mark = marks.get(d);
        if (mark != null) {
            return new Day(d, mark.working(), mark.reason(), mark.source(), mark.working() ? mark.extraHours() : null,
                    mark.note(), missing);
        }
        return switch (national.kindOf(d)) {
            case HOLIDAY -> new Day(d, false, "holiday", "national", null,
                    national.holiday(d).map(Holiday::name).orElse(null), false);
            case MAKEUP_WORKDAY -> new Day(d, true, null, "national", null, "调休上班", false);
            default -> new Day(d, hours.onDay(d.getDayOfWeek()), null, "national", null, null, missing);
        };
    }

    public boolean isWorkingDay(LocalDate d) {
        return day(d).working();
    }

    /** Working days in [from, to] (inclusive), in order. */
    public List<LocalDate> workingDays(LocalDate from, LocalDate toInclusive) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(toInclusive); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** Whether the site works at this instant (working hours of a working day, or a permit's extra hours). */
    public boolean worksAt(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        Day d = day(z.toLocalDate());
        if (!d.working()) {
            return false;
        }
        int minute = z.getHour() * 60 + z.getMinute();
        return minute >= hours.fromMinute() && minute < hours.toMinute() || inExtra(d, minute);
    }

    /** Whether this instant falls in extra hours permitted on that date (e.g. a night-work permit). */
    public boolean permittedBeyondHours(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        Day d = day(z.toLocalDate());
        return d.working() && inExtra(d, z.getHour() * 60 + z.getMinute());
    }

    private static boolean inExtra(Day d, int minute) {
        return d.extraHours() != null && minute >= d.extraHours().fromMinute() && minute < d.extraHours().toMinute();
    }

    /** The spans in [from, to) in which the site works, merged where they touch. */
    public List<Window> windows(Instant from, Instant to) {
        List<Window> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate d = from.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            Day day = day(d);
            if (!day.working()) {
                continue;
            }
            add(out, d, hours.fromMinute(), hours.toMinute(), from, to);
            if (day.extraHours() != null) {
                add(out, d, day.extraHours().fromMinute(), day.extraHours().toMinute(), from, to);
            }
        }
        out.sort((a, b) -> a.from().compareTo(b.from()));
        List<Window> merged = new ArrayList<>();
        for (Window w : out) {
            Window prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (prev != null && !w.from().isAfter(prev.to())) {
                merged.set(merged.size() - 1, new Window(prev.from(), w.to().isAfter(prev.to()) ? w.to() : prev.to()));
            } else {
                merged.add(w);
            }
        }
        return merged;
    }

    private void add(List<Window> out, LocalDate d, int fromMinute, int toMinute, Instant from, Instant to) {
        Instant a = d.atStartOfDay(zone).plusMinutes(fromMinute).toInstant();
        Instant b = d.atStartOfDay(zone).plusMinutes(toMinute).toInstant();
        Instant lo = a.isBefore(from) ? from : a;
        Instant hi = b.isAfter(to) ? to : b;
        if (hi.isAfter(lo)) {
            out.add(new Window(lo, hi));
        }
    }

    /** Total working time in [from, to). */
    public Duration workingTime(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        for (Window w : windows(from, to)) {
            total = total.plus(w.length());
        }
        return total;
    }

    /** The first instant at or after {@code t} at which the site works, or null if it does not within 400 days. */
    public Instant nextWorkStart(Instant t) {
        if (worksAt(t)) {
            return t;
        }
        Instant horizon = t.plus(Duration.ofDays(1));
        for (int i = 0; i < LOOK_AHEAD_DAYS; i++) {
            List<Window> w = windows(t, horizon);
            if (!w.isEmpty()) {
                return w.get(0).from();
            }
            t = horizon;
            horizon = horizon.plus(Duration.ofDays(1));
        }
        return null;
    }
}

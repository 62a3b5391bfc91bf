package io.sitewatch.simulator.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The site's working hours in its own time zone: 07:00–11:30 and 13:00–18:00 (lunch break in
 * between), every day. Night (22:00–06:00) follows GB 12523-2011.
 */
public final class WorkSchedule {
    private static final LocalTime MORNING_START = LocalTime.of(7, 0);
    private static final LocalTime MORNING_END = LocalTime.of(11, 30);
    private static final LocalTime AFTERNOON_START = LocalTime.of(13, 0);
    private static final LocalTime AFTERNOON_END = LocalTime.of(18, 0);

    private final ZoneId zone;

    public WorkSchedule(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean working(long ts) {
        LocalTime t = localTime(ts);
        return (!t.isBefore(MORNING_START) && t.isBefore(MORNING_END))
                || (!t.isBefore(AFTERNOON_START) && t.isBefore(AFTERNOON_END));
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

    private LocalTime localTime(long ts) {
        return Instant.ofEpochMilli(ts).atZone(zone).toLocalTime();
    }
}

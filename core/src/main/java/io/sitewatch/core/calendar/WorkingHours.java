package io.sitewatch.core.calendar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A site's working hours in its own time zone: from–to minutes of the day (to may be 24:00) on the
 * given ISO weekdays. National holidays and the dates marked on the site's calendar are applied by
 * {@link SiteCalendar}. In JSON it is the HTTP form {@code {"from": "07:00", "to": "19:00",
 * "days": [1, …, 7]}}.
 */
public record WorkingHours(int fromMinute, int toMinute, Set<DayOfWeek> days) {

    /** 07:00–19:00 every day of the week: sites in Fujian work weekends unless they say otherwise. */
    public static final WorkingHours DEFAULT = new WorkingHours(7 * 60, 19 * 60, EnumSet.allOf(DayOfWeek.class));

    public WorkingHours {
        if (fromMinute < 0 || toMinute > 24 * 60 || fromMinute >= toMinute) {
            throw new IllegalArgumentException("working hours must run forwards within one day: "
                    + clock(fromMinute) + "–" + clock(toMinute));
        }
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    }

    /** From the HTTP form: "07:00", "19:00" and ISO weekday numbers 1 (Monday) to 7 (Sunday). */
    @JsonCreator
    public static WorkingHours of(@JsonProperty("from") String from, @JsonProperty("to") String to,
                                  @JsonProperty("days") Collection<Integer> isoDays) {
        if (isoDays == null) {
            throw new IllegalArgumentException("days: the ISO weekdays worked are required (1 = Monday … 7 = Sunday)");
        }
        EnumSet<DayOfWeek> d = EnumSet.noneOf(DayOfWeek.class);
        for (Integer i : isoDays) {
            if (i == null || i < 1 || i > 7) {
                throw new IllegalArgumentException("days: " + i + " is not an ISO weekday (1 = Monday … 7 = Sunday)");
            }
            d.add(DayOfWeek.of(i));
        }
        return new WorkingHours(minute(from), minute(to), d);
    }

    /** "HH:MM" → minute of the day; "24:00" is the end of the day. */
    public static int minute(String hhmm) {
        if (hhmm == null || !hhmm.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("'" + hhmm + "' is not a time HH:MM");
        }
        int h = Integer.parseInt(hhmm.substring(0, 2));
        int m = Integer.parseInt(hhmm.substring(3));
        if (m > 59 || h > 24 || h == 24 && m > 0) {
            throw new IllegalArgumentException("'" + hhmm + "' is not a time of day (00:00–24:00)");
        }
        return h * 60 + m;
    }

    public static String clock(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }

    public boolean onDay(DayOfWeek d) {
        return days.contains(d);
    }

    public boolean contains(LocalTime t) {
        int m = t.getHour() * 60 + t.getMinute();
        return m >= fromMinute && m < toMinute;
    }

    public String from() {
        return clock(fromMinute);
    }

    public String to() {
        return clock(toMinute);
    }

    public List<Integer> isoDays() {
        return days.stream().map(DayOfWeek::getValue).sorted().toList();
    }

    /** The HTTP form. */
    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from());
        m.put("to", to());
        m.put("days", isoDays());
        return m;
    }
}

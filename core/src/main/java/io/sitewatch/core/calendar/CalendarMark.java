package io.sitewatch.core.calendar;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A date marked on a site's calendar by the site or a regulator: a typhoon or suspension stop, a
 * holiday of its own, or a working day; optionally work permitted beyond the working hours on that
 * date (e.g. a 夜间施工 permit for a concrete pour).
 *
 * @param source {@code site} or {@code regulator}
 */
public record CalendarMark(LocalDate date, boolean working, String reason, String note, ExtraHours extraHours, String source) {

    public static final Set<String> REASONS = Set.of("typhoon", "holiday", "suspension", "other");
    public static final Set<String> SOURCES = Set.of("site", "regulator");

    public CalendarMark {
        if (reason != null && !REASONS.contains(reason)) {
            throw new IllegalArgumentException("reason must be one of " + REASONS + ": " + reason);
        }
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("source must be one of " + SOURCES + ": " + source);
        }
    }

    /** Work permitted beyond the working hours on one date, with the permit's number; in JSON {@code {"from", "to", "permit"}}. */
    public record ExtraHours(int fromMinute, int toMinute, String permit) {

        public ExtraHours {
            if (fromMinute < 0 || toMinute > 24 * 60 || fromMinute >= toMinute) {
                throw new IllegalArgumentException("extraHours must run forwards within one day: "
                        + WorkingHours.clock(fromMinute) + "–" + WorkingHours.clock(toMinute));
            }
        }

        public static ExtraHours of(String from, String to, String permit) {
            return new ExtraHours(WorkingHours.minute(from), WorkingHours.minute(to), permit);
        }

        public String from() {
            return WorkingHours.clock(fromMinute);
        }

        public String to() {
            return WorkingHours.clock(toMinute);
        }

        /** The HTTP form. */
        @JsonValue
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from());
            m.put("to", to());
            m.put("permit", permit);
            return m;
        }
    }
}

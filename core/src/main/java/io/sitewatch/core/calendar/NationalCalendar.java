package io.sitewatch.core.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The national statutory holidays and make-up working days (调休上班) per year, from the State
 * Council's notices ({@code calendar/cn-statutory-holidays.yaml}, each year with its source). A
 * year whose notice is not loaded is not guessed: {@link #covers(int)} says so and callers flag the
 * date as "calendar missing".
 */
public final class NationalCalendar {

    public static final String RESOURCE = "/calendar/cn-statutory-holidays.yaml";

    /** What the national calendar says of a date. */
    public enum Kind { HOLIDAY, MAKEUP_WORKDAY, ORDINARY, NOT_PUBLISHED }

    private final Map<Integer, String> sources;
    private final List<Holiday> holidays;
    private final Set<LocalDate> makeupWorkdays;

    NationalCalendar(Map<Integer, String> sources, List<Holiday> holidays, Set<LocalDate> makeupWorkdays) {
        this.sources = Map.copyOf(sources);
        this.holidays = List.copyOf(holidays);
        this.makeupWorkdays = Set.copyOf(makeupWorkdays);
    }

    private static final class Bundled {
        static final NationalCalendar INSTANCE = load();

        private static NationalCalendar load() {
            try (InputStream in = NationalCalendar.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The calendar shipped with SiteWatch. */
    public static NationalCalendar bundled() {
        return Bundled.INSTANCE;
    }

    /** Reads a calendar file; a wrong entry is refused with the year and field named. */
    public static NationalCalendar read(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        Map<Integer, String> sources = new HashMap<>();
        List<Holiday> holidays = new ArrayList<>();
        Set<LocalDate> makeup = new HashSet<>();
        JsonNode years = root == null ? null : root.get("years");
        if (years == null || !years.isObject()) {
            throw new IllegalArgumentException("calendar file: 'years' is missing");
        }
        for (var it = years.fields(); it.hasNext(); ) {
            var e = it.next();
            int year;
            try {
                year = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("calendar file: year '" + e.getKey() + "' is not a number");
            }
            JsonNode y = e.getValue();
            if (!y.path("published").asBoolean(false)) {
                continue;
            }
            String source = y.path("source").asText("");
            if (source.isBlank()) {
                throw new IllegalArgumentException("calendar file: " + year + " has no source");
            }
            sources.put(year, source);
            for (JsonNode h : y.path("holidays")) {
                Holiday holiday = new Holiday(h.path("name").asText(), h.path("en").asText(),
                        date(year, "holidays.from", h.path("from").asText()), date(year, "holidays.to", h.path("to").asText()));
                holidays.add(holiday);
            }
            for (JsonNode d : y.path("makeupWorkdays")) {
                makeup.add(date(year, "makeupWorkdays", d.asText()));
            }
        }
        return new NationalCalendar(sources, holidays, makeup);
    }

    private static LocalDate date(int year, String field, String text) {
        try {
            LocalDate d = LocalDate.parse(text);
            if (d.getYear() != year) {
                throw new IllegalArgumentException("calendar file: " + year + " " + field + " " + text + " lies in another year");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("calendar file: " + year + " " + field + " '" + text + "' is not a YYYY-MM-DD date");
        }
    }

    /** Whether the notice for this year is loaded. */
    public boolean covers(int year) {
        return sources.containsKey(year);
    }

    /** The notice a year's dates come from, if loaded. */
    public Optional<String> source(int year) {
        return Optional.ofNullable(sources.get(year));
    }

    public Kind kindOf(LocalDate d) {
        if (!covers(d.getYear())) {
            return Kind.NOT_PUBLISHED;
        }
        if (makeupWorkdays.contains(d)) {
            return Kind.MAKEUP_WORKDAY;
        }
        return holiday(d).isPresent() ? Kind.HOLIDAY : Kind.ORDINARY;
    }

    public Optional<Holiday> holiday(LocalDate d) {
        for (Holiday h : holidays) {
            if (h.contains(d)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** A national working day for an office week (Monday to Friday, holidays off, make-up days on). */
    public boolean isOfficeWorkday(LocalDate d) {
        return switch (kindOf(d)) {
            case HOLIDAY -> false;
            case MAKEUP_WORKDAY -> true;
            default -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
        };
    }
}

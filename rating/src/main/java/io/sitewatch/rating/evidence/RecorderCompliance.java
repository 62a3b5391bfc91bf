package io.sitewatch.rating.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.rating.text.Msg;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Inspection-recorder compliance. Two rules: {@link #campaign} (2026.1 on, when the catalogue item
 * has {@code logWindowMinutes}) and {@link #measure} (the rule of catalogues without it, 2025.1).
 *
 * <p>{@link #measure}: on each of the site's working days (its calendar: working week,
 * national holidays and make-up days, the dates it or a regulator marked) the safety officer clocked
 * in, and the safety log of the previous working day had been uploaded by the end of that day. Days
 * off are neither counted nor expected to have a log.
 */
public final class RecorderCompliance {

    public static final String SAFETY_OFFICER = "safety_officer";
    /** How far back the previous working day is looked for: after a longer stop no log is due. */
    static final int LOOK_BACK_DAYS = 31;

    private RecorderCompliance() {
    }

    /**
     * @param first     the first local day of the window in service
     * @param last      the last local day (included)
     * @param siteStart the site's start date (null: not registered): a previous working day before it needs no log
     * @param events    clock-ins and safety logs from {@link #logsNeededFrom} on
     */
    public static RateFact measure(SiteCalendar calendar, LocalDate first, LocalDate last, LocalDate siteStart,
                                   List<RatingData.EventFact> events) {
        ZoneId zone = calendar.zone();
        Set<LocalDate> clockIns = new HashSet<>();
        List<RatingData.EventFact> logs = new ArrayList<>();
        for (RatingData.EventFact e : events) {
            if ("clock_in".equals(e.type()) && SAFETY_OFFICER.equals(e.data().path("role").asText())) {
                clockIns.add(e.ts().atZone(zone).toLocalDate());
            } else if ("safety_log".equals(e.type())) {
                logs.add(e);
            }
        }
        List<LocalDate> working = first.isAfter(last) ? List.of() : calendar.workingDays(first, last);
        long daysOff = first.isAfter(last) ? 0 : first.datesUntil(last.plusDays(1)).count() - working.size();
        long unpublished = working.stream().filter(d -> calendar.day(d).calendarMissing()).count();
        Set<LocalDate> missing = new TreeSet<>();
        long ok = 0;
        for (LocalDate day : working) {
            LocalDate previous = previousWorkingDay(calendar, day, siteStart);
            boolean logged = previous == null || logs.stream().anyMatch(l -> previous.toString().equals(l.data().path("log_date").asText())
                    && !l.ts().atZone(zone).toLocalDate().isAfter(day));
            if (clockIns.contains(day) && logged) {
                ok++;
            } else {
                missing.add(day);
            }
        }
        String calendarText = "site calendar " + calendar.hours().from() + "–" + calendar.hours().to() + " on ISO days "
                + calendar.hours().isoDays() + ", national holidays and marked dates";
        String why = working.isEmpty()
                ? "no working day in the window (" + calendarText + "; " + daysOff + " days off)"
                : ok + " of " + working.size() + " working days with the safety officer's clock-in and the previous working day's log ("
                        + calendarText + "; " + daysOff + " days off left out)"
                        + (missing.isEmpty() ? "" : "; missing e.g. " + missing.stream().limit(5).toList())
                        + (unpublished == 0 ? "" : "; " + unpublished + " days in a year whose national holidays are not loaded taken by the site's week");
        List<Msg> tails = new ArrayList<>();
        if (!missing.isEmpty()) {
            tails.add(Msg.of("recorder.tail.missing", "days", missing.stream().limit(5).map(LocalDate::toString).toList()));
        }
        if (unpublished > 0) {
            tails.add(Msg.of("recorder.tail.unpublished", "n", unpublished));
        }
        Msg text = working.isEmpty()
                ? Msg.of("recorder.none", "calendar", calendarText(calendar), "off", daysOff)
                : Msg.of("recorder.counted", "ok", ok, "total", (long) working.size(), "calendar", calendarText(calendar),
                        "off", daysOff, "tails", tails);
        return new RateFact(ok, working.size(), false, why, List.of(), text);
    }

    /** The site's calendar in words: hours, working week, holidays and marked dates. */
    private static Msg calendarText(SiteCalendar calendar) {
        return Msg.of("recorder.calendar", "from", calendar.hours().from(), "to", calendar.hours().to(),
                "days", calendar.hours().isoDays());
    }

    /** Why a required officer's working day failed, in the order they are checked. */
    public enum Failure {
        NO_CLOCK_IN("no clock-in", "recorder.failure.no_clock_in"),
        OUTSIDE_FENCE("clock-in outside the fence", "recorder.failure.outside_fence"),
        LOG_MISSING("log missing", "recorder.failure.log_missing"),
        LOG_FROM_ANOTHER_OFFICER("log from another officer", "recorder.failure.log_other"),
        LOG_OUTSIDE_WINDOW("log outside the window", "recorder.failure.log_window");

        public final String text;
        /** Its message id. */
        public final String id;

        Failure(String text, String id) {
            this.text = text;
            this.id = id;
        }
    }

    private record ClockIn(String officerId, String role, Instant ts, Double lat, Double lon) {
    }

    private record Log(String officerId, String logDate, Instant ts) {
    }

    private record Verdict(Failure failure, String line, Msg text) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);

    /**
     * The campaign's rule (福建省安全生产治本攻坚 五.2: the safety officer uploads the previous working
     * day's safety log when clocking in). A working day complies when each required officer — the
     * site's key people with role {@code safety_officer}; with none registered, any officer whose
     * {@code clock_in} says {@code safety_officer} (one of them is enough) — clocked in inside the
     * site's fence (none registered: anywhere) and the {@code safety_log} of the previous working
     * day came from that officer within {@code windowMinutes} of that clock-in, both ends included.
     * Days off are neither counted nor expected to have a log; the site's first working day (no
     * previous working day on or after its start) needs the clock-in only.
     *
     * @param fence     the site's fence, or null when none is registered (location not checked)
     * @param personnel the site's key people (only {@code safety_officer}s are required)
     * @param events    clock-ins and safety logs from {@code windowMinutes} before {@code first} to as long after {@code last}
     * @return the share of working days, with one {@link RateFact#details()} line per failed day
     */
    public static RateFact campaign(SiteCalendar calendar, LocalDate first, LocalDate last, LocalDate siteStart,
                                    GeoFence fence, List<KeyPerson> personnel, int windowMinutes,
                                    List<RatingData.EventFact> events) {
        ZoneId zone = calendar.zone();
        Map<String, String> required = new LinkedHashMap<>();
        personnel.stream().filter(p -> SAFETY_OFFICER.equals(p.role()))
                .forEach(p -> required.put(p.personId(), p.personId() + (p.name() == null ? "" : " " + p.name())));
        Map<String, Msg> officerNames = new LinkedHashMap<>();
        personnel.stream().filter(p -> SAFETY_OFFICER.equals(p.role()))
                .forEach(p -> officerNames.put(p.personId(), officer(p.personId(), p.name())));
        boolean fallback = required.isEmpty();
        Map<LocalDate, List<ClockIn>> clockIns = new HashMap<>();
        Map<String, List<Log>> logs = new HashMap<>();
        for (RatingData.EventFact e : events) {
            if ("clock_in".equals(e.type())) {
                clockIns.computeIfAbsent(e.ts().atZone(zone).toLocalDate(), d -> new ArrayList<>()).add(new ClockIn(
                        text(e.data(), "officer_id"), text(e.data(), "role"), e.ts(), number(e.data(), "lat"), number(e.data(), "lon")));
            } else if ("safety_log".equals(e.type())) {
                Log l = new Log(text(e.data(), "officer_id"), text(e.data(), "log_date"), e.ts());
                logs.computeIfAbsent(String.valueOf(l.logDate()), d -> new ArrayList<>()).add(l);
            }
        }
        List<LocalDate> working = first.isAfter(last) ? List.of() : calendar.workingDays(first, last);
        long daysOff = first.isAfter(last) ? 0 : first.datesUntil(last.plusDays(1)).count() - working.size();
        long unpublished = working.stream().filter(d -> calendar.day(d).calendarMissing()).count();
        Map<Failure, Integer> failures = new EnumMap<>(Failure.class);
        List<String> details = new ArrayList<>();
        List<Msg> detailTexts = new ArrayList<>();
        long ok = 0;
        for (LocalDate day : working) {
            LocalDate previous = previousWorkingDay(calendar, day, siteStart);
            List<ClockIn> today = clockIns.getOrDefault(day, List.of());
            List<Log> due = previous == null ? null : logs.getOrDefault(previous.toString(), List.of());
            List<Verdict> failed = new ArrayList<>();
            if (fallback) {
                Map<String, List<ClockIn>> byOfficer = today.stream().filter(c -> SAFETY_OFFICER.equals(c.role()))
                        .collect(Collectors.groupingBy(c -> String.valueOf(c.officerId()), LinkedHashMap::new, Collectors.toList()));
                if (byOfficer.isEmpty()) {
                    failed.add(new Verdict(Failure.NO_CLOCK_IN, "no clock-in by any safety_officer", Msg.of("recorder.day.no_officer")));
                } else {
                    List<Verdict> each = new ArrayList<>();
                    byOfficer.forEach((id, own) -> each.add(officerDay(id, officer(id, null), own, previous, due, fence, windowMinutes, zone)));
                    if (each.stream().allMatch(v -> v != null)) {
                        failed.addAll(each);
                    }
                }
            } else {
                required.forEach((id, label) -> {
                    Verdict v = officerDay(label, officerNames.get(id), today.stream().filter(c -> id.equals(c.officerId())).toList(), previous,
                            due, fence, windowMinutes, zone);
                    if (v != null) {
                        failed.add(v);
                    }
                });
            }
            if (failed.isEmpty()) {
                ok++;
            } else {
                // a day counts once per reason, however many officers failed it for that reason
                failed.stream().map(Verdict::failure).distinct().forEach(f -> failures.merge(f, 1, Integer::sum));
                details.add(day + ": " + failed.stream().map(Verdict::line).collect(Collectors.joining("; ")));
                detailTexts.add(Msg.of("recorder.day", "date", day.toString(), "lines", failed.stream().map(Verdict::text).toList()));
            }
        }
        String calendarText = "site calendar " + calendar.hours().from() + "–" + calendar.hours().to() + " on ISO days "
                + calendar.hours().isoDays() + ", national holidays and marked dates";
        String who = fallback
                ? "no safety officer registered among the site's key personnel, so any safety_officer's clock-in counts (the rule before the campaign's)"
                : "required: " + String.join(", ", required.values());
        String where = fence == null ? "no fence registered: clock-in location not checked"
                : String.format(Locale.ROOT, "fence %.0f m around %.6f, %.6f", fence.radiusM(), fence.lat(), fence.lon());
        String why = working.isEmpty()
                ? "no working day in the window (" + calendarText + "; " + daysOff + " days off)"
                : ok + " of " + working.size() + " working days on which the safety officer clocked in inside the site's fence and uploaded"
                        + " the previous working day's safety log within " + windowMinutes + " min of that clock-in (" + who + "; "
                        + where + "; " + calendarText + "; " + daysOff + " days off left out)"
                        + (failures.isEmpty() ? "" : "; failed days by reason: " + failures.entrySet().stream()
                                .map(f -> f.getKey().text + " " + f.getValue()).collect(Collectors.joining(", ")))
                        + (details.isEmpty() ? "" : "; e.g. " + details.stream().limit(5).collect(Collectors.joining(" | ")))
                        + (unpublished == 0 ? "" : "; " + unpublished + " days in a year whose national holidays are not loaded taken by the site's week");
        Msg whoText = fallback ? Msg.of("recorder.who.fallback") : Msg.of("recorder.who.required", "officers", List.copyOf(officerNames.values()));
        Msg whereText = fence == null ? Msg.of("recorder.fence.none")
                : Msg.of("recorder.fence", "radius", Math.round(fence.radiusM()), "lat", String.format(Locale.ROOT, "%.6f", fence.lat()),
                        "lon", String.format(Locale.ROOT, "%.6f", fence.lon()));
        List<Msg> tails = new ArrayList<>();
        if (!failures.isEmpty()) {
            tails.add(Msg.of("recorder.tail.failures", "reasons", failures.entrySet().stream()
                    .map(f -> Msg.of("recorder.failure.count", "reason", Msg.of(f.getKey().id), "n", (long) f.getValue())).toList()));
        }
        if (!detailTexts.isEmpty()) {
            tails.add(Msg.of("recorder.tail.examples", "days", detailTexts.stream().limit(5).toList()));
        }
        if (unpublished > 0) {
            tails.add(Msg.of("recorder.tail.unpublished", "n", unpublished));
        }
        Msg text = working.isEmpty()
                ? Msg.of("recorder.none", "calendar", calendarText(calendar), "off", daysOff)
                : Msg.of("recorder.campaign", "ok", ok, "total", (long) working.size(), "window", (long) windowMinutes,
                        "who", whoText, "where", whereText, "calendar", calendarText(calendar), "off", daysOff, "tails", tails);
        return new RateFact(ok, working.size(), false, why, details, text);
    }

    /** An officer by id, and by name when registered. */
    private static Msg officer(String id, String name) {
        return name == null ? Msg.of("recorder.officer", "id", String.valueOf(id)) : Msg.of("recorder.officer.named", "id", id, "name", name);
    }

    /** Null when the officer did the day's duty, else the first reason it failed. */
    private static Verdict officerDay(String officer, Msg who, List<ClockIn> own, LocalDate previous, List<Log> due, GeoFence fence,
                                      int windowMinutes, ZoneId zone) {
        if (own.isEmpty()) {
            return new Verdict(Failure.NO_CLOCK_IN, officer + ": no clock-in", Msg.of("recorder.day.no_clock_in", "officer", who));
        }
        List<ClockIn> inside = fence == null ? own
                : own.stream().filter(c -> c.lat() != null && c.lon() != null && fence.contains(c.lat(), c.lon())).toList();
        if (inside.isEmpty()) {
            java.util.OptionalDouble nearest = own.stream().filter(c -> c.lat() != null && c.lon() != null)
                    .mapToDouble(c -> fence.distanceM(c.lat(), c.lon())).min();
            String where = nearest.stream()
                    .mapToObj(d -> String.format(Locale.ROOT, "%.0f m from the fence's centre, radius %.0f m", d, fence.radiusM()))
                    .findFirst().orElse("no location sent");
            Msg whereText = nearest.isPresent()
                    ? Msg.of("recorder.distance", "d", Math.round(nearest.getAsDouble()), "radius", Math.round(fence.radiusM()))
                    : Msg.of("recorder.no_location");
            return new Verdict(Failure.OUTSIDE_FENCE, officer + ": clock-in outside the fence (" + where + ")",
                    Msg.of("recorder.day.outside", "officer", who, "where", whereText));
        }
        if (previous == null) {
            return null;   // the site's first working day: no log is due
        }
        if (due.isEmpty()) {
            return new Verdict(Failure.LOG_MISSING, officer + ": log of " + previous + " missing",
                    Msg.of("recorder.day.log_missing", "officer", who, "date", previous.toString()));
        }
        String id = inside.get(0).officerId();
        List<Log> mine = due.stream().filter(l -> id != null && id.equals(l.officerId())).toList();
        if (mine.isEmpty()) {
            List<String> others = due.stream().map(l -> String.valueOf(l.officerId())).distinct().sorted().toList();
            return new Verdict(Failure.LOG_FROM_ANOTHER_OFFICER, officer + ": log of " + previous + " from another officer ("
                    + String.join(", ", others) + ")",
                    Msg.of("recorder.day.log_other", "officer", who, "date", previous.toString(), "others", others));
        }
        long window = windowMinutes * 60_000L;
        for (ClockIn c : inside) {
            for (Log l : mine) {
                if (Math.abs(l.ts().toEpochMilli() - c.ts().toEpochMilli()) <= window) {
                    return null;
                }
            }
        }
        List<String> uploaded = mine.stream().map(l -> TIME.format(l.ts().atZone(zone))).toList();
        List<String> clockIns = inside.stream().map(c -> TIME.format(c.ts().atZone(zone))).toList();
        return new Verdict(Failure.LOG_OUTSIDE_WINDOW, officer + ": log of " + previous + " outside the window (uploaded "
                + String.join(", ", uploaded) + ", clock-in " + String.join(", ", clockIns) + ", ±" + windowMinutes + " min)",
                Msg.of("recorder.day.log_window", "officer", who, "date", previous.toString(), "uploaded", uploaded,
                        "clockIn", clockIns, "window", (long) windowMinutes));
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Double number(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    /** The first day whose clock-ins and logs {@link #measure} needs: the working day before {@code first}, or the day before. */
    public static LocalDate logsNeededFrom(SiteCalendar calendar, LocalDate first, LocalDate siteStart) {
        LocalDate previous = previousWorkingDay(calendar, first, siteStart);
        return previous == null ? first.minusDays(1) : previous;
    }

    /** The last working day before {@code day} within {@link #LOOK_BACK_DAYS}, not before the site's start; null if none. */
    static LocalDate previousWorkingDay(SiteCalendar calendar, LocalDate day, LocalDate siteStart) {
        for (int i = 1; i <= LOOK_BACK_DAYS; i++) {
            LocalDate d = day.minusDays(i);
            if (siteStart != null && d.isBefore(siteStart)) {
                return null;
            }
            if (calendar.isWorkingDay(d)) {
                return d;
            }
        }
        return null;
    }
}

package io.sitewatch.rating.evidence;

import io.sitewatch.core.calendar.SiteCalendar;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Inspection-recorder compliance: on each of the site's working days (its calendar: working week,
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
        return new RateFact(ok, working.size(), false, why);
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

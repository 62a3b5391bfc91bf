package io.sitewatch.rating.evidence;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Inspection-recorder compliance: on each working day the safety officer clocked in, and the
 * safety log of the day before had been uploaded by the end of that day.
 */
public final class RecorderCompliance {

    public static final String SAFETY_OFFICER = "safety_officer";

    private RecorderCompliance() {
    }

    public static RateFact measure(Set<LocalDate> workingDays, List<RatingData.EventFact> events, ZoneId zone) {
        Set<LocalDate> clockIns = new HashSet<>();
        List<RatingData.EventFact> logs = new java.util.ArrayList<>();
        for (RatingData.EventFact e : events) {
            if ("clock_in".equals(e.type()) && SAFETY_OFFICER.equals(e.data().path("role").asText())) {
                clockIns.add(e.ts().atZone(zone).toLocalDate());
            } else if ("safety_log".equals(e.type())) {
                logs.add(e);
            }
        }
        Set<LocalDate> missing = new TreeSet<>();
        long ok = 0;
        for (LocalDate day : workingDays) {
            String previous = day.minusDays(1).toString();
            boolean logged = logs.stream().anyMatch(l -> previous.equals(l.data().path("log_date").asText())
                    && !l.ts().atZone(zone).toLocalDate().isAfter(day));
            if (clockIns.contains(day) && logged) {
                ok++;
            } else {
                missing.add(day);
            }
        }
        String why = workingDays.isEmpty()
                ? "no working days: no device of the site reported in the window"
                : ok + " of " + workingDays.size() + " working days with the safety officer's clock-in and the previous day's log"
                        + (missing.isEmpty() ? "" : "; missing e.g. " + missing.stream().limit(5).toList());
        return new RateFact(ok, workingDays.size(), false, why);
    }
}

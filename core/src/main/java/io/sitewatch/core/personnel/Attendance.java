package io.sitewatch.core.personnel;

import io.sitewatch.core.calendar.SiteCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Monthly attendance of a site's key people (到岗履职): a present day is a working day of the site
 * (its calendar) with a clock-in by that person inside the site's fence. A clock-in outside the
 * fence, without a location, or on a day the site does not work counts nothing and is listed with
 * why. Pure: the caller passes the month's clock-ins.
 */
public final class Attendance {

    private Attendance() {
    }

    /** A key person of the site. */
    public record Person(String personId, String name, String role) {
    }

    /** A recorder {@code clock_in}: who, when, where (lat/lon null when the device sent none). */
    public record ClockIn(String personId, Instant ts, Double lat, Double lon) {
    }

    /** One person's month. {@code required} is null for a role without a rule. */
    public record Item(String personId, String name, String role, int workingDays, int presentDays, double ratio,
                       Double required, boolean met, String source) {
    }

    /** A clock-in that counted nothing, and why ({@code outside_fence}, {@code no_location}, {@code not_working_day}, {@code unknown_person}). */
    public record Refused(ClockIn clockIn, String reason, Double distanceM) {
    }

    public record Month(YearMonth month, int workingDays, List<Item> items, List<Refused> refused, boolean fenceChecked) {
    }

    /**
     * @param fence the site's fence, or null when the site has none registered: clock-ins then
     *              count wherever they were made, and {@code fenceChecked} says so
     */
    public static Month month(YearMonth month, SiteCalendar calendar, GeoFence fence, List<Person> people,
                              List<ClockIn> clockIns, DutyRules rules) {
        return month(month, month.atEndOfMonth(), calendar, fence, people, clockIns, rules);
    }

    /**
     * The month up to and including {@code through}: a month in progress is judged on its working
     * days so far (a day still to come is no day missed), and clock-ins after {@code through} are
     * left out. {@code through} at or after the month's end is the whole month.
     */
    public static Month month(YearMonth month, LocalDate through, SiteCalendar calendar, GeoFence fence,
                              List<Person> people, List<ClockIn> clockIns, DutyRules rules) {
        LocalDate last = through.isBefore(month.atEndOfMonth()) ? through : month.atEndOfMonth();
        List<LocalDate> working = calendar.workingDays(month.atDay(1), last);
        Set<LocalDate> workingSet = new HashSet<>(working);
        Map<String, Set<LocalDate>> present = new HashMap<>();
        Set<String> known = new HashSet<>();
        people.forEach(p -> known.add(p.personId()));
        List<Refused> refused = new ArrayList<>();
        for (ClockIn c : clockIns) {
            LocalDate day = c.ts().atZone(calendar.zone()).toLocalDate();
            if (!YearMonth.from(day).equals(month) || day.isAfter(last)) {
                continue;
            }
            if (!known.contains(c.personId())) {
                refused.add(new Refused(c, "unknown_person", null));
            } else if (fence != null && (c.lat() == null || c.lon() == null)) {
                refused.add(new Refused(c, "no_location", null));
            } else if (fence != null && !fence.contains(c.lat(), c.lon())) {
                refused.add(new Refused(c, "outside_fence", Math.round(fence.distanceM(c.lat(), c.lon())) * 1.0));
            } else if (!workingSet.contains(day)) {
                refused.add(new Refused(c, "not_working_day", null));
            } else {
                present.computeIfAbsent(c.personId(), k -> new HashSet<>()).add(day);
            }
        }
        List<Item> items = new ArrayList<>();
        for (Person p : people) {
            int days = present.getOrDefault(p.personId(), Set.of()).size();
            double ratio = working.isEmpty() ? 0 : (double) days / working.size();
            var rule = rules.rule(p.role());
            Double required = rule.map(DutyRules.Rule::required).orElse(null);
            boolean met = required == null || working.isEmpty() || ratio + 1e-9 >= required;
            items.add(new Item(p.personId(), p.name(), p.role(), working.size(), days, ratio, required, met,
                    rule.map(DutyRules.Rule::source).orElse(null)));
        }
        return new Month(month, working.size(), items, refused, fence != null);
    }
}

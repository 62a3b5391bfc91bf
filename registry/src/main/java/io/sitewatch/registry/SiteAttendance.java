package io.sitewatch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.Attendance;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.Site;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A site's monthly attendance of its key people (到岗履职): the month's recorder {@code clock_in}
 * events, read through ingest's {@link DeviceEvents} port, judged by core's {@link Attendance}
 * against the site's calendar, its fence and the duty rules. A month in progress is judged on its
 * working days up to today (site time). Blocking: call from a worker thread.
 */
public final class SiteAttendance {

    static final String CLOCK_IN = "clock_in";

    private final RegistryService registry;
    private final DeviceEvents events;
    private final DutyRules rules;
    private final InstantSource clock;

    public SiteAttendance(RegistryService registry, DeviceEvents events, DutyRules rules, InstantSource clock) {
        this.registry = registry;
        this.events = events;
        this.rules = rules;
        this.clock = clock;
    }

    /** One person's month, with the role's names in Chinese and English and the rule's source. */
    public record Item(String personId, String name, String role, String roleName, String roleNameEn, int workingDays,
                       int presentDays, double ratio, Double required, boolean met, String ruleSource) {
    }

    /** A clock-in that counted nothing, and why; {@code distanceM} for {@code outside_fence}. */
    public record Refused(String personId, String deviceId, long ts, String reason, Double distanceM, Double lat, Double lon) {
    }

    /**
     * @param through        the last date counted (the month's end, or today in a month in progress)
     * @param complete       whether the whole month is counted
     * @param fenceChecked   false when the site has no location: clock-ins then count wherever made
     * @param calendarMissing the national holidays of that year are not published: only the site's week and marks count
     */
    public record Month(String siteId, String month, String through, boolean complete, int workingDays, boolean fenceChecked,
                        boolean calendarMissing, List<Item> items, List<Refused> refused) {
    }

    /** The month of a registered site (null for a site not registered). */
    public Month month(String siteId, YearMonth month) throws SQLException {
        Site site = registry.cache().site(siteId);
        SiteCalendar calendar = registry.cache().calendar(siteId);
        if (site == null || calendar == null) {
            return null;
        }
        ZoneId zone = calendar.zone();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate through = today.isBefore(month.atEndOfMonth()) ? today : month.atEndOfMonth();
        List<KeyPerson> people = registry.personnel(siteId);
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        List<Attendance.ClockIn> clockIns = new ArrayList<>();
        Map<Attendance.ClockIn, String> deviceOf = new HashMap<>();
        for (DeviceEvents.Event e : events.ofSite(siteId, Set.of(CLOCK_IN), from, to)) {
            Attendance.ClockIn c = new Attendance.ClockIn(text(e.data(), "officer_id"), e.ts(), number(e.data(), "lat"),
                    number(e.data(), "lon"));
            clockIns.add(c);
            deviceOf.putIfAbsent(c, e.deviceId());
        }
        Attendance.Month m = Attendance.month(month, through, calendar, site.location(),
                people.stream().map(p -> new Attendance.Person(p.personId(), p.name(), p.role())).toList(), clockIns, rules);
        List<Item> items = m.items().stream().map(i -> {
            var rule = rules.rule(i.role());
            return new Item(i.personId(), i.name(), i.role(), rule.map(DutyRules.Rule::name).orElse(null),
                    rule.map(DutyRules.Rule::nameEn).orElse(null), i.workingDays(), i.presentDays(), i.ratio(), i.required(),
                    i.met(), i.source());
        }).toList();
        List<Refused> refused = m.refused().stream().map(r -> new Refused(r.clockIn().personId(), deviceOf.get(r.clockIn()),
                r.clockIn().ts().toEpochMilli(), r.reason(), r.distanceM(), r.clockIn().lat(), r.clockIn().lon())).toList();
        return new Month(siteId, month.toString(), through.isBefore(month.atDay(1)) ? null : through.toString(),
                !through.isBefore(month.atEndOfMonth()), m.workingDays(), m.fenceChecked(),
                !NationalCalendar.bundled().covers(month.getYear()), items, refused);
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Double number(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}

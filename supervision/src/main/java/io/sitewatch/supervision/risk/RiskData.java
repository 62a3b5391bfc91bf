package io.sitewatch.supervision.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.DutyRules;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.port.AlarmQueries.AlarmTally;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.port.RegistryQueries;
import io.sitewatch.core.port.TelemetryRollups;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.supervision.risk.ProjectFacts.AlarmCount;
import io.sitewatch.supervision.risk.ProjectFacts.Duty;
import io.sitewatch.supervision.risk.ProjectFacts.HazardFact;
import io.sitewatch.supervision.risk.ProjectFacts.Monitoring;
import io.sitewatch.supervision.risk.RiskModel.Factor;
import io.sitewatch.supervision.risk.RiskModel.FactorKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Gathers each project's facts for a window through the owners' ports: the registry (sites,
 * devices, key people, calendars), the alarms' tallies, the rollups' active days, the recorders'
 * clock-ins; and the major hazards from this module's own ledger. Alarms and active days are read
 * once for all projects (aggregates, not raw samples). Blocking: call from a worker thread.
 */
public final class RiskData {

    static final String CLOCK_IN = "clock_in";
    /** Alarm ids a tally names inline (the evidence route lists them all). */
    static final int IDS_PER_TALLY = 5;

    private final DataSource ds;
    private final RegistryLookup registry;
    private final RegistryQueries registryQueries;
    private final AlarmQueries alarms;
    private final TelemetryRollups rollups;
    private final DeviceEvents events;
    private final DutyRules duties;

    public RiskData(DataSource ds, RegistryLookup registry, RegistryQueries registryQueries, AlarmQueries alarms,
                    TelemetryRollups rollups, DeviceEvents events, DutyRules duties) {
        this.ds = ds;
        this.registry = registry;
        this.registryQueries = registryQueries;
        this.alarms = alarms;
        this.rollups = rollups;
        this.events = events;
        this.duties = duties;
    }

    /** The registered projects whose region is in scope (null: every region), in id order. */
    public List<Site> projects(Predicate<String> inScope) {
        List<Site> out = new ArrayList<>();
        for (Site s : registry.sites()) {
            if (inScope == null || inScope.test(s.region())) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.siteId().compareTo(b.siteId()));
        return out;
    }

    /** The facts of the projects whose region is in scope (null: every region) over [from, to). */
    public List<ProjectFacts> facts(RiskModel model, Instant from, Instant to, Predicate<String> inScope) {
        List<Site> sites = projects(inScope);
        Set<String> siteIds = new HashSet<>();
        sites.forEach(s -> siteIds.add(s.siteId()));
        Map<String, List<Device>> devicesOf = new HashMap<>();
        for (Device d : registry.devices()) {
            if (siteIds.contains(d.siteId())) {
                devicesOf.computeIfAbsent(d.siteId(), k -> new ArrayList<>()).add(d);
            }
        }
        Factor ack = model.factor(FactorKind.ACK_MINUTES);
        long capSeconds = Math.round((ack == null ? 1440 : ack.capMinutes()) * 60);
        Map<String, List<AlarmCount>> alarmsOf = new HashMap<>();
        for (AlarmTally t : alarms.tallies(from, to, capSeconds, IDS_PER_TALLY)) {
            if (siteIds.contains(t.siteId())) {
                alarmsOf.computeIfAbsent(t.siteId(), k -> new ArrayList<>())
                        .add(new AlarmCount(t.rule(), t.level(), t.count(), t.ackSeconds(), t.latest()));
            }
        }
        Map<String, List<HazardFact>> hazardsOf = majorHazards(to, siteIds);
        Map<ZoneId, List<String>> devicesByZone = new HashMap<>();
        for (Site s : sites) {
            for (Device d : devicesOf.getOrDefault(s.siteId(), List.of())) {
                devicesByZone.computeIfAbsent(ZoneId.of(s.timezone()), k -> new ArrayList<>()).add(d.deviceId());
            }
        }
        Map<String, Set<LocalDate>> active = new HashMap<>();
        devicesByZone.forEach((zone, ids) -> active.putAll(rollups.activeDaysByDevice(ids, from, to, zone)));
        Factor offline = model.factor(FactorKind.OFFLINE);
        boolean needDuties = model.factor(FactorKind.ATTENDANCE) != null;
        List<ProjectFacts> out = new ArrayList<>(sites.size());
        for (Site s : sites) {
            SiteCalendar calendar = registry.calendar(s.siteId());
            List<LocalDate> working = workingDays(s, calendar, from, to);
            List<Device> devices = devicesOf.getOrDefault(s.siteId(), List.of());
            int deviceDays = 0;
            List<Monitoring> monitoring = new ArrayList<>();
            for (Device d : devices) {
                Set<LocalDate> days = active.getOrDefault(d.deviceId(), Set.of());
                deviceDays += days.size();
                if (offline != null && offline.deviceKinds().contains(d.kind())) {
                    int reported = 0;
                    for (LocalDate w : working) {
                        if (days.contains(w)) {
                            reported++;
                        }
                    }
                    monitoring.add(new Monitoring(d.deviceId(), d.kind(), working.size(), reported));
                }
            }
            List<Duty> dutyList = needDuties ? duties(s, calendar, working, from, to) : List.of();
            out.add(new ProjectFacts(s.siteId(), s.name(), s.enterprise() == null ? null : s.enterprise().code(),
                    s.enterprise() == null ? null : s.enterprise().name(), s.region(), devices.size(), deviceDays,
                    alarmsOf.getOrDefault(s.siteId(), List.of()), hazardsOf.getOrDefault(s.siteId(), List.of()), monitoring, dutyList));
        }
        return out;
    }

    /**
     * The site's working days in the window (its calendar: hours, holidays, marks), within its
     * construction period when one is registered.
     */
    static List<LocalDate> workingDays(Site s, SiteCalendar calendar, Instant from, Instant to) {
        if (calendar == null || !to.isAfter(from)) {
            return List.of();
        }
        LocalDate first = from.atZone(calendar.zone()).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(calendar.zone()).toLocalDate();
        LocalDate start = date(s.startDate());
        LocalDate end = date(s.endDate());
        if (start != null && start.isAfter(first)) {
            first = start;
        }
        if (end != null && end.isBefore(last)) {
            last = end;
        }
        return first.isAfter(last) ? List.of() : calendar.workingDays(first, last);
    }

    private List<Duty> duties(Site s, SiteCalendar calendar, List<LocalDate> working, Instant from, Instant to) {
        List<KeyPerson> people = registryQueries.keyPersonnel(s.siteId());
        if (people.isEmpty() || calendar == null) {
            return List.of();
        }
        Set<LocalDate> workingSet = new HashSet<>(working);
        Map<String, Set<LocalDate>> present = new HashMap<>();
        GeoFence fence = s.location();
        for (DeviceEvents.Event e : events.ofSite(s.siteId(), Set.of(CLOCK_IN), from, to)) {
            String person = text(e.data(), "officer_id");
            Double lat = number(e.data(), "lat");
            Double lon = number(e.data(), "lon");
            LocalDate day = e.ts().atZone(calendar.zone()).toLocalDate();
            boolean inside = fence == null || (lat != null && lon != null && fence.contains(lat, lon));
            if (person != null && inside && workingSet.contains(day)) {
                present.computeIfAbsent(person, k -> new HashSet<>()).add(day);
            }
        }
        List<Duty> out = new ArrayList<>();
        for (KeyPerson p : people) {
            duties.rule(p.role()).ifPresent(rule -> out.add(new Duty(p.personId(), p.role(), working.size(),
                    present.getOrDefault(p.personId(), Set.of()).size(), rule.required())));
        }
        return out;
    }

    /**
     * Major hazards open at {@code to} (reported before it, not closed by then), each overdue when
     * its deadline had passed without a rectification by then.
     */
    Map<String, List<HazardFact>> majorHazards(Instant to, Set<String> siteIds) {
        Map<String, List<HazardFact>> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, site_id, deadline_ts < ? AND (rectified_ts IS NULL OR rectified_ts > ?)
                FROM hazard WHERE level = 'major' AND reported_ts < ? AND (closed_ts IS NULL OR closed_ts > ?)
                ORDER BY site_id, id""")) {
            Timestamp t = Timestamp.from(to);
            for (int i = 1; i <= 4; i++) {
                ps.setTimestamp(i, t);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (siteIds.contains(rs.getString(2))) {
                        out.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new HazardFact(rs.getString(1), rs.getBoolean(3)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("hazard query failed: " + e.getMessage(), e);
        }
    }

    /** Every id behind one factor of a project, the most telling first (the inline evidence is its head). */
    public List<Evidence> evidence(RiskModel model, String factorId, Site site, Instant from, Instant to) {
        Factor f = model.factor(factorId);
        List<Evidence> out = new ArrayList<>();
        switch (f.kind()) {
            case ALARMS, ACK_MINUTES -> {
                long cap = Math.round((model.factor(FactorKind.ACK_MINUTES) == null ? 1440 : model.factor(FactorKind.ACK_MINUTES).capMinutes()) * 60);
                for (AlarmQueries.SiteAlarm a : alarms.ofSiteIn(site.siteId(), from, to)) {
                    if (f.kind() == FactorKind.ALARMS && f.alarmWeight(a.rule(), a.level()) > 0) {
                        out.add(new Evidence("alarm", a.alarmId(), a.rule(), a.level(), a.deviceId(), f.alarmWeight(a.rule(), a.level()),
                                a.start().toEpochMilli()));
                    } else if (f.kind() == FactorKind.ACK_MINUTES && "alarm".equals(a.level()) && !"device.offline".equals(a.rule())) {
                        Instant acked = a.ack() == null || a.ack().isAfter(to) ? to : a.ack();
                        double minutes = Math.min(cap, Math.max(0, acked.getEpochSecond() - a.start().getEpochSecond())) / 60.0;
                        out.add(new Evidence("alarm", a.alarmId(), a.rule(), a.level(), a.deviceId(), minutes, a.start().toEpochMilli()));
                    }
                }
                out.sort((x, y) -> x.measure() != y.measure() ? Double.compare(y.measure(), x.measure())
                        : x.at() != y.at() ? Long.compare(y.at(), x.at()) : x.id().compareTo(y.id()));
            }
            case MAJOR_HAZARDS -> majorHazards(to, Set.of(site.siteId())).getOrDefault(site.siteId(), List.of()).stream()
                    .sorted((x, y) -> x.overdue() != y.overdue() ? (x.overdue() ? -1 : 1) : x.hazardId().compareTo(y.hazardId()))
                    .forEach(h -> out.add(new Evidence("hazard", h.hazardId(), h.overdue() ? "overdue" : "open", "major", null,
                            h.overdue() ? f.overdueFactor() : 1, 0)));
            case OFFLINE, ATTENDANCE -> {
                ProjectFacts p = facts(model, from, to, site.region()::equals).stream()
                        .filter(x -> x.projectId().equals(site.siteId())).findFirst().orElseThrow();
                if (f.kind() == FactorKind.OFFLINE) {
                    p.monitoring().stream().filter(m -> f.deviceKinds().contains(m.kind()) && m.reportedDays() < m.workingDays())
                            .sorted((x, y) -> x.reportedDays() - x.workingDays() != y.reportedDays() - y.workingDays()
                                    ? Integer.compare(x.reportedDays() - x.workingDays(), y.reportedDays() - y.workingDays())
                                    : x.deviceId().compareTo(y.deviceId()))
                            .forEach(m -> out.add(new Evidence("device", m.deviceId(), m.kind(), null, m.deviceId(),
                                    m.workingDays() - m.reportedDays(), 0)));
                } else {
                    p.duties().stream().filter(d -> RiskEvaluator.shortfall(d) > 0)
                            .sorted((x, y) -> Double.compare(RiskEvaluator.shortfall(y), RiskEvaluator.shortfall(x)))
                            .forEach(d -> out.add(new Evidence("person", d.personId(), d.role(), null, null,
                                    Math.round(RiskEvaluator.shortfall(d) * 10_000.0) / 10_000.0, 0)));
                }
            }
            default -> throw new IllegalStateException(factorId);
        }
        return out;
    }

    /**
     * One piece of evidence: {@code kind} alarm, hazard, device or person; {@code measure} what it
     * weighs in its factor (an alarm's weight or minutes to acknowledge, a hazard's count, a
     * device's missing working days, a person's shortfall); {@code at} an alarm's start (ms).
     */
    public record Evidence(String kind, String id, String rule, String level, String deviceId, double measure, long at) {
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            return null;
        }
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

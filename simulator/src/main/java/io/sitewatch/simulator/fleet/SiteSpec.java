package io.sitewatch.simulator.fleet;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.KeyPerson;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A construction site and its devices, as the fleet file describes it: its fence ({@code location},
 * null when none is given), its working hours, the dates marked on its calendar and its key
 * people. {@code sim} holds simulator-only site settings.
 */
public record SiteSpec(String siteId, String name, String region, Enterprise enterprise, String kind,
                       ZoneId timezone, long costCny, LocalDate startDate, LocalDate endDate,
                       List<DeviceSpec> devices, FreeForm sim, GeoFence location, WorkingHours workingHours,
                       List<CalendarMark> calendar, List<KeyPerson> personnel) {

    public SiteSpec {
        workingHours = workingHours == null ? WorkingHours.DEFAULT : workingHours;
        calendar = List.copyOf(calendar);
        personnel = List.copyOf(personnel);
    }

    /** A site with no fence, the default hours, no marks and no personnel. */
    public SiteSpec(String siteId, String name, String region, Enterprise enterprise, String kind,
                    ZoneId timezone, long costCny, LocalDate startDate, LocalDate endDate,
                    List<DeviceSpec> devices, FreeForm sim) {
        this(siteId, name, region, enterprise, kind, timezone, costCny, startDate, endDate, devices, sim, null, null,
                List.of(), List.of());
    }

    /** When the site works: its hours, the national holidays and make-up days, and its marks. */
    public SiteCalendar siteCalendar() {
        Map<LocalDate, CalendarMark> marks = new LinkedHashMap<>();
        calendar.forEach(m -> marks.put(m.date(), m));
        return new SiteCalendar(timezone, workingHours, NationalCalendar.bundled(), marks);
    }

    /** The site's point: its registered location, else {@code sim.lat/lon}, else central Fuzhou. */
    public double lat() {
        return location != null ? location.lat() : sim.number("lat", 26.08);
    }

    public double lon() {
        return location != null ? location.lon() : sim.number("lon", 119.30);
    }

    /** The same site with other calendar marks (a scenario's). */
    public SiteSpec withCalendar(List<CalendarMark> marks) {
        return new SiteSpec(siteId, name, region, enterprise, kind, timezone, costCny, startDate, endDate, devices, sim,
                location, workingHours, marks, personnel);
    }

    public List<DeviceSpec> devicesOfKind(String deviceKind) {
        return devices.stream().filter(d -> d.kind().equals(deviceKind)).toList();
    }

    public Optional<DeviceSpec> firstOfKind(String deviceKind) {
        return devices.stream().filter(d -> d.kind().equals(deviceKind)).findFirst();
    }

    public DeviceSpec requireKind(String deviceKind) {
        return firstOfKind(deviceKind).orElseThrow(() ->
                new IllegalArgumentException("site " + siteId + " has no " + deviceKind + " device"));
    }

    public Optional<KeyPerson> person(String personId) {
        return personnel.stream().filter(p -> p.personId().equals(personId)).findFirst();
    }
}

package io.sitewatch.supervision.theme;

import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.port.AlarmQueries.AlarmTally;
import io.sitewatch.core.port.TelemetryRollups;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.supervision.theme.ThemeCatalog.Theme;
import io.sitewatch.supervision.theme.ThemeReport.HazardFact;
import io.sitewatch.supervision.theme.ThemeReport.SiteFacts;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
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
 * Gathers a theme's facts for a month through the owners' ports: the registry (projects and their
 * devices of the theme's kinds), ingest's rollups (the days each device reported: device-days),
 * the alarms' tallies (alarms per site and rule that started in the month); and the hazards of the
 * theme's categories from this module's own ledger. Blocking: call from a worker thread.
 */
public final class ThemeData {

    /** The month's bounds are days of this zone (the province's). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final DataSource ds;
    private final RegistryLookup registry;
    private final AlarmQueries alarms;
    private final TelemetryRollups rollups;

    public ThemeData(DataSource ds, RegistryLookup registry, AlarmQueries alarms, TelemetryRollups rollups) {
        this.ds = ds;
        this.registry = registry;
        this.alarms = alarms;
        this.rollups = rollups;
    }

    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZONE).toInstant();
    }

    public static Instant end(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
    }

    /** The report of the theme for the month over the projects whose region is in scope. */
    public ThemeReport.Result report(ThemeCatalog catalog, Theme theme, YearMonth month, Predicate<String> inScope) {
        List<HazardFact> hazards = hazards(theme, month, inScope);
        return ThemeReport.compute(theme, catalog.standout(), month, sites(theme, month, inScope, hazards), hazards);
    }

    /** The projects in scope with a registered device of the theme's kinds, in id order. */
    public List<Site> themeSites(Theme theme, Predicate<String> inScope) {
        Set<String> withKind = new HashSet<>();
        for (Device d : registry.devices()) {
            if (theme.deviceKinds().contains(d.kind())) {
                withKind.add(d.siteId());
            }
        }
        List<Site> out = new ArrayList<>();
        for (Site s : registry.sites()) {
            if (withKind.contains(s.siteId()) && inScope.test(s.region())) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.siteId().compareTo(b.siteId()));
        return out;
    }

    /**
     * The projects the report covers: those with a device of the theme's kinds, and those with a
     * hazard of its categories in the month (a theme without device kinds counts those only).
     */
    List<SiteFacts> sites(Theme theme, YearMonth month, Predicate<String> inScope, List<HazardFact> hazards) {
        Map<String, Site> covered = new TreeMap<>();
        themeSites(theme, inScope).forEach(s -> covered.put(s.siteId(), s));
        for (HazardFact h : hazards) {
            Site s = registry.site(h.siteId());
            if (s != null && inScope.test(s.region())) {
                covered.putIfAbsent(s.siteId(), s);
            }
        }
        Instant from = start(month);
        Instant to = end(month);
        Map<String, List<Device>> devicesOf = new HashMap<>();
        Map<ZoneId, List<String>> byZone = new HashMap<>();
        for (Device d : registry.devices()) {
            Site s = covered.get(d.siteId());
            if (s != null && theme.deviceKinds().contains(d.kind())) {
                devicesOf.computeIfAbsent(s.siteId(), k -> new ArrayList<>()).add(d);
                byZone.computeIfAbsent(zone(s), k -> new ArrayList<>()).add(d.deviceId());
            }
        }
        Map<String, Set<LocalDate>> active = new HashMap<>();
        byZone.forEach((zone, ids) -> active.putAll(rollups.activeDaysByDevice(ids, from, to, zone)));
        Map<String, Map<String, Integer>> alarmsOf = new HashMap<>();
        if (!theme.rules().isEmpty()) {
            for (AlarmTally t : alarms.tallies(from, to, 0, 1)) {
                if (covered.containsKey(t.siteId()) && theme.rules().contains(t.rule())) {
                    alarmsOf.computeIfAbsent(t.siteId(), k -> new TreeMap<>()).merge(t.rule(), t.count(), Integer::sum);
                }
            }
        }
        List<SiteFacts> out = new ArrayList<>();
        for (Site s : covered.values()) {
            Map<String, Integer> days = new TreeMap<>();
            for (Device d : devicesOf.getOrDefault(s.siteId(), List.of())) {
                days.merge(d.kind(), active.getOrDefault(d.deviceId(), Set.of()).size(), Integer::sum);
            }
            out.add(new SiteFacts(s.siteId(), s.name(), s.region(), days, alarmsOf.getOrDefault(s.siteId(), Map.of())));
        }
        return out;
    }

    private static ZoneId zone(Site s) {
        try {
            return s.timezone() == null ? ZONE : ZoneId.of(s.timezone());
        } catch (RuntimeException e) {
            return ZONE;
        }
    }

    /** Hazards of the theme's categories reported or closed in the month, in the regions in scope. */
    List<HazardFact> hazards(Theme theme, YearMonth month, Predicate<String> inScope) {
        if (theme.hazardCategories().isEmpty()) {
            return List.of();
        }
        Timestamp from = Timestamp.from(start(month));
        Timestamp to = Timestamp.from(end(month));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, site_id, region, category, level, state, reported_ts, closed_ts FROM hazard
                WHERE category = ANY (?) AND ((reported_ts >= ? AND reported_ts < ?) OR (closed_ts >= ? AND closed_ts < ?))
                ORDER BY reported_ts DESC, id""")) {
            Array categories = c.createArrayOf("text", theme.hazardCategories().toArray());
            ps.setArray(1, categories);
            ps.setTimestamp(2, from);
            ps.setTimestamp(3, to);
            ps.setTimestamp(4, from);
            ps.setTimestamp(5, to);
            List<HazardFact> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!inScope.test(rs.getString(3))) {
                        continue;
                    }
                    Timestamp reported = rs.getTimestamp(7);
                    Timestamp closed = rs.getTimestamp(8);
                    boolean found = !reported.before(from) && reported.before(to);
                    boolean wasClosed = closed != null && !closed.before(from) && closed.before(to);
                    out.add(new HazardFact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), reported.getTime(), found, wasClosed));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("hazard query failed: " + e.getMessage(), e);
        }
    }
}

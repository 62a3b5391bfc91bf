package io.sitewatch.supervision.theme;

import io.sitewatch.supervision.theme.ThemeCatalog.Indicator;
import io.sitewatch.supervision.theme.ThemeCatalog.Standout;
import io.sitewatch.supervision.theme.ThemeCatalog.Theme;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A theme's report for a month, computed from facts alone (no clock, no I/O): per district, per
 * city (its districts added up) and for everything the report covers, the device-days of the
 * theme's kinds, each indicator's count and rate per 100 device-days, and the hazards of the theme's
 * categories found and closed in the month; the sites that stand out ({@link Standout}); the
 * hazards themselves.
 */
public final class ThemeReport {

    /** Per 100 device-days. */
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ThemeReport() {
    }

    /**
     * A project the report covers: its device-days in the month per device kind (days a device of
     * the kind reported, added over its devices) and its alarms that started in the month per rule.
     */
    public record SiteFacts(String siteId, String name, String region, Map<String, Integer> deviceDays, Map<String, Integer> alarms) {
    }

    /** A hazard of one of the theme's categories found (reported) or closed in the month. */
    public record HazardFact(String id, String siteId, String region, String category, String level, String state, long reportedTs,
                             boolean found, boolean closed) {
    }

    /** An indicator's figures in a region or site; {@code rate} per 100 device-days, null without device-days. */
    public record Value(String indicator, int count, int deviceDays, BigDecimal rate) {
    }

    /** A district, a city (districts rolled up) or the total; {@code deviceDays} per kind of the theme. */
    public record Row(String region, String level, int sites, Map<String, Integer> deviceDays, List<Value> indicators, int hazardsFound,
                      int hazardsClosed) {

        public Value value(String indicator) {
            return indicators.stream().filter(v -> v.indicator().equals(indicator)).findFirst().orElse(null);
        }
    }

    /** A site whose rate on an indicator is at least the factor times the report's rate, with enough events. */
    public record StandoutSite(String siteId, String name, String region, String indicator, int count, int deviceDays, BigDecimal rate,
                               BigDecimal reportRate) {
    }

    public record Result(String theme, YearMonth month, boolean scheduled, List<Row> districts, List<Row> cities, Row total,
                         List<StandoutSite> standouts, List<HazardFact> hazards) {
    }

    /** The 6-digit code of the city a district belongs to (a city's own code is its city). */
    static String cityOf(String region) {
        return region == null || region.length() != 6 ? region : region.substring(0, 4) + "00";
    }

    /** count × 100 / deviceDays to hundredths (half up); null without device-days. */
    static BigDecimal rate(int count, int deviceDays) {
        if (deviceDays <= 0) {
            return null;
        }
        return BigDecimal.valueOf(count).multiply(HUNDRED).divide(BigDecimal.valueOf(deviceDays), 2, RoundingMode.HALF_UP);
    }

    public static Result compute(Theme theme, Standout standout, YearMonth month, List<SiteFacts> sites, List<HazardFact> hazards) {
        Map<String, Acc> districts = new TreeMap<>();
        Map<String, Acc> cities = new TreeMap<>();
        Acc total = new Acc(theme);
        for (SiteFacts s : sites) {
            for (Acc a : List.of(districts.computeIfAbsent(s.region(), k -> new Acc(theme)),
                    cities.computeIfAbsent(cityOf(s.region()), k -> new Acc(theme)), total)) {
                a.add(s);
            }
        }
        for (HazardFact h : hazards) {
            for (Acc a : List.of(districts.computeIfAbsent(h.region(), k -> new Acc(theme)),
                    cities.computeIfAbsent(cityOf(h.region()), k -> new Acc(theme)), total)) {
                a.add(h);
            }
        }
        List<Row> districtRows = new ArrayList<>();
        districts.forEach((code, a) -> districtRows.add(a.row(code, "district")));
        List<Row> cityRows = new ArrayList<>();
        cities.forEach((code, a) -> cityRows.add(a.row(code, "city")));
        Row totalRow = total.row(null, "total");

        List<StandoutSite> standouts = new ArrayList<>();
        for (Indicator ind : theme.indicators()) {
            BigDecimal reportRate = totalRow.value(ind.id()).rate();
            if (reportRate == null || reportRate.signum() == 0) {
                continue;
            }
            BigDecimal threshold = reportRate.multiply(BigDecimal.valueOf(standout.factor()));
            List<StandoutSite> these = new ArrayList<>();
            for (SiteFacts s : sites) {
                int count = count(s, ind);
                int days = days(s, ind);
                BigDecimal r = rate(count, days);
                if (r != null && count >= standout.minEvents() && r.compareTo(threshold) >= 0) {
                    these.add(new StandoutSite(s.siteId(), s.name(), s.region(), ind.id(), count, days, r, reportRate));
                }
            }
            these.sort(Comparator.comparing(StandoutSite::rate).reversed().thenComparing(StandoutSite::siteId));
            standouts.addAll(these);
        }
        List<HazardFact> hazardList = new ArrayList<>(hazards);
        hazardList.sort(Comparator.comparingLong(HazardFact::reportedTs).reversed().thenComparing(HazardFact::id));
        return new Result(theme.id(), month, theme.runsIn(month), districtRows, cityRows, totalRow, standouts, hazardList);
    }

    static int count(SiteFacts s, Indicator ind) {
        int n = 0;
        for (String r : ind.rules()) {
            n += s.alarms().getOrDefault(r, 0);
        }
        return n;
    }

    static int days(SiteFacts s, Indicator ind) {
        int n = 0;
        for (String k : ind.perKinds()) {
            n += s.deviceDays().getOrDefault(k, 0);
        }
        return n;
    }

    /** What a row adds up. */
    private static final class Acc {
        private final Theme theme;
        private int sites;
        private final Map<String, Integer> deviceDays = new LinkedHashMap<>();
        private final Map<String, int[]> indicators = new LinkedHashMap<>();
        private int found;
        private int closed;

        Acc(Theme theme) {
            this.theme = theme;
            theme.deviceKinds().forEach(k -> deviceDays.put(k, 0));
            theme.indicators().forEach(i -> indicators.put(i.id(), new int[2]));
        }

        void add(SiteFacts s) {
            sites++;
            for (String k : theme.deviceKinds()) {
                deviceDays.merge(k, s.deviceDays().getOrDefault(k, 0), Integer::sum);
            }
            for (Indicator i : theme.indicators()) {
                int[] v = indicators.get(i.id());
                v[0] += count(s, i);
                v[1] += days(s, i);
            }
        }

        void add(HazardFact h) {
            if (h.found()) {
                found++;
            }
            if (h.closed()) {
                closed++;
            }
        }

        Row row(String code, String level) {
            List<Value> values = new ArrayList<>();
            indicators.forEach((id, v) -> values.add(new Value(id, v[0], v[1], rate(v[0], v[1]))));
            return new Row(code, level, sites, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(deviceDays)), List.copyOf(values), found, closed);
        }
    }
}

package io.sitewatch.supervision.hazard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The 动态清零 board: per region and site, the major hazards not yet closed (未销号; of them, those
 * rectified and waiting for review, and those open past their deadline), the age of the oldest, the
 * majors closed this month, and the open general hazards; and the trend of open majors, day by day.
 * Pure: computed from the hazards a scope holds.
 */
public final class HazardBoard {

    /** Time zone of the board's days and months, as the alarm summary counts them. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long DAY_MS = 86_400_000L;

    /** The figures of one site, one region or the whole scope. */
    public static final class Figures {
        public int openMajors;
        public int rectifiedMajors;
        public int overdueMajors;
        public Long oldestOpenTs;
        public int closedThisMonth;
        public int openGeneral;

        void add(Hazard h, long now, long monthStart) {
            boolean major = Hazard.MAJOR.equals(h.level());
            if (h.state() != HazardState.CLOSED) {
                if (!major) {
                    openGeneral++;
                    return;
                }
                openMajors++;
                if (h.state() == HazardState.RECTIFIED) {
                    rectifiedMajors++;
                }
                if (h.overdueAt(now)) {
                    overdueMajors++;
                }
                oldestOpenTs = oldestOpenTs == null ? h.reportedTs() : Math.min(oldestOpenTs, h.reportedTs());
            } else if (major && h.closedTs() != null && h.closedTs() >= monthStart) {
                closedThisMonth++;
            }
        }

        /** Whole days since the oldest open major was reported (null when none is open). */
        public Long oldestOpenDays(long now) {
            return oldestOpenTs == null ? null : Math.max(0, (now - oldestOpenTs) / DAY_MS);
        }

        public Map<String, Object> json(long now) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("openMajors", openMajors);
            out.put("rectifiedMajors", rectifiedMajors);
            out.put("overdueMajors", overdueMajors);
            out.put("oldestOpenTs", oldestOpenTs);
            out.put("oldestOpenDays", oldestOpenDays(now));
            out.put("closedThisMonth", closedThisMonth);
            out.put("openGeneral", openGeneral);
            return out;
        }
    }

    private HazardBoard() {
    }

    /** Midnight of the first day of the month {@code now} falls in, in {@link #ZONE}. */
    public static long monthStart(long now) {
        return Instant.ofEpochMilli(now).atZone(ZONE).toLocalDate().withDayOfMonth(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    /** The first day of the trend ({@code days} days ending today), at midnight. */
    public static long trendStart(long now, int days) {
        return today(now).minusDays(days - 1L).atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    private static LocalDate today(long now) {
        return Instant.ofEpochMilli(now).atZone(ZONE).toLocalDate();
    }

    /**
     * The board as the API answers it. {@code hazards}: every hazard of the scope not closed and the
     * majors closed since {@code monthStart(now)}; {@code spans}: the majors open at some time of the
     * trend's days; {@code siteName}: a site's name (null when unknown).
     */
    public static Map<String, Object> compute(List<Hazard> hazards, List<HazardStore.Span> spans, long now, int days,
                                              Function<String, String> siteName) {
        long monthStart = monthStart(now);
        Figures totals = new Figures();
        Map<String, Figures> regions = new TreeMap<>();
        Map<String, Map<String, Figures>> sites = new TreeMap<>();
        for (Hazard h : hazards) {
            totals.add(h, now, monthStart);
            regions.computeIfAbsent(h.region(), r -> new Figures()).add(h, now, monthStart);
            sites.computeIfAbsent(h.region(), r -> new TreeMap<>()).computeIfAbsent(h.siteId(), s -> new Figures()).add(h, now, monthStart);
        }
        Comparator<Map.Entry<String, Figures>> worstFirst = Comparator
                .comparing((Map.Entry<String, Figures> e) -> -e.getValue().overdueMajors)
                .thenComparing(e -> -e.getValue().openMajors)
                .thenComparing(Map.Entry::getKey);
        List<Map<String, Object>> regionRows = new ArrayList<>();
        for (Map.Entry<String, Figures> r : regions.entrySet().stream().sorted(worstFirst).toList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("region", r.getKey());
            row.putAll(r.getValue().json(now));
            List<Map<String, Object>> siteRows = new ArrayList<>();
            for (Map.Entry<String, Figures> s : sites.get(r.getKey()).entrySet().stream().sorted(worstFirst).toList()) {
                Map<String, Object> sr = new LinkedHashMap<>();
                sr.put("siteId", s.getKey());
                sr.put("name", siteName.apply(s.getKey()));
                sr.putAll(s.getValue().json(now));
                siteRows.add(sr);
            }
            row.put("sites", siteRows);
            regionRows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", now);
        out.put("monthStart", monthStart);
        out.put("totals", totals.json(now));
        out.put("regions", regionRows);
        out.put("trend", trend(spans, now, days));
        return out;
    }

    /** Open majors (not closed) at the end of each of the last {@code days} days, today's at {@code now}; oldest first. */
    static List<Map<String, Object>> trend(List<HazardStore.Span> spans, long now, int days) {
        List<Map<String, Object>> out = new ArrayList<>();
        LocalDate first = today(now).minusDays(days - 1L);
        for (int i = 0; i < days; i++) {
            LocalDate d = first.plusDays(i);
            long end = i == days - 1 ? now : d.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
            int open = 0;
            for (HazardStore.Span s : spans) {
                if (s.reportedTs() <= end && (s.closedTs() == null || s.closedTs() > end)) {
                    open++;
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", d.toString());
            row.put("openMajors", open);
            out.add(row);
        }
        return out;
    }
}

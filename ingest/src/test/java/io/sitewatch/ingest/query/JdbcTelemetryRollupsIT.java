package io.sitewatch.ingest.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.port.TelemetryRollups.MinuteRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence, sample counts and active days from constructed rollup rows in PostgreSQL. */
class JdbcTelemetryRollupsIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = Instant.parse("2026-03-01T16:00:00Z"); // 00:00 in Asia/Shanghai
    static QueryDb db;
    static JdbcTelemetryRollups rollups;

    @BeforeAll
    static void data() throws Exception {
        db = new QueryDb();
        // TC: moment_pct twice a minute for two days, load_t once a minute for one day
        db.minutes("TC", "moment_pct", T0, T0.plus(Duration.ofDays(2)), 2);
        db.minutes("TC", "load_t", T0, T0.plus(Duration.ofDays(1)), 1);
        // HO: 10 hours, a 31-minute gap, then until 20:00; every bucket 6 samples
        db.minutes("HO", "load_t", T0, T0.plus(Duration.ofHours(10)), 6);
        db.minutes("HO", "load_t", T0.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(31)), T0.plus(Duration.ofHours(20)), 6);
        // EQ: two metrics reported equally often: the smaller name wins
        db.minutes("EQ", "b", T0, T0.plus(Duration.ofHours(1)), 1);
        db.minutes("EQ", "a", T0, T0.plus(Duration.ofHours(1)), 1);
        // OTHER: a device the active-days question does not always ask about, on local day 03-06
        db.minutes("OTHER", "pm10", T0.plus(Duration.ofDays(4)), T0.plus(Duration.ofDays(4)).plus(Duration.ofHours(1)), 1);
        db.rebuildHours();
        // FRESH: only in the minute rollup so far (its hour is not rolled up yet)
        db.minutes("FRESH", "pm10", T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(5)), 1);
        rollups = new JdbcTelemetryRollups(db.ds);
    }

    @Test
    void theMostReportedMetricComesFromTheHourlyRollupOrElseTheMinuteRollup() {
        Instant to = T0.plus(Duration.ofDays(5));
        assertEquals(Optional.of("moment_pct"), rollups.mostReportedMetric("TC", T0, to));
        assertEquals(Optional.of("a"), rollups.mostReportedMetric("EQ", T0, to));
        assertEquals(Optional.of("pm10"), rollups.mostReportedMetric("FRESH", T0, to));
        assertEquals(Optional.empty(), rollups.mostReportedMetric("NONE", T0, to));
        assertEquals(Optional.empty(), rollups.mostReportedMetric("TC", T0.minus(Duration.ofDays(1)), T0));
    }

    @Test
    void minutesWithDataFoldIntoRunsOfConsecutiveMinutes() {
        assertEquals(List.of(new MinuteRun(T0.getEpochSecond() / 60, 600), new MinuteRun(T0.getEpochSecond() / 60 + 631, 569)),
                rollups.minuteRuns("HO", "load_t", T0, T0.plus(Duration.ofDays(1))));
        // the window cuts the runs
        Instant from = T0.plus(Duration.ofHours(9));
        assertEquals(List.of(new MinuteRun(from.getEpochSecond() / 60, 60), new MinuteRun(from.getEpochSecond() / 60 + 91, 9)),
                rollups.minuteRuns("HO", "load_t", from, from.plus(Duration.ofMinutes(100))));
        assertEquals(List.of(), rollups.minuteRuns("HO", "moment_pct", T0, T0.plus(Duration.ofDays(1))));
    }

    @Test
    void theRunsAreReadFromTheKeyIndexAlone() throws Exception {
        db.exec("VACUUM ANALYZE telemetry_1m");
        try (Connection c = db.ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            st.execute("SET enable_bitmapscan = off");
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + JdbcTelemetryRollups.RUNS_SQL)) {
                ps.setString(1, "HO");
                ps.setString(2, "load_t");
                ps.setTimestamp(3, Timestamp.from(T0));
                ps.setTimestamp(4, Timestamp.from(T0.plus(Duration.ofDays(1))));
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains("Index Only Scan"), plan.toString());
            }
        }
    }

    @Test
    void sampleCountsAddWholeHoursAndTheRaggedEdges() {
        // 10:17 to 19:43 of HO's first day: 31 minutes missing at 10:00-10:31
        Instant from = T0.plus(Duration.ofMinutes(10 * 60 + 17));
        Instant to = T0.plus(Duration.ofMinutes(19 * 60 + 43));
        long minutes = Duration.between(from, to).toMinutes() - (31 - 17);
        assertEquals(6 * minutes, rollups.sampleCount("HO", "load_t", from, to));
        // within one hour: the minute rollup alone
        assertEquals(6 * 20, rollups.sampleCount("HO", "load_t", T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(25))));
        assertEquals(2L * 2 * 1440, rollups.sampleCount("TC", "moment_pct", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3))));
        assertEquals(0, rollups.sampleCount("TC", "moment_pct", T0, T0));
    }

    @Test
    void activeDaysAreLocalDaysOfTheGivenDevicesWithinTheWindow() {
        Instant to = T0.plus(Duration.ofDays(6));
        assertEquals(Set.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3)),
                rollups.activeDays(List.of("TC", "HO", "NONE"), T0, to, SHANGHAI));
        assertEquals(Set.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 6)),
                rollups.activeDays(List.of("TC", "OTHER"), T0, to, SHANGHAI));
        // in UTC the first local day of TC starts at 16:00 on 03-01
        assertEquals(Set.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3)),
                rollups.activeDays(List.of("TC"), T0.minus(Duration.ofHours(16)), to, ZoneId.of("UTC")));
        // a window starting mid-hour sees that whole hour (the hourly rollup's grain)
        assertEquals(Set.of(LocalDate.of(2026, 3, 3)),
                rollups.activeDays(List.of("TC"), T0.plus(Duration.ofDays(2)).minus(Duration.ofMinutes(30)), to, SHANGHAI));
        // ... but not the local day before the window's first (an offset of half an hour: 23:30-00:00 IST is cut)
        assertEquals(Set.of(LocalDate.of(2026, 3, 3)),
                rollups.activeDays(List.of("TC"), Instant.parse("2026-03-02T18:30:00Z"), to, ZoneId.of("Asia/Kolkata")));
        assertEquals(Set.of(), rollups.activeDays(List.of(), T0, to, SHANGHAI));
    }

    @Test
    void activeDaysByDeviceAreEachDevicesOwnActiveDaysInOneRead() {
        Instant to = T0.plus(Duration.ofDays(6));
        for (ZoneId zone : List.of(SHANGHAI, ZoneId.of("UTC"), ZoneId.of("Asia/Kolkata"))) {
            for (Instant from : List.of(T0, T0.minus(Duration.ofHours(16)), Instant.parse("2026-03-02T18:30:00Z"))) {
                Map<String, Set<LocalDate>> expected = new TreeMap<>();
                for (String d : List.of("TC", "HO", "OTHER", "NONE")) {
                    Set<LocalDate> days = rollups.activeDays(List.of(d), from, to, zone);
                    if (!days.isEmpty()) {
                        expected.put(d, days);
                    }
                }
                assertEquals(expected, rollups.activeDaysByDevice(List.of("TC", "HO", "OTHER", "NONE"), from, to, zone), from + " " + zone);
            }
        }
        assertEquals(Map.of(), rollups.activeDaysByDevice(List.of(), T0, to, SHANGHAI));
        // Windows the database does not fold into local days: one across New York's change to
        // summer time (2026-03-08), and one of more than 63 days.
        for (Object[] w : List.<Object[]>of(new Object[] {ZoneId.of("America/New_York"), T0.minus(Duration.ofDays(2)), T0.plus(Duration.ofDays(10))},
                new Object[] {SHANGHAI, T0.minus(Duration.ofDays(60)), T0.plus(Duration.ofDays(10))})) {
            ZoneId zone = (ZoneId) w[0];
            Map<String, Set<LocalDate>> expected = new TreeMap<>();
            for (String d : List.of("TC", "HO", "OTHER", "NONE")) {
                Set<LocalDate> days = rollups.activeDays(List.of(d), (Instant) w[1], (Instant) w[2], zone);
                if (!days.isEmpty()) {
                    expected.put(d, days);
                }
            }
            assertEquals(expected, rollups.activeDaysByDevice(List.of("TC", "HO", "OTHER", "NONE"), (Instant) w[1], (Instant) w[2], zone),
                    zone.toString());
        }
    }
}

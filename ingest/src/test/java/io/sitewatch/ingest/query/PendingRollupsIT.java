package io.sitewatch.ingest.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.port.TelemetryRollups.MinuteRun;
import io.sitewatch.core.registry.Device;
import io.sitewatch.ingest.store.BatchWriter;
import io.sitewatch.ingest.store.StorageLayout;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.ingest.store.StoreBatch;
import io.sitewatch.ingest.testsupport.TestSchema;
import io.sitewatch.platform.db.Database;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollups' answers while minutes wait in {@code rollup_pending}: samples stored through the
 * real write path ({@link BatchWriter}, which lists their minutes in the batch's transaction),
 * then rolled up by the real rollup ({@link StorageLayout#rollup}) one round at a time. Before the
 * first round, between any two rounds, after late samples re-open minutes already rolled up and
 * once everything is rolled up, every answer of the port is the one computed here from the samples
 * written: whatever the rollup lag, the answer is the same.
 */
class PendingRollupsIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2025-03-10 00:00 UTC, a Monday: long past, so every minute is due for the rollup at once. */
    static final Instant D = Instant.parse("2025-03-10T00:00:00Z");
    static final List<String> DEVICES = List.of("TC", "HO", "ENV", "NEW", "NONE");

    static Database db;
    static StorageLayout layout;
    static JdbcTelemetryRollups rollups;
    /** Every sample written: device → epoch second → its metrics. */
    static final Map<String, TreeMap<Long, Set<String>>> written = new HashMap<>();

    @BeforeAll
    static void migrate() throws Exception {
        db = new Database(new SiteWatchConfig.Database(TestPostgres.newDatabase(), TestPostgres.user(), null, "off",
                3650, 1, 4, 3600, 15, 90));
        StorageMode mode = TestSchema.migrate(db.pool(), "off");
        layout = StorageLayout.of(mode, 3650, 1);
        rollups = new JdbcTelemetryRollups(db.pool());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void everyAnswerIsTheSamplesAnswerBeforeBetweenAndAfterTheRollupRounds() throws Exception {
        // First upload: a crane's day (a 31-minute gap), a hoist's morning, the dust station's day.
        List<Received> first = new ArrayList<>();
        every(first, "TC", D, D.plus(Duration.ofDays(1)), 10, 0, "load_t", "moment_pct");
        cut("TC", first, D.plus(Duration.ofMinutes(3 * 60 + 17)), D.plus(Duration.ofMinutes(3 * 60 + 48)));
        every(first, "HO", D, D.plus(Duration.ofHours(10)), 20, 0, "load_t");
        every(first, "ENV", D, D.plus(Duration.ofDays(1)), 60, 0, "pm10", "pm25");
        write(first);
        assertEquals(0, count("SELECT count(*) FROM telemetry_1m"), "nothing rolled up yet");
        int rounds = rollUpCheckingEachRound();
        assertTrue(rounds >= 3, "the first upload rolled up in several rounds: " + rounds);
        assertEquals(0, count("SELECT count(*) FROM rollup_pending"));

        // Late and new samples: between the crane's samples (minutes rolled up before), the hoist's
        // speed metric (more samples than its load, so the most reported metric changes), a
        // firmware update that adds wind to the crane, the second day, and a device seen only now.
        List<Received> late = new ArrayList<>();
        every(late, "TC", D.plus(Duration.ofHours(2)), D.plus(Duration.ofMinutes(150)), 10, 5, "load_t", "moment_pct");
        every(late, "HO", D.plus(Duration.ofHours(5)), D.plus(Duration.ofHours(8)), 5, 1, "speed");
        every(late, "TC", D.plus(Duration.ofDays(1)), D.plus(Duration.ofHours(30)), 10, 0, "load_t", "moment_pct");
        every(late, "TC", D.plus(Duration.ofHours(30)), D.plus(Duration.ofHours(36)), 10, 0, "load_t", "moment_pct", "wind_ms");
        every(late, "ENV", D.plus(Duration.ofDays(1)), D.plus(Duration.ofDays(2)), 60, 0, "pm10", "pm25");
        every(late, "NEW", D.plus(Duration.ofHours(40)), D.plus(Duration.ofHours(41)), 30, 0, "noise_db");
        write(late);
        // The rollups alone are behind: the hoist's hour rows still say load_t, the crane's hours miss the late samples.
        assertEquals("load_t", query("SELECT metric FROM telemetry_1h WHERE device_id = 'HO' GROUP BY metric ORDER BY sum(count) DESC LIMIT 1"));
        assertNotEquals(expectedCount("TC", "load_t", D, D.plus(Duration.ofDays(2))),
                count("SELECT sum(count) FROM telemetry_1h WHERE device_id = 'TC' AND metric = 'load_t'"));
        assertEquals(Optional.of("speed"), rollups.mostReportedMetric("HO", D, D.plus(Duration.ofDays(1))));
        rounds = rollUpCheckingEachRound();
        assertTrue(rounds >= 3, "the late samples rolled up in several rounds: " + rounds);
        assertEquals(0, count("SELECT count(*) FROM rollup_pending"));
    }

    /** Checks every answer, then rolls up one round at a time, checking after each, until nothing is pending; returns the rounds. */
    private static int rollUpCheckingEachRound() throws Exception {
        int rounds = 0;
        try (Connection c = db.pool().getConnection()) {
            checkEveryAnswer("before round 1");
            while (layout.rollup(c) > 0) {
                rounds++;
                checkEveryAnswer("after round " + rounds);
            }
        }
        return rounds;
    }

    /** Windows aligned and not, within one hour, over both days, and over the second day alone. */
    private static void checkEveryAnswer(String when) {
        List<Instant[]> windows = List.of(
                new Instant[] {D.minus(Duration.ofHours(1)), D.plus(Duration.ofDays(3))},
                new Instant[] {D.plus(Duration.ofSeconds(3600 + 17 * 60 + 30)), D.plus(Duration.ofSeconds(31 * 3600 + 43 * 60 + 10))},
                new Instant[] {D.plus(Duration.ofSeconds(2 * 3600 + 5 * 60 + 20)), D.plus(Duration.ofMinutes(145))},
                new Instant[] {D.plus(Duration.ofMinutes(3 * 60 + 10)), D.plus(Duration.ofMinutes(5 * 60 + 30))},
                new Instant[] {D.plus(Duration.ofDays(1)), D.plus(Duration.ofDays(2))});
        for (Instant[] w : windows) {
            String at = when + ", window " + w[0] + " - " + w[1];
            for (String device : DEVICES) {
                Optional<String> most = expectedMostReported(device, w[0], w[1]);
                assertEquals(most, rollups.mostReportedMetric(device, w[0], w[1]), device + " most reported, " + at);
                for (String metric : List.of("load_t", "moment_pct", "wind_ms", "speed", "pm10", "noise_db")) {
                    assertEquals(expectedRuns(device, metric, w[0], w[1]), rollups.minuteRuns(device, metric, w[0], w[1]),
                            device + " " + metric + " runs, " + at);
                    assertEquals(expectedCount(device, metric, w[0], w[1]), rollups.sampleCount(device, metric, w[0], w[1]),
                            device + " " + metric + " samples, " + at);
                }
            }
            for (List<String> devices : List.of(List.of("TC"), List.of("HO", "NEW"), DEVICES)) {
                for (ZoneId zone : List.of(SHANGHAI, ZoneId.of("Asia/Kolkata"))) {
                    assertEquals(expectedDays(devices, w[0], w[1], zone), rollups.activeDays(devices, w[0], w[1], zone),
                            devices + " active days in " + zone + ", " + at);
                    Map<String, Set<LocalDate>> byDevice = new TreeMap<>();
                    for (String d : devices) {
                        Set<LocalDate> days = expectedDays(List.of(d), w[0], w[1], zone);
                        if (!days.isEmpty()) {
                            byDevice.put(d, days);
                        }
                    }
                    assertEquals(byDevice, rollups.activeDaysByDevice(devices, w[0], w[1], zone),
                            devices + " active days by device in " + zone + ", " + at);
                }
            }
        }
    }

    /** Minutes whose start lies in [from, to) holding a sample of the metric, as runs. */
    static List<MinuteRun> expectedRuns(String device, String metric, Instant from, Instant to) {
        TreeSet<Long> minutes = new TreeSet<>();
        samples(device).forEach((s, metrics) -> {
            long m = Math.floorDiv(s, 60);
            if (metrics.contains(metric) && m * 60 >= from.getEpochSecond() && m * 60 < to.getEpochSecond()) {
                minutes.add(m);
            }
        });
        List<MinuteRun> runs = new ArrayList<>();
        long start = -1;
        long n = 0;
        for (long m : minutes) {
            if (n > 0 && m == start + n) {
                n++;
            } else {
                if (n > 0) {
                    runs.add(new MinuteRun(start, n));
                }
                start = m;
                n = 1;
            }
        }
        if (n > 0) {
            runs.add(new MinuteRun(start, n));
        }
        return runs;
    }

    /** Samples of the metric in the minutes whose start lies in [from, to). */
    static long expectedCount(String device, String metric, Instant from, Instant to) {
        return samples(device).entrySet().stream().filter(e -> e.getValue().contains(metric)).mapToLong(Map.Entry::getKey)
                .map(s -> Math.floorDiv(s, 60) * 60).filter(m -> m >= from.getEpochSecond() && m < to.getEpochSecond()).count();
    }

    /** Over the hours meeting [from, to) the metric with most samples, ties to the smaller name. */
    static Optional<String> expectedMostReported(String device, Instant from, Instant to) {
        long lo = Math.floorDiv(from.getEpochSecond(), 3600) * 3600;
        Map<String, Long> counts = new TreeMap<>();
        samples(device).forEach((s, metrics) -> {
            long hour = Math.floorDiv(s, 3600) * 3600;
            if (hour >= lo && hour < to.getEpochSecond()) {
                metrics.forEach(m -> counts.merge(m, 1L, Long::sum));
            }
        });
        return counts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
    }

    /** Local days of the hours meeting [from, to) in which the devices sent anything, cut to the window's days. */
    static Set<LocalDate> expectedDays(List<String> devices, Instant from, Instant to, ZoneId zone) {
        long lo = Math.floorDiv(from.getEpochSecond(), 3600) * 3600;
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        Set<LocalDate> days = new TreeSet<>();
        for (String device : devices) {
            for (long s : samples(device).keySet()) {
                long hour = Math.floorDiv(s, 3600) * 3600;
                LocalDate day = Instant.ofEpochSecond(hour).atZone(zone).toLocalDate();
                if (hour >= lo && hour < to.getEpochSecond() && !day.isBefore(first) && !day.isAfter(last)) {
                    days.add(day);
                }
            }
        }
        return days;
    }

    private static TreeMap<Long, Set<String>> samples(String device) {
        return written.getOrDefault(device, new TreeMap<>());
    }

    /** A sample every {@code periodS} seconds in [from, to), {@code offsetS} after each step. */
    private static void every(List<Received> out, String device, Instant from, Instant to, int periodS, int offsetS, String... metrics) {
        Device d = new Device(device, "S1", "tower_crane", device, periodS, JsonNodeFactory.instance.objectNode());
        for (long s = from.getEpochSecond() + offsetS; s < to.getEpochSecond(); s += periodS) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 0; i < metrics.length; i++) {
                values.put(metrics[i], (double) (s % 97 + i));
            }
            out.add(new Received(new IngestRecord.Telemetry(d, List.of(new Sample(s * 1000, null, values)), 0), s * 1000));
        }
    }

    /** Drops the device's samples in [from, to): a gap. */
    private static void cut(String device, List<Received> records, Instant from, Instant to) {
        records.removeIf(r -> r.record() instanceof IngestRecord.Telemetry t && t.device().deviceId().equals(device)
                && t.samples().get(0).ts() >= from.toEpochMilli() && t.samples().get(0).ts() < to.toEpochMilli());
    }

    /** Through the service's writer in batches of 500 records, each its own transaction; remembers what was written. */
    private static void write(List<Received> records) throws Exception {
        try (BatchWriter writer = new BatchWriter(db, layout, "pending-it")) {
            for (int i = 0; i < records.size(); i += 500) {
                writer.write(new StoreBatch(records.subList(i, Math.min(records.size(), i + 500)), List.of()));
            }
        }
        for (Received r : records) {
            IngestRecord.Telemetry t = (IngestRecord.Telemetry) r.record();
            Sample s = t.samples().get(0);
            Set<String> previous = written.computeIfAbsent(t.device().deviceId(), k -> new TreeMap<>())
                    .put(s.ts() / 1000, Set.copyOf(s.values().keySet()));
            assertEquals(null, previous, "one sample per device and second");
        }
    }

    private static long count(String sql) throws Exception {
        return Long.parseLong(query(sql));
    }

    private static String query(String sql) throws Exception {
        try (Connection c = db.pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}

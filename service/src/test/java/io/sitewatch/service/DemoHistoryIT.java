package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.personnel.GeoFence;
import io.sitewatch.core.registry.Site;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.simulator.DemoFleet;
import io.sitewatch.simulator.demo.DemoRun;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's history (what {@code ./sitewatch demo} uploads at its first start), shortened to three
 * days, through a real broker into a real database and service: every site uploads its days over
 * MQTT with their own timestamps and then goes live; the service takes the past {@code ts}, stores
 * it and rolls it up, and what arrived is what real sites do: machines report in their working
 * hours only and say they are switched off every evening, the dust station and the pit points
 * report around the clock, the key people clock in inside the fence on working days, the safety
 * officer's log covers the previous working day, and hazards carry the recorder's ids.
 */
class DemoHistoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int DAYS = 3;

    @Test
    void theDemoSitesHistoryArrivesAsTheSitesWork(@TempDir Path dir) throws Exception {
        LocalDate anchor = LocalDate.now(ZONE);
        LocalDate from = anchor.minusDays(DAYS);
        Path fleet = dir.resolve("demo-fleet.yaml");
        Files.writeString(fleet, DemoFleet.fleetFile(anchor), StandardCharsets.UTF_8);
        String db = TestPostgres.newDatabase();
        try (SiteWatchService service = Components.service(ServiceFixture.config(db, TestBroker.shared().url(),
                "demo-history-it", Map.of("fleetFile", fleet.toString()))).start()) {
            assertTrue(service.registryWasEmptyAtStart());
            ServiceFixture.awaitConnected(service);
            List<String> progress = new ArrayList<>();
            DemoHistory.Result result;
            try (DemoRun demo = DemoFleet.start(TestBroker.shared().url(), 42,
                    new DemoRun.Options(anchor, DAYS, DemoHistory.committed(service), progress::add))) {
                result = DemoHistory.complete(service, demo, line -> System.out.println("[demo-history-it] " + line), System.nanoTime(),
                        Duration.ofMinutes(3));
            }
            System.out.println("[demo-history-it] " + result);
            assertEquals(4, result.history().sites());
            assertTrue(progress.stream().anyMatch(l -> l.startsWith("history: ZZ-XC-001 uploaded")), progress.toString());
            assertTrue(result.history().samples() > 100_000, "three days of four sites: " + result.history().samples());

            try (Connection c = DriverManager.getConnection(db, TestPostgres.user(), null)) {
                assertEquals(0, ServiceFixture.queryLong(db, "SELECT count(*) FROM dead_letter WHERE topic NOT LIKE '%/status'"),
                        "the past timestamps are taken: nothing dead-lettered");
                for (Site site : service.registry().cache().sites()) {
                    SiteCalendar calendar = service.registry().cache().calendar(site.siteId());
                    machinesReportInTheirHoursAndSayOffEveryEvening(c, site, calendar, from, anchor);
                    keyPeopleClockInAndLog(c, site, calendar, from, anchor);
                }
                hazardsCarryTheRecordersIds(c, from, anchor);
            }
            JsonNode attendance = JSON.readTree(http(service.httpPort(), "GET",
                    "/api/v1/sites/QZ-FZ-001/attendance?month=" + YearMonth.from(from), ADMIN, null).body());
            assertEquals(0, attendance.get("refused").size(), "no clock-in outside the fence or on a day off: " + attendance);
        }
    }

    /**
     * The crane's hour rollups lie in its shift (switched on 15 minutes before the working hours, off
     * 15 minutes after) and add up to every sample stored; it says it is switched off each working
     * day's evening and on each morning; the dust station's cover every hour of every day.
     */
    private static void machinesReportInTheirHoursAndSayOffEveryEvening(Connection c, Site site, SiteCalendar calendar,
                                                                        LocalDate from, LocalDate anchor) throws Exception {
        String crane = site.siteId() + "-TC01";
        String env = site.siteId() + "-ENV01";
        for (LocalDate d = from; d.isBefore(anchor); d = d.plusDays(1)) {
            Instant a = d.atStartOfDay(ZONE).toInstant();
            Instant b = d.plusDays(1).atStartOfDay(ZONE).toInstant();
            boolean works = calendar.isWorkingDay(d);
            long expected = works ? (calendar.workingTime(a, b).toSeconds() + 30 * 60) / 10 : 0;
            long rolled = longQuery(c, "SELECT coalesce(sum(count), 0) FROM telemetry_1h WHERE device_id = ? AND metric = 'load_t' "
                    + "AND bucket >= ? AND bucket < ?", crane, a, b);
            assertEquals(expected, rolled, 1, crane + " samples rolled up on " + d + (works ? " (working)" : " (off)"));
            assertEquals(rolled, longQuery(c, "SELECT count(*) FROM telemetry WHERE device_id = ? AND metric = 'load_t' "
                    + "AND ts >= ? AND ts < ?", crane, a, b), crane + ": the rollups cover every stored sample on " + d);
            if (works) {
                Instant firstHour = calendar.windows(a, b).get(0).from().minus(Duration.ofMinutes(15));
                Instant lastHour = calendar.windows(a, b).get(calendar.windows(a, b).size() - 1).to().plus(Duration.ofMinutes(15));
                assertEquals(0, longQuery(c, "SELECT count(*) FROM telemetry_1h WHERE device_id = ? AND bucket >= ? AND bucket < ? "
                        + "AND (bucket < date_trunc('hour', ?::timestamptz) OR bucket >= ?)", crane, a, b, firstHour, lastHour),
                        crane + " reports in its shift only on " + d);
                Map<Boolean, List<LocalTime>> statuses = statuses(c, crane, a, b);
                assertEquals(List.of(lastHour.atZone(ZONE).toLocalTime()), statuses.get(false), crane + " switched off on " + d);
                assertEquals(List.of(firstHour.atZone(ZONE).toLocalTime()), statuses.get(true), crane + " switched on on " + d);
            } else {
                assertTrue(statuses(c, crane, a, b).isEmpty(), crane + " stays off on its day off " + d);
            }
            assertEquals(24, longQuery(c, "SELECT count(*) FROM telemetry_1h WHERE device_id = ? AND metric = 'pm10_ugm3' "
                    + "AND bucket >= ? AND bucket < ?", env, a, b), env + " every hour of " + d);
        }
    }

    /** The device's statuses after the start of a day (the upload says the state it starts in at midnight) and before its end. */
    private static Map<Boolean, List<LocalTime>> statuses(Connection c, String device, Instant a, Instant b) throws Exception {
        Map<Boolean, List<LocalTime>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT online, ts FROM device_status WHERE device_id = ? AND ts > ? AND ts < ? ORDER BY ts")) {
            ps.setString(1, device);
            ps.setTimestamp(2, Timestamp.from(a));
            ps.setTimestamp(3, Timestamp.from(b));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getBoolean(1), k -> new ArrayList<>()).add(rs.getTimestamp(2).toInstant().atZone(ZONE).toLocalTime());
                }
            }
        }
        return out;
    }

    /**
     * On each working day the safety officer clocks in (inside the fence) and uploads the log of the
     * previous working day; nobody clocks in on a day off.
     */
    private static void keyPeopleClockInAndLog(Connection c, Site site, SiteCalendar calendar, LocalDate from, LocalDate anchor)
            throws Exception {
        GeoFence fence = site.location();
        Map<LocalDate, Set<String>> present = new TreeMap<>();
        Map<LocalDate, String> logs = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type, ts, data::text FROM device_event WHERE site_id = ? AND type IN ('clock_in', 'safety_log') "
                        + "AND ts >= ? AND ts < ? ORDER BY ts")) {
            ps.setString(1, site.siteId());
            ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(ZONE).toInstant()));
            ps.setTimestamp(3, Timestamp.from(anchor.atStartOfDay(ZONE).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getTimestamp(2).toInstant().atZone(ZONE).toLocalDate();
                    JsonNode data = JSON.readTree(rs.getString(3));
                    if (rs.getString(1).equals("clock_in")) {
                        assertTrue(fence.contains(data.get("lat").asDouble(), data.get("lon").asDouble()), "inside the fence: " + data);
                        present.computeIfAbsent(day, k -> new HashSet<>()).add(data.get("role").asText());
                    } else {
                        logs.put(day, data.get("log_date").asText());
                    }
                }
            }
        }
        for (LocalDate d = from; d.isBefore(anchor); d = d.plusDays(1)) {
            if (!calendar.isWorkingDay(d)) {
                assertFalse(present.containsKey(d), site.siteId() + ": nobody clocks in on a day off " + d);
                continue;
            }
            if (!site.siteId().equals("QZ-FZ-001")) { // QZ's people and logs miss days by design
                assertTrue(present.getOrDefault(d, Set.of()).contains("safety_officer"), site.siteId() + " safety officer on " + d);
                assertTrue(logs.containsKey(d), site.siteId() + " safety log uploaded on " + d);
            }
            if (logs.containsKey(d)) {
                LocalDate previous = d.minusDays(1);
                while (!calendar.isWorkingDay(previous)) {
                    previous = previous.minusDays(1);
                }
                assertEquals(previous.toString(), logs.get(d), site.siteId() + ": the log uploaded on " + d + " covers the previous working day");
            }
        }
    }

    /** Every report carries its {@code hazard_id}, and the rectifications name reported ids. */
    private static void hazardsCarryTheRecordersIds(Connection c, LocalDate from, LocalDate anchor) throws Exception {
        Set<String> reported = new HashSet<>();
        Set<String> rectified = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT type, device_id, ts, data ->> 'hazard_id' FROM device_event "
                + "WHERE type IN ('hazard_report', 'hazard_rectified') AND ts >= ? AND ts < ?")) {
            ps.setTimestamp(1, Timestamp.from(from.atStartOfDay(ZONE).toInstant()));
            ps.setTimestamp(2, Timestamp.from(anchor.atStartOfDay(ZONE).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(4);
                    if (rs.getString(1).equals("hazard_report")) {
                        LocalDate day = rs.getTimestamp(3).toInstant().atZone(ZONE).toLocalDate();
                        assertEquals(rs.getString(2) + "-" + day.toString().replace("-", "") + "-1", id);
                        reported.add(id);
                    } else {
                        rectified.add(id);
                    }
                }
            }
        }
        assertFalse(reported.isEmpty(), "hazards reported");
        Set<String> closedInTheWindow = new HashSet<>(reported);
        closedInTheWindow.retainAll(rectified);
        assertFalse(closedInTheWindow.isEmpty(), "hazards reported in the window and rectified later under their ids");
        for (String id : rectified) {
            String date = id.substring(id.length() - 10, id.length() - 2);
            LocalDate reportedOn = LocalDate.parse(date.substring(0, 4) + "-" + date.substring(4, 6) + "-" + date.substring(6));
            assertTrue(reported.contains(id) || reportedOn.isBefore(from), "a rectification names a reported hazard: " + id);
        }
    }

    private static long longQuery(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Instant t) {
                    ps.setTimestamp(i + 1, Timestamp.from(t));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package io.sitewatch.alarms.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.alarms.testsupport.TestSchema;
import io.sitewatch.core.port.AlarmQueries;
import io.sitewatch.core.port.AlarmQueries.StartedAlarm;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Alarms of a site started in a window, from constructed rows in a real PostgreSQL. */
class JdbcAlarmQueriesIT {

    static final Instant T0 = Instant.parse("2026-03-01T16:00:00Z");
    static PGSimpleDataSource ds;
    static JdbcAlarmQueries alarms;

    @BeforeAll
    static void data() throws Exception {
        ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        TestSchema.migrate(ds);
        alarm("A2", "S", T0.plusSeconds(7200), T0.plusSeconds(7200 + 2700), "cleared");
        alarm("A1", "S", T0.plusSeconds(3600), T0.plusSeconds(3600 + 600), "cleared");
        alarm("A3", "S", T0.plusSeconds(9000), null, "active");
        alarm("A-OLD", "S", T0.minusSeconds(60), null, "cleared");        // before the window
        alarm("A-END", "S", T0.plusSeconds(86_400), null, "cleared");     // at its end: excluded
        alarm("B1", "OTHER", T0.plusSeconds(100), T0.plusSeconds(200), "cleared");
        alarms = new JdbcAlarmQueries(ds);
    }

    static void alarm(String id, String site, Instant start, Instant ack, String state) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alarm (id, site_id, region, device_id, device_kind, rule, level, state, start_ts, end_ts, ack_ts, ack_by)
                VALUES (?, ?, '350102', 'TC', 'tower_crane', 'tower_crane.moment', 'alarm', ?, ?, ?, ?, ?)""")) {
            ps.setString(1, id);
            ps.setString(2, site);
            ps.setString(3, state);
            ps.setTimestamp(4, Timestamp.from(start));
            ps.setTimestamp(5, "cleared".equals(state) ? Timestamp.from(start.plusSeconds(3600)) : null);
            ps.setTimestamp(6, ack == null ? null : Timestamp.from(ack));
            ps.setString(7, ack == null ? null : "reg");
            ps.executeUpdate();
        }
    }

    @Test
    void alarmsOfTheSiteStartedInTheWindowInStartOrderWithTheirAcknowledgement() {
        assertEquals(List.of(
                        new StartedAlarm("A1", T0.plusSeconds(3600), T0.plusSeconds(4200)),
                        new StartedAlarm("A2", T0.plusSeconds(7200), T0.plusSeconds(9900)),
                        new StartedAlarm("A3", T0.plusSeconds(9000), null)),
                alarms.startedIn("S", T0, T0.plusSeconds(86_400)));
        assertEquals(List.of(new StartedAlarm("B1", T0.plusSeconds(100), T0.plusSeconds(200))),
                alarms.startedIn("OTHER", T0, T0.plusSeconds(86_400)));
        assertEquals(List.of(), alarms.startedIn("NONE", T0, T0.plusSeconds(86_400)));
    }

    @Test
    void talliesPerSiteRuleAndLevelWithCappedTimesToAcknowledgeAndTheLatestIds() {
        // S: A1 acked after 600 s, A2 after 2700 s capped at 1800, A3 never: until the window's end (77 400 s), capped.
        assertEquals(List.of(
                        new AlarmQueries.AlarmTally("OTHER", "tower_crane.moment", "alarm", 1, 100, 1800, List.of("B1")),
                        new AlarmQueries.AlarmTally("S", "tower_crane.moment", "alarm", 3, 600 + 1800 + 1800, 1800 * 3, List.of("A3", "A2"))),
                alarms.tallies(T0, T0.plusSeconds(86_400), 1800, 2));
        // An acknowledgement after the window's end does not count: A2 (acked at +9900 s) runs to the end at +8000 s.
        // None was disposed: each runs to the window's end (A1 4400 s, A2 800 s).
        assertEquals(List.of(new AlarmQueries.AlarmTally("S", "tower_crane.moment", "alarm", 2, 600 + 800, 4400 + 800, List.of("A2", "A1"))),
                alarms.tallies(T0.plusSeconds(1000), T0.plusSeconds(8000), 100_000, 5));
    }

    @Test
    void timesToDisposeRunFromTheStartToTheFirstDisposalWithinTheWindowCappedOnTheirOwn() throws Exception {
        // Ten days on, away from the other tests' windows. D1 disposed after 1200 s (and again
        // later: the first counts); D2 only after the window's end.
        Instant t1 = T0.plusSeconds(10 * 86_400);
        alarm("D1", "DISP", t1.plusSeconds(100), t1.plusSeconds(200), "cleared");
        alarm("D2", "DISP", t1.plusSeconds(300), null, "cleared");
        disposal("D1", t1.plusSeconds(1300));
        disposal("D1", t1.plusSeconds(5000));
        disposal("D2", t1.plusSeconds(90_000));
        // D1 1200 s; D2 until the window's end, 3300 s; acknowledgement capped at 60 s on its own.
        assertEquals(List.of(new AlarmQueries.AlarmTally("DISP", "tower_crane.moment", "alarm", 2, 60 + 60, 1200 + 3300, List.of("D2", "D1"))),
                alarms.tallies(t1, t1.plusSeconds(3600), 60, 100_000, 5));
        List<AlarmQueries.SiteAlarm> listed = alarms.ofSiteIn("DISP", t1, t1.plusSeconds(3600));
        assertEquals(t1.plusSeconds(1300), listed.get(0).disposed());
        assertEquals(t1.plusSeconds(90_000), listed.get(1).disposed());
    }

    static void disposal(String alarmId, Instant at) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alarm_event (alarm_id, at, transition, level, state, actor, action)
                VALUES (?, ?, 'disposed', 'alarm', 'active', 'site', 'rectified')""")) {
            ps.setString(1, alarmId);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    @Test
    void alarmsOfASiteWithRuleAndLevel() {
        assertEquals(List.of(new AlarmQueries.SiteAlarm("B1", "TC", "tower_crane.moment", "alarm", T0.plusSeconds(100), T0.plusSeconds(200))),
                alarms.ofSiteIn("OTHER", T0, T0.plusSeconds(86_400)));
        assertEquals(3, alarms.ofSiteIn("S", T0, T0.plusSeconds(86_400)).size());
    }

    @Test
    void theStateOfAnAlarmNowAndNullForOneNotStored() {
        assertEquals("active", alarms.stateOf("A3"));
        assertEquals("cleared", alarms.stateOf("A1"));
        assertEquals(null, alarms.stateOf("NO-SUCH-ALARM"));
    }
}

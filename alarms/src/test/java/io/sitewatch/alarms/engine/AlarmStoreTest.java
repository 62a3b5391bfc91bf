package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.testsupport.TestSchema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.alarms.state.Transition;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Transitions written in one round keep their order, as the one-open-alarm rule requires. */
class AlarmStoreTest {

    private static Alarm raised(String id, long at) {
        return new Alarm(id, "S1", "350102", "TC1", "tower_crane", "tower_crane.moment", null, Level.WARNING,
                AlarmState.ACTIVE, 95, 90, at, null, null, null, null, "moment_pct 95 > 90");
    }

    @Test
    void aClearAndANewAlarmOfTheSameRuleInOneRound() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        TestSchema.migrate(ds);
        AlarmStore store = new AlarmStore(ds);
        Alarm first = raised("A1", 1_000);
        Alarm escalated = first.withLevel(Level.ALARM, 101, 100, "moment_pct 101 > 100");
        Alarm second = raised("A2", 3_000);
        store.apply(List.of(
                new AlarmChange(first, Transition.RAISED, "system", null, 1_000, 1_000),
                new AlarmChange(escalated, Transition.ESCALATED, "system", null, 1_500, 1_500),
                new AlarmChange(escalated.cleared(2_000), Transition.CLEARED, "system", null, 2_000, 2_000),
                new AlarmChange(second, Transition.RAISED, "system", null, 3_000, 3_000)));

        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, level, state FROM alarm ORDER BY id")) {
            rs.next();
            assertEquals("A1 alarm cleared", rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            rs.next();
            assertEquals("A2 warning active", rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(alarm_id || ' ' || transition, ', ' ORDER BY id) FROM alarm_event")) {
            rs.next();
            assertEquals("A1 raised, A1 escalated, A1 cleared, A2 raised", rs.getString(1));
        }
    }
}

package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.VirtualTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.alarms.state.Transition;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ordered write queue on a virtual clock, with writes run inline: the store is a real test
 * database that the test takes down and brings back.
 */
class TransitionWriterTest {

    private static final long T0 = ShardFixture.T0;

    private final VirtualTime time = new VirtualTime(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AlarmChange> published = new ArrayList<>();

    private static AlarmChange raised(int n) {
        Alarm a = new Alarm("A" + n, "S1", "350102", "TC" + n, "tower_crane", "tower_crane.moment", null, Level.WARNING,
                AlarmState.ACTIVE, 95, 90, T0, null, null, null, null, "moment_pct 95 ≥ 90");
        return new AlarmChange(a, Transition.RAISED, "sitewatch", null, T0, T0);
    }

    private double storeErrors() {
        return meters.counter(AlarmMetrics.STORE_ERRORS).count();
    }

    /**
     * While the store is down, a failed write waits for its retry timer (100, 200, 400 ms …): new
     * transitions queue behind it instead of each batch trying the database again at once. Once
     * it is back, what queued is written in one round, in order, and only then published.
     */
    @Test
    void aFailingStoreIsRetriedOnItsBackoffNotOnEveryBatch() throws Exception {
        FlakyDatabase store = new FlakyDatabase();
        TransitionWriter writer = new TransitionWriter(new AlarmStore(store.dataSource), new AlarmMetrics(meters),
                published::add, time, time);
        writer.start(new InlineWorker());
        store.down(true);
        List<AlarmChange> sent = new ArrayList<>();
        Promise<Alarm> stored = Promise.promise();
        for (int n = 0; n < 20; n++) {
            sent.add(raised(n));
            writer.add(sent.get(n), n == 5 ? stored : null);
            writer.flush();
        }
        assertEquals(1, store.attempts.get(), "one attempt for 20 batches: the rest queue behind its retry");
        time.advanceTo(T0 + 99);
        assertEquals(1, store.attempts.get());
        time.advanceTo(T0 + 100);
        assertEquals(2, store.attempts.get(), "first retry after 100 ms");
        time.advanceTo(T0 + 299);
        assertEquals(2, store.attempts.get());
        time.advanceTo(T0 + 300);
        assertEquals(3, store.attempts.get(), "second retry 200 ms later");
        assertEquals(3.0, storeErrors());
        assertEquals(List.of(), published, "nothing is published before it is stored");
        assertFalse(stored.future().isComplete());

        store.down(false);
        time.advanceTo(T0 + 699);
        assertEquals(3, store.attempts.get());
        time.advanceTo(T0 + 700);
        assertEquals(4, store.attempts.get(), "third retry 400 ms later, and it succeeds");
        assertEquals(sent, published, "all 20, in the order they happened");
        assertTrue(stored.future().succeeded());
        assertEquals("A5", stored.future().result().id());
        assertEquals(3.0, storeErrors());
        try (Connection c = store.db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), string_agg(alarm_id, ',' ORDER BY id) FROM alarm_event")) {
            rs.next();
            assertEquals(20, rs.getInt(1));
            assertTrue(rs.getString(2).startsWith("A0,A1,A2,A3,"), rs.getString(2));
        }

        // A success resets the backoff: the next failure is retried after 100 ms again.
        store.down(true);
        writer.add(raised(20), null);
        writer.flush();
        assertEquals(5, store.attempts.get());
        time.advanceTo(T0 + 799);
        assertEquals(5, store.attempts.get());
        time.advanceTo(T0 + 800);
        assertEquals(6, store.attempts.get());
    }

    /** A stopped writer hands over what is still queued (for the shard's last write) and writes no more. */
    @Test
    void stoppingHandsOverWhatIsQueued() throws Exception {
        FlakyDatabase store = new FlakyDatabase();
        TransitionWriter writer = new TransitionWriter(new AlarmStore(store.dataSource), new AlarmMetrics(meters),
                published::add, time, time);
        writer.start(new InlineWorker());
        store.down(true);
        writer.add(raised(1), null);
        writer.flush();
        writer.add(raised(2), null);
        assertEquals(List.of(raised(1).alarm().id(), raised(2).alarm().id()),
                writer.stop().stream().map(c -> c.alarm().id()).toList());
        store.down(false);
        time.advanceTo(T0 + 10_000);
        assertEquals(1, store.attempts.get(), "the retry timer finds the writer stopped");
        assertEquals(List.of(), published);
    }
}

package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.VirtualTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.core.registry.Device;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Last-seen saving on a virtual clock, with saves run inline against a test database. */
class LastSeenSaverTest {

    private static final long T0 = ShardFixture.T0;

    private final VirtualTime time = new VirtualTime(T0);

    private static DeviceState device(String id) {
        Device d = ShardFixture.device(id, "tower_crane", 5);
        return new DeviceState(d, null);
    }

    private static void heard(LastSeenSaver saver, DeviceState d, long at) {
        d.lastSeen = at;
        saver.changed(d);
    }

    /** "device=ms after T0" for every saved row, by device. */
    private static String saved(FlakyDatabase store) throws Exception {
        try (Connection c = store.db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(device_id || '=' || "
                     + "(extract(epoch FROM last_seen) * 1000)::bigint - " + T0 + ", ' ' ORDER BY device_id), '') FROM device_seen")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void savesEveryTenSecondsOnlyWhatChangedAndRetriesAFailedSaveWithTheNewestTimes() throws Exception {
        FlakyDatabase store = new FlakyDatabase();
        InlineWorker worker = new InlineWorker();
        LastSeenSaver saver = new LastSeenSaver(new AlarmStore(store.dataSource), time);
        saver.start(worker);
        DeviceState tc1 = device("TC1");
        DeviceState tc2 = device("TC2");
        heard(saver, tc1, T0 + 1_000);
        heard(saver, tc1, T0 + 2_000);
        time.advanceTo(T0 + 9_999);
        assertEquals(0, worker.calls);
        time.advanceTo(T0 + 10_000);
        assertEquals(1, worker.calls);
        assertEquals("TC1=2000", saved(store));

        time.advanceTo(T0 + 20_000);
        assertEquals(1, worker.calls, "nothing heard: nothing written");

        store.down(true);
        heard(saver, tc2, T0 + 25_000);
        time.advanceTo(T0 + 30_000);
        assertEquals(2, worker.calls);
        heard(saver, tc2, T0 + 35_000);
        store.down(false);
        time.advanceTo(T0 + 40_000);
        assertEquals(3, worker.calls);
        assertEquals("TC1=2000 TC2=35000", saved(store), "the failed save's device, at its newest time");
    }

    @Test
    void stoppingHandsOverWhatIsUnsavedAndEndsTheRounds() throws Exception {
        FlakyDatabase store = new FlakyDatabase();
        InlineWorker worker = new InlineWorker();
        LastSeenSaver saver = new LastSeenSaver(new AlarmStore(store.dataSource), time);
        saver.start(worker);
        DeviceState tc1 = device("TC1");
        heard(saver, tc1, T0 + 1_000);
        assertEquals(Map.of("TC1", T0 + 1_000), saver.stop());
        assertEquals(0, time.pending(), "its timer is cancelled");
        time.advanceTo(T0 + 60_000);
        assertEquals(0, worker.calls);
    }
}

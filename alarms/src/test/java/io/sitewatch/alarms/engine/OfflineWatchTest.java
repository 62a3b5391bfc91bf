package io.sitewatch.alarms.engine;

import static io.sitewatch.alarms.engine.ShardFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.registry.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The offline rule on a virtual clock (rules.yaml: device.offline, 3 report periods). A crane
 * that reports every 5 s is offline after 15 s of silence. The offline watch ticks every second
 * from the moment it opens (T0 here), so a deadline is judged at the first tick at or after it.
 */
class OfflineWatchTest {

    private static final Map<String, Double> QUIET = Map.of("moment_pct", 10.0);

    private final ShardFixture f;
    private final Device crane = ShardFixture.device("TC1", "tower_crane", 5);

    OfflineWatchTest() throws Exception {
        f = new ShardFixture();
    }

    /** "transition value/threshold @ms after T0", for the offline rule's changes only. */
    private static List<String> offline(List<AlarmChange> changes) {
        return changes.stream().filter(c -> c.alarm().rule().equals("device.offline"))
                .map(c -> c.transition().code() + " " + c.alarm().value() + "/" + c.alarm().threshold() + " @" + (c.at() - T0))
                .toList();
    }

    @Test
    void offlineIsRaisedWhenTheSilenceReachesThreePeriodsAndNotOneTickBefore() {
        f.open();
        f.telemetry(crane, QUIET);
        assertEquals(List.of(), f.advanceTo(T0 + 14_000), "the tick at 14 s: 14 s of silence");
        assertEquals(List.of(), f.advanceTo(T0 + 14_999));
        List<AlarmChange> raised = f.advanceTo(T0 + 15_000);
        assertEquals(List.of("raised 15.0/15.0 @15000"), offline(raised));
        Alarm a = raised.get(0).alarm();
        assertEquals(Level.ALARM, a.level());
        assertEquals(T0 + 15_000, a.startTs(), "offline starts on server time");
        assertEquals("no message for 15 s (limit 3 × 5 s)", a.detail());
        assertEquals(0, raised.get(0).receivedAt(), "raised by a timer, not by a message");
        assertEquals(List.of(), f.advanceTo(T0 + 120_000), "raised once, not at every tick");
    }

    @Test
    void aDeadlineBetweenTicksIsJudgedAtTheNextTick() {
        f.open();
        f.advanceTo(T0 + 500);
        f.telemetry(crane, QUIET);
        assertEquals(List.of(), f.advanceTo(T0 + 15_999), "the deadline 15.5 s falls between ticks");
        List<AlarmChange> raised = f.advanceTo(T0 + 16_000);
        assertEquals(List.of("raised 16.0/15.0 @16000"), offline(raised));
        assertEquals("no message for 16 s (limit 3 × 5 s)", raised.get(0).alarm().detail());
    }

    /** The deadline's queue entry comes up at 15 s, but the report at 10 s moved the deadline to 25 s. */
    @Test
    void aReportInBetweenPushesTheDeadlineAndTheOldOneIsIgnored() {
        f.open();
        f.telemetry(crane, QUIET);
        f.advanceTo(T0 + 10_000);
        f.telemetry(crane, QUIET);
        assertEquals(List.of(), f.advanceTo(T0 + 15_000), "the deadline that came up is stale");
        assertEquals(List.of(), f.advanceTo(T0 + 24_999));
        assertEquals(List.of("raised 15.0/15.0 @25000"), offline(f.advanceTo(T0 + 25_000)));
    }

    @Test
    void aDeviceReportingOnTimeIsNeverOffline() {
        f.open();
        for (long t = T0; t <= T0 + 600_000; t += 5_000) {
            assertEquals(List.of(), offline(f.advanceTo(t)));
            f.telemetry(crane, QUIET);
        }
        assertEquals(List.of(), f.advanceTo(T0 + 614_999));
        assertEquals(List.of("raised 15.0/15.0 @615000"), offline(f.advanceTo(T0 + 615_000)));
    }

    @Test
    void theAlarmClearsWhenTheDeviceReportsAgainAndComesBackAfterTheNextSilence() {
        f.open();
        f.telemetry(crane, QUIET);
        Alarm first = f.advanceTo(T0 + 15_000).get(0).alarm();
        f.advanceTo(T0 + 20_000);
        List<AlarmChange> cleared = f.telemetry(crane, QUIET);
        assertEquals(List.of("cleared 15.0/15.0 @20000"), offline(cleared));
        assertEquals(first.id(), cleared.get(0).alarm().id());
        assertEquals(AlarmState.CLEARED, cleared.get(0).alarm().state());
        assertEquals(T0 + 20_000, cleared.get(0).alarm().endTs(), "cleared when the message arrived");
        assertEquals(T0 + 20_000, cleared.get(0).receivedAt());
        assertEquals(List.of(), f.advanceTo(T0 + 34_999));
        List<AlarmChange> again = f.advanceTo(T0 + 35_000);
        assertEquals(List.of("raised 15.0/15.0 @35000"), offline(again));
        assertNotEquals(first.id(), again.get(0).alarm().id(), "a new alarm, not the cleared one reopened");
    }

    @Test
    void aLastWillRaisesAtOnceAndTheTimerDoesNotRaiseAgain() {
        f.open();
        f.telemetry(crane, QUIET);
        f.advanceTo(T0 + 3_000);
        List<AlarmChange> will = f.receive(new IngestRecord.Status(crane, null, false));
        assertEquals(List.of("raised 0.0/15.0 @3000"), offline(will));
        assertEquals("the device reported itself offline (last will)", will.get(0).alarm().detail());
        assertEquals(T0 + 3_000, will.get(0).alarm().startTs());
        assertEquals(List.of(), f.advanceTo(T0 + 60_000), "already open when its deadline comes up");
        assertEquals(List.of("cleared 0.0/15.0 @60000"), offline(f.telemetry(crane, QUIET)));
    }

    /**
     * After a restart a device's silence runs from its stored last-seen time, or from the start
     * when it was never heard of; an offline alarm that was open stays open and is not raised twice.
     */
    @Test
    void afterARestartTheSilenceRunsFromTheStoredLastSeenTime() {
        Device seen = ShardFixture.device("TC2", "tower_crane", 5);
        Device never = ShardFixture.device("TC3", "tower_crane", 5);
        Device wasOffline = ShardFixture.device("TC4", "tower_crane", 5);
        Alarm open = new Alarm("A4", "S1", "000000", "TC4", "tower_crane", "device.offline", null, Level.ALARM,
                AlarmState.ACTIVE, 40, 15, T0 - 60_000, null, null, null, null, "no message for 40 s (limit 3 × 5 s)");
        f.shard.preload(seen, List.of(), List.of(), T0 - 10_000, null, T0);
        f.shard.preload(never, List.of(), List.of(), null, null, T0);
        f.shard.preload(wasOffline, List.of(open), List.of(), T0 - 100_000, null, T0);
        assertEquals(List.of(), f.open());
        assertEquals(List.of(), f.advanceTo(T0 + 4_999));
        List<AlarmChange> first = f.advanceTo(T0 + 5_000);
        assertEquals(List.of("raised 15.0/15.0 @5000"), offline(first));
        assertEquals("TC2", first.get(0).alarm().deviceId());
        assertEquals(List.of(), f.advanceTo(T0 + 14_999));
        List<AlarmChange> second = f.advanceTo(T0 + 15_000);
        assertEquals(List.of("raised 15.0/15.0 @15000"), offline(second));
        assertEquals("TC3", second.get(0).alarm().deviceId());
        List<AlarmChange> back = f.telemetry(wasOffline, QUIET);
        assertEquals(List.of("cleared 40.0/15.0 @15000"), offline(back));
        assertEquals("A4", back.get(0).alarm().id());
    }

    /** An acknowledgement takes its time from the engine's clock, like every other server time. */
    @Test
    void anAcknowledgementIsStampedWithTheInjectedClock() {
        f.open();
        f.telemetry(crane, QUIET);
        Alarm raised = f.advanceTo(T0 + 15_000).get(0).alarm();
        f.advanceTo(T0 + 42_000);
        f.shard.acknowledge(raised.id(), "inspector", "on my way");
        List<AlarmChange> acked = f.shard.drainQueued();
        assertEquals(1, acked.size());
        AlarmChange c = acked.get(0);
        assertEquals("acknowledged inspector on my way @42000",
                c.transition().code() + " " + c.actor() + " " + c.comment() + " @" + (c.at() - T0));
        assertEquals(T0 + 42_000, c.alarm().ackTs());
        assertEquals(AlarmState.ACKNOWLEDGED, c.alarm().state());
    }
}

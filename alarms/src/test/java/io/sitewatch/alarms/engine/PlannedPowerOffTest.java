package io.sitewatch.alarms.engine;

import static io.sitewatch.alarms.engine.ShardFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.alarms.rule.Level;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.AlarmState;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.port.DeviceStatuses;
import io.sitewatch.core.registry.Device;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wire protocol 1.1 on a virtual clock: a device whose last status was a planned power-off
 * ({@code online: false} with a reason) is off, not offline. Cranes here report every 5 s, so
 * silence raises offline after 15 s; a sentinel crane that is not powered down shows the offline
 * watch did run.
 */
class PlannedPowerOffTest {

    private static final Map<String, Double> QUIET = Map.of("moment_pct", 10.0);

    private final ShardFixture f;
    private final Device crane = ShardFixture.device("TC1", "tower_crane", 5);
    private final Device sentinel = ShardFixture.device("TC9", "tower_crane", 5);

    PlannedPowerOffTest() throws Exception {
        f = new ShardFixture();
    }

    /** "device transition value/threshold @ms after T0", for the offline rule's changes only. */
    private static List<String> offline(List<AlarmChange> changes) {
        return changes.stream().filter(c -> c.alarm().rule().equals("device.offline"))
                .map(c -> c.alarm().deviceId() + " " + c.transition().code() + " " + c.alarm().value() + "/"
                        + c.alarm().threshold() + " @" + (c.at() - T0))
                .toList();
    }

    private List<AlarmChange> status(Device d, Long ts, boolean online, String reason) {
        return f.receive(new IngestRecord.Status(d, ts, online, reason));
    }

    private String connection(Device d) {
        DeviceConnection c = f.shard.connection(d.deviceId());
        return c.state() + (c.since() == null ? "" : " since " + (c.since() - T0)) + (c.reason() == null ? "" : " " + c.reason());
    }

    @Test
    void aCranePoweredDownRaisesNothingWhileSilent() {
        f.open();
        f.telemetry(crane, QUIET);
        f.telemetry(sentinel, QUIET);
        f.advanceTo(T0 + 2_000);
        assertEquals(List.of(), status(crane, T0 + 2_000, false, "power_off"));
        assertEquals("off since 2000 power_off", connection(crane));
        assertEquals(List.of("TC9 raised 15.0/15.0 @15000"), offline(f.advanceTo(T0 + 15_000)),
                "the sentinel's silence is judged; the crane's, off, is not");
        assertEquals(List.of(), offline(f.advanceTo(T0 + 8 * 3_600_000L)), "a night off: nothing");
        assertEquals("off since 2000 power_off", connection(crane));
        assertEquals("offline since 15000", connection(sentinel));
    }

    @Test
    void itsNextMessageMakesItOnAndItsSilenceIsWatchedFromThen() {
        f.open();
        f.telemetry(crane, QUIET);
        status(crane, T0, false, "maintenance");
        f.advanceTo(T0 + 600_000);
        assertEquals(List.of(), f.telemetry(crane, QUIET), "back: nothing to clear");
        assertEquals("online since 600000", connection(crane));
        assertEquals(List.of(), f.advanceTo(T0 + 614_999));
        assertEquals(List.of("TC1 raised 15.0/15.0 @615000"), offline(f.advanceTo(T0 + 615_000)));
    }

    @Test
    void onlineTrueMakesItOnToo() {
        f.open();
        status(crane, T0, false, "power_off");
        f.advanceTo(T0 + 3_600_000);
        assertEquals(List.of(), status(crane, T0 + 3_600_000, true, null));
        assertEquals("online since 3600000", connection(crane));
        assertEquals(List.of("TC1 raised 15.0/15.0 @3615000"), offline(f.advanceTo(T0 + 3_615_000)));
    }

    @Test
    void anOpenOfflineAlarmClearsWhenTheDeviceSaysItIsOff() {
        f.open();
        f.telemetry(crane, QUIET);
        Alarm raised = f.advanceTo(T0 + 15_000).get(0).alarm();
        f.advanceTo(T0 + 20_000);
        List<AlarmChange> off = status(crane, T0 + 20_000, false, "dismantled");
        assertEquals(List.of("TC1 cleared 15.0/15.0 @20000"), offline(off));
        assertEquals(raised.id(), off.get(0).alarm().id());
        assertEquals(AlarmState.CLEARED, off.get(0).alarm().state());
        assertEquals("off since 20000 dismantled", connection(crane));
        assertEquals(List.of(), f.advanceTo(T0 + 86_400_000L));
    }

    @Test
    void aLastWillStillRaisesOfflineEvenAfterAPowerOff() {
        f.open();
        f.telemetry(crane, QUIET);
        status(crane, T0, false, "power_off");
        f.advanceTo(T0 + 30_000);
        List<AlarmChange> will = status(crane, null, false, null);
        assertEquals(List.of("TC1 raised 0.0/15.0 @30000"), offline(will));
        assertEquals("the device reported itself offline (last will)", will.get(0).alarm().detail());
        assertEquals(Level.ALARM, will.get(0).alarm().level());
        assertEquals("offline since 30000", connection(crane));
        assertEquals(List.of(), f.advanceTo(T0 + 40_000));
        assertEquals(List.of("TC1 cleared 0.0/15.0 @40000"), offline(f.telemetry(crane, QUIET)));
        assertEquals("online since 40000", connection(crane));
    }

    /** Device time decides: a power-off status older than a sample already judged is not news. */
    @Test
    void aStalePowerOffIsIgnoredAndALateBufferDoesNotWakeTheDevice() {
        Device other = ShardFixture.device("TC2", "tower_crane", 5);
        f.open();
        f.telemetry(crane, QUIET);                                     // sample at T0
        f.advanceTo(T0 + 5_000);
        status(crane, T0 - 60_000, false, "power_off");                // from before that sample
        assertEquals("online", connection(crane));
        assertEquals(List.of("TC1 raised 15.0/15.0 @20000"), offline(f.advanceTo(T0 + 20_000)));

        f.telemetry(other, QUIET);
        status(other, T0 + 20_000, false, "power_off");
        f.advanceTo(T0 + 60_000);
        // The crane's buffer from before it went off arrives late: stored and judged, but it is still off.
        f.receive(new IngestRecord.Telemetry(other, List.of(new Sample(T0 + 10_000, null, QUIET)), 0));
        assertEquals("off since 20000 power_off", connection(other));
        assertEquals(List.of(), f.advanceTo(T0 + 600_000));
    }

    /**
     * After a restart, a device whose latest stored status is a planned power-off that nothing was
     * heard after stays off; one heard from after it is on; an offline alarm left open on an off
     * device clears.
     */
    @Test
    void afterARestartAnOffDeviceStaysOff() {
        Device heardAfter = ShardFixture.device("TC2", "tower_crane", 5);
        Device offWithAlarm = ShardFixture.device("TC3", "tower_crane", 5);
        Instant offAt = Instant.ofEpochMilli(T0 - 100_000);
        f.shard.preload(crane, List.of(), List.of(), T0 - 100_000, null,
                new DeviceStatuses.Status("TC1", false, "power_off", offAt, true, offAt), T0);
        f.shard.preload(heardAfter, List.of(), List.of(), T0 - 10_000, null,
                new DeviceStatuses.Status("TC2", false, "power_off", offAt, true, offAt), T0);
        Alarm open = new Alarm("A3", "S1", "000000", "TC3", "tower_crane", "device.offline", null, Level.ALARM,
                AlarmState.ACTIVE, 40, 15, T0 - 200_000, null, null, null, null, "no message for 40 s (limit 3 × 5 s)");
        f.shard.preload(offWithAlarm, List.of(open), List.of(), T0 - 240_000, null,
                new DeviceStatuses.Status("TC3", false, "maintenance", offAt, true, offAt), T0);
        assertEquals(List.of("TC3 cleared 40.0/15.0 @0"), offline(f.open()));
        assertEquals(List.of("TC2 raised 15.0/15.0 @5000"), offline(f.advanceTo(T0 + 5_000)));
        assertEquals(List.of(), offline(f.advanceTo(T0 + 3_600_000)));
        assertEquals("off since -100000 power_off", connection(crane));
        assertEquals("off since -100000 maintenance", connection(offWithAlarm));
    }

    @Test
    void aDeviceIsOnlineUntilItIsNot() {
        f.open();
        f.telemetry(crane, QUIET);
        assertEquals("online", connection(crane), "no change seen since the engine started");
        f.advanceTo(T0 + 15_000);
        assertEquals("offline since 15000", connection(crane));
        f.telemetry(crane, QUIET);
        assertEquals("online since 15000", connection(crane));
    }
}

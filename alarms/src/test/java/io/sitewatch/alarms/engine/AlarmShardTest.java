package io.sitewatch.alarms.engine;

import io.sitewatch.platform.time.VirtualTime;

import io.sitewatch.core.model.Received;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.registry.RegistryCache;
import io.sitewatch.registry.RegistryCacheAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard's per-device caches (level overrides, alarm subjects, per-kind rules and horizons)
 * follow registry and rules changes, and alarm details are what they were when they are shown.
 */
class AlarmShardTest {

    private static final long T0 = Instant.parse("2025-07-01T02:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static AlarmShard shard(RuleSource rules) {
        VirtualTime time = new VirtualTime(T0);
        AlarmEngine engine = new AlarmEngine(null, new RegistryCache(), null, rules,
                new AlarmMetrics(new SimpleMeterRegistry()), null, 1, 600_000, time, time);
        return new AlarmShard(0, engine);
    }

    private static Device crane(String siteId, String paramsJson) throws Exception {
        return new Device("TC1", siteId, "tower_crane", "crane", 5, new ObjectMapper().readTree(paramsJson));
    }

    /** One message of one sample; returns the transitions it caused as "rule level transition [threshold]". */
    private static List<String> send(AlarmShard shard, Device d, long ts, Map<String, Double> values) {
        shard.evaluate(List.of(new Received(new IngestRecord.Telemetry(d, List.of(new Sample(ts, null, values)), 0),
                ts)));
        List<String> out = new ArrayList<>();
        for (AlarmChange c : shard.drainQueued()) {
            out.add(c.alarm().rule() + " " + c.alarm().level().code() + " " + c.transition().code() + " "
                    + c.alarm().threshold());
        }
        return out;
    }

    private static List<AlarmChange> sendChanges(AlarmShard shard, Device d, long ts, Map<String, Double> values) {
        shard.evaluate(List.of(new Received(new IngestRecord.Telemetry(d, List.of(new Sample(ts, null, values)), 0),
                ts)));
        return shard.drainQueued();
    }

    @Test
    void levelOverridesFollowAParamsChange() throws Exception {
        AlarmShard shard = shard(bundled());
        Device lowered = crane("S1", "{\"rules\":{\"tower_crane.moment\":{\"warning\":50,\"alarm\":60}}}");
        assertEquals(List.of(), send(shard, lowered, T0, Map.of("moment_pct", 55.0)));
        assertEquals(List.of("tower_crane.moment warning raised 50.0"), send(shard, lowered, T0 + 1000, Map.of("moment_pct", 55.0)));
        // The override is gone: the clear level is back to 95 % of 90, so two samples of 55 clear (at 47.5 they would not).
        Device plain = crane("S1", "{}");
        assertEquals(List.of("tower_crane.moment warning cleared 50.0"), send(shard, plain, T0 + 2000, Map.of("moment_pct", 55.0)));
        // And back: the override applies again.
        assertEquals(List.of("tower_crane.moment warning raised 50.0"), send(shard, lowered, T0 + 3000, Map.of("moment_pct", 61.0)));
        assertEquals(List.of("tower_crane.moment alarm escalated 60.0"), send(shard, lowered, T0 + 4000, Map.of("moment_pct", 61.0)));
    }

    /**
     * With the device in the registry, the shard keeps what it read until the registry changes:
     * a params change made through the registry applies to the next sample.
     */
    @Test
    void aRegistryChangeReachesTheNextSample() throws Exception {
        RegistryCache registry = new RegistryCache();
        VirtualTime time = new VirtualTime(T0);
        AlarmEngine engine = new AlarmEngine(null, registry, null, bundled(),
                new AlarmMetrics(new SimpleMeterRegistry()), null, 1, 600_000, time, time);
        AlarmShard shard = new AlarmShard(0, engine);
        Device lowered = crane("S1", "{\"rules\":{\"tower_crane.moment\":{\"warning\":50,\"alarm\":60}}}");
        Device plain = crane("S1", "{}");
        RegistryCacheAccess.put(registry, lowered);
        send(shard, plain, T0, Map.of("moment_pct", 55.0));
        assertEquals(List.of("tower_crane.moment warning raised 50.0"), send(shard, plain, T0 + 1000, Map.of("moment_pct", 55.0)),
                "the registry's entry wins over the one the message was read with");
        RegistryCacheAccess.put(registry, plain);
        assertEquals(List.of("tower_crane.moment warning cleared 50.0"), send(shard, lowered, T0 + 2000, Map.of("moment_pct", 55.0)),
                "the changed entry applies to the next sample");
    }

    @Test
    void aRaisedAlarmCarriesTheDevicesCurrentSite() throws Exception {
        AlarmShard shard = shard(bundled());
        Device first = crane("S1", "{}");
        send(shard, first, T0, Map.of("moment_pct", 95.0));
        List<AlarmChange> raised = sendChanges(shard, first, T0 + 1000, Map.of("moment_pct", 95.0));
        assertEquals("S1", raised.get(0).alarm().siteId());
        send(shard, first, T0 + 2000, Map.of("moment_pct", 10.0));
        assertEquals("cleared", sendChanges(shard, first, T0 + 3000, Map.of("moment_pct", 10.0)).get(0).transition().code());
        Device moved = crane("S2", "{}");
        send(shard, moved, T0 + 4000, Map.of("moment_pct", 95.0));
        raised = sendChanges(shard, moved, T0 + 5000, Map.of("moment_pct", 95.0));
        assertEquals("S2", raised.get(0).alarm().siteId(), "the subject is not cached across a registry change");
    }

    @Test
    void aRulesReloadAppliesToTheNextSample() throws Exception {
        Path file = dir.resolve("rules.yaml");
        String rule = "rules:\n  - {id: tower_crane.moment, deviceKind: tower_crane, type: threshold, metric: moment_pct, "
                + "warning: %s, alarm: %s, source: test}\n";
        Files.writeString(file, rule.formatted(90, 100));
        RuleSource source = new RuleSource(new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH)), file);
        AlarmShard shard = shard(source);
        Device d = crane("S1", "{}");
        assertEquals(List.of(), send(shard, d, T0, Map.of("moment_pct", 70.0)));
        Files.writeString(file, rule.formatted(60, 80));
        source.reload();
        assertEquals(List.of("tower_crane.moment warning raised 60.0"), send(shard, d, T0 + 1000, Map.of("moment_pct", 70.0)));
    }

    @Test
    void detailsAreWrittenWhenAnAlarmIsRaisedOrEscalated() throws Exception {
        AlarmShard shard = shard(bundled());
        // Levels set on the device: the bundled crane wind rule now alarms from 10.8 m/s (六级) with a warning from 8.0.
        Device d = crane("S1", "{\"rules\":{\"tower_crane.wind\":{\"warning\":10.8,\"alarm\":13.8}}}");
        // Wind: the one-minute mean crosses 10.8 (warning), then 13.8 (alarm); judged at most once a second.
        List<AlarmChange> changes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            changes.addAll(sendChanges(shard, d, T0 + i * 1000L, Map.of("wind_ms", i < 20 ? 11.0 : 20.0, "load_t", 1.5)));
        }
        List<String> details = changes.stream().map(c -> c.alarm().rule() + " " + c.transition().code() + ": "
                + c.alarm().detail()).toList();
        assertEquals(List.of(
                "tower_crane.no_operator raised: operating (load_t 1.5) with no valid operator logged in",
                "tower_crane.wind raised: mean 1 min wind_ms 11.0 ≥ 10.8",
                "tower_crane.wind escalated: mean 1 min wind_ms 14.0 ≥ 13.8"), details);
        // The open alarm keeps the detail it was escalated with and takes the worst mean until it clears.
        List<AlarmChange> cleared = new ArrayList<>();
        for (int i = 40; i < 120 && cleared.isEmpty(); i++) {
            cleared.addAll(sendChanges(shard, d, T0 + i * 1000L, Map.of("wind_ms", 5.0)));
        }
        assertEquals("cleared", cleared.get(0).transition().code());
        assertEquals("mean 1 min wind_ms 14.0 ≥ 13.8", cleared.get(0).alarm().detail());
        assertEquals(15.5, cleared.get(0).alarm().value());
    }

    /** rules.yaml: tower_crane.no_operator clears after 5 minutes without operation (load_t ≤ 0.2 t). */
    @Test
    void operatingWithoutAnOperatorClearsAfterFiveIdleMinutes() throws Exception {
        AlarmShard shard = shard(bundled());
        Device d = crane("S1", "{}");
        assertEquals(List.of("tower_crane.no_operator alarm raised 0.2"), send(shard, d, T0, Map.of("load_t", 1.5)));
        assertEquals(List.of(), send(shard, d, T0 + 60_000, Map.of("load_t", 0.0)));
        assertEquals(List.of(), send(shard, d, T0 + 299_000, Map.of("load_t", 0.0)), "idle 4 min 59 s: still open");
        assertEquals(List.of("tower_crane.no_operator alarm cleared 0.2"), send(shard, d, T0 + 300_000, Map.of("load_t", 0.0)));
    }

    private static RuleSource bundled() throws Exception {
        return new RuleSource(new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH)), null);
    }
}

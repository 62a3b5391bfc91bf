package io.sitewatch.alarms.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.testsupport.TestSchema;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.port.TelemetryHistory;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.testkit.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The state a restart resumes from, read through the ingest module's ports (here stand-ins). */
class StateLoaderTest {

    @Test
    void replaysEveryRuleMetricOverItsHorizonAndTheLatestOperatorEventOfEachMachine() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        TestSchema.migrate(ds);
        RuleSet rules = new RuleSource(new RuleLoader(WireProtocol.v1(), java.time.InstantSource.fixed(java.time.Instant.EPOCH)), null).current();

        Map<String, Duration> asked = new HashMap<>();
        TelemetryHistory history = (metrics, lookback, sink) -> {
            for (String m : metrics) {
                assertEquals(null, asked.put(m, lookback), m + " asked twice");
            }
            if (metrics.contains("moment_pct")) {
                sink.sample("TC1", "moment_pct", 3_000, 93);
                sink.sample("TC2", "moment_pct", 1_000, 50);
                sink.sample("TC1", "moment_pct", 2_000, 92);
            }
        };
        List<Duration> operatorLookbacks = new ArrayList<>();
        DeviceEvents events = new DeviceEvents() {
            @Override
            public List<Event> ofSite(String siteId, Set<String> types, Instant from, Instant to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<OperatorEvent> latestOperatorEvents(Duration lookback) {
                operatorLookbacks.add(lookback);
                return List.of(new OperatorEvent("TC1", true, "C1", Instant.ofEpochMilli(5_000)),
                        new OperatorEvent("TC2", false, null, Instant.ofEpochMilli(6_000)));
            }
        };

        StateLoader.Snapshot snap = new StateLoader(new AlarmStore(ds), history, events).load(rules);

        Collection<String> ruleMetrics = rules.rules().stream().filter(r -> r.metric() != null && r.type().isMetricRule())
                .map(r -> r.metric()).distinct().toList();
        assertTrue(ruleMetrics.contains("moment_pct"));
        assertEquals(Set.copyOf(ruleMetrics), asked.keySet());
        for (String m : ruleMetrics) {
            assertEquals(Duration.ofMillis(Math.max(rules.horizonMs(m), StateLoader.MIN_REPLAY_MS)), asked.get(m), m);
        }
        assertEquals(List.of(new StateLoader.Sample("moment_pct", 2_000, 92), new StateLoader.Sample("moment_pct", 3_000, 93)),
                snap.samples().get("TC1"));
        assertEquals(List.of(new StateLoader.Sample("moment_pct", 1_000, 50)), snap.samples().get("TC2"));
        assertEquals(List.of(Duration.ofDays(2)), operatorLookbacks);
        assertEquals(Map.of("TC1", new StateLoader.OperatorSession("C1", true, 5_000),
                "TC2", new StateLoader.OperatorSession(null, false, 6_000)), snap.operators());
        assertEquals(List.of(), snap.open());
        assertEquals(Map.of(), snap.lastSeen());
    }

    /**
     * An hour of a busy crane is not held whole: of what the lookback returns only the samples
     * within the metric's horizon of its newest one are kept, and for a slow device its last
     * few. Held whole, an hour of 1,000 cranes at 5 Hz killed a restart with OutOfMemoryError.
     */
    @Test
    void keepsOnlyWhatTheWindowsCanUse() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        TestSchema.migrate(ds);
        RuleSet rules = new RuleSource(new RuleLoader(WireProtocol.v1(), java.time.InstantSource.fixed(java.time.Instant.EPOCH)), null).current();
        long horizon = rules.horizonMs("moment_pct");
        assertTrue(horizon > 0 && horizon < StateLoader.MIN_REPLAY_MS);
        int hourAt5Hz = 18_000;
        TelemetryHistory history = (metrics, lookback, sink) -> {
            if (metrics.contains("moment_pct")) {
                for (int i = 0; i < hourAt5Hz; i++) {
                    sink.sample("BUSY", "moment_pct", i * 200L, i % 100);
                }
                // A slow device: three samples twenty minutes apart, out of order.
                sink.sample("SLOW", "moment_pct", 2_400_000, 3);
                sink.sample("SLOW", "moment_pct", 0, 1);
                sink.sample("SLOW", "moment_pct", 1_200_000, 2);
            }
        };
        DeviceEvents events = new DeviceEvents() {
            @Override
            public List<Event> ofSite(String siteId, Set<String> types, Instant from, Instant to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<OperatorEvent> latestOperatorEvents(Duration lookback) {
                return List.of();
            }
        };

        StateLoader.Snapshot snap = new StateLoader(new AlarmStore(ds), history, events).load(rules);

        List<StateLoader.Sample> busy = snap.samples().get("BUSY");
        long newest = (hourAt5Hz - 1) * 200L;
        assertEquals(newest, busy.get(busy.size() - 1).ts(), "the newest sample is kept");
        assertTrue(busy.stream().allMatch(x -> x.ts() >= newest - horizon), "nothing older than the horizon");
        assertEquals(horizon / 200 + 1, busy.size(), "every sample within the horizon");
        for (int i = 1; i < busy.size(); i++) {
            assertTrue(busy.get(i).ts() > busy.get(i - 1).ts(), "in ts order");
        }
        assertEquals(List.of(new StateLoader.Sample("moment_pct", 0, 1), new StateLoader.Sample("moment_pct", 1_200_000, 2),
                new StateLoader.Sample("moment_pct", 2_400_000, 3)), snap.samples().get("SLOW"));
    }
}

package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.port.TelemetryHistory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine needs to resume after a restart, read before intake opens: open alarms (they
 * stay open), when each device was last heard of, who is logged in at each machine, and the
 * stored samples of every window (replayed, so a sustain or mean window that was half full
 * before the restart is half full after it; nothing is raised twice because the open alarms are
 * known). The samples and operator events are the ingest module's, read through its ports; the
 * composition root hands over their implementations.
 */
public final class StateLoader {

    record Sample(String metric, long ts, double value) {
    }

    record OperatorSession(String certNo, boolean loggedIn, long ts) {
    }

    record Snapshot(List<Alarm> open, Map<String, Long> lastSeen, Map<String, List<Sample>> samples,
                    Map<String, OperatorSession> operators) {
    }

    /** At least this much is replayed, so sample-count windows of slow devices are refilled too. */
    static final long MIN_REPLAY_MS = 3_600_000L;

    /** How far back the latest operator login or logout of a machine is looked for. */
    static final Duration OPERATOR_LOOKBACK = Duration.ofDays(2);

    private final AlarmStore store;
    private final TelemetryHistory telemetry;
    private final DeviceEvents events;

    public StateLoader(AlarmStore store, TelemetryHistory telemetry, DeviceEvents events) {
        this.store = store;
        this.telemetry = telemetry;
        this.events = events;
    }

    Snapshot load(RuleSet rules) throws SQLException {
        List<Alarm> open = store.open();
        Map<String, Long> seen = store.lastSeen();
        Map<String, List<Sample>> samples = new HashMap<>();
        Map<Long, List<String>> metricsByHorizon = new TreeMap<>();
        rules.rules().stream().filter(r -> r.metric() != null && r.type().isMetricRule()).map(r -> r.metric()).distinct()
                .forEach(m -> metricsByHorizon.computeIfAbsent(Math.max(rules.horizonMs(m), MIN_REPLAY_MS),
                        h -> new ArrayList<>()).add(m));
        for (Map.Entry<Long, List<String>> e : metricsByHorizon.entrySet()) {
            telemetry.samplesSince(e.getValue(), Duration.ofMillis(e.getKey()), (deviceId, metric, ts, value) ->
                    samples.computeIfAbsent(deviceId, d -> new ArrayList<>()).add(new Sample(metric, ts, value)));
        }
        Map<String, OperatorSession> operators = new HashMap<>();
        for (DeviceEvents.OperatorEvent o : events.latestOperatorEvents(OPERATOR_LOOKBACK)) {
            operators.put(o.deviceId(), new OperatorSession(o.certNo(), o.login(), o.ts().toEpochMilli()));
        }
        samples.values().forEach(l -> l.sort((a, b) -> Long.compare(a.ts(), b.ts())));
        return new Snapshot(open, seen, samples, operators);
    }
}

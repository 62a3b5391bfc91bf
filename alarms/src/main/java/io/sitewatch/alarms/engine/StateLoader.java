package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.port.DeviceStatuses;
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
 * stay open), when each device was last heard of, its latest status (a device powered down on
 * purpose stays off), who is logged in at each machine, and the
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
                    Map<String, OperatorSession> operators, Map<String, DeviceStatuses.Status> statuses) {

        Snapshot(List<Alarm> open, Map<String, Long> lastSeen, Map<String, List<Sample>> samples,
                 Map<String, OperatorSession> operators) {
            this(open, lastSeen, samples, operators, Map.of());
        }
    }

    /** At least this much is replayed, so sample-count windows of slow devices are refilled too. */
    static final long MIN_REPLAY_MS = 3_600_000L;

    /** How far back the latest operator login or logout of a machine is looked for. */
    static final Duration OPERATOR_LOOKBACK = Duration.ofDays(2);

    private final AlarmStore store;
    private final TelemetryHistory telemetry;
    private final DeviceEvents events;
    private final DeviceStatuses statuses;

    public StateLoader(AlarmStore store, TelemetryHistory telemetry, DeviceEvents events) {
        this(store, telemetry, events, DeviceStatuses.NONE);
    }

    /** With the latest status of each device, so a device powered down on purpose is still off after a restart. */
    public StateLoader(AlarmStore store, TelemetryHistory telemetry, DeviceEvents events, DeviceStatuses statuses) {
        this.store = store;
        this.telemetry = telemetry;
        this.events = events;
        this.statuses = statuses;
    }

    Snapshot load(RuleSet rules) throws SQLException {
        List<Alarm> open = store.open();
        Map<String, Long> seen = store.lastSeen();
        Map<String, List<Sample>> samples = new HashMap<>();
        Map<Long, List<String>> metricsByHorizon = new TreeMap<>();
        // Each metric rule's own metric, and its conditions' (a tower's tilt is judged only while
        // its load and wind say it is idle and calm, over the window before the restart too).
        rules.rules().stream().filter(r -> r.metric() != null && r.type().isMetricRule())
                .flatMap(r -> java.util.stream.Stream.concat(java.util.stream.Stream.of(r.metric()),
                        r.when().stream().map(io.sitewatch.alarms.rule.AlarmRule.Condition::metric))).distinct()
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
        Map<String, DeviceStatuses.Status> latest = new HashMap<>();
        for (DeviceStatuses.Status s : statuses.latest()) {
            latest.put(s.deviceId(), s);
        }
        return new Snapshot(open, seen, samples, operators, latest);
    }
}

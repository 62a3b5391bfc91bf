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
        ReplayWindows windows = new ReplayWindows(rules);
        for (Map.Entry<Long, List<String>> e : metricsByHorizon.entrySet()) {
            telemetry.samplesSince(e.getValue(), Duration.ofMillis(e.getKey()), windows::add);
        }
        windows.drainInto(samples);
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

    /**
     * What the replay keeps of each (device, metric): the samples within the metric's horizon of
     * its newest sample (the longest window of any rule that reads the metric, as its own metric
     * or in a condition) and, older than that, only the last {@code keepLast} (the most samples any
     * rule counts), for slow devices. Everything else the lookback returns is dropped as it
     * arrives: an hour of a large fleet held whole did not fit in the heap (a restart after a
     * crash died in the replay with 1,000 cranes at 5 Hz; docs/reliability.md).
     */
    static final class ReplayWindows {
        private final Map<String, Long> horizonByMetric = new HashMap<>();
        private final int keepLast;
        private final Map<String, Map<String, Kept>> byDevice = new HashMap<>();

        ReplayWindows(RuleSet rules) {
            int most = 1;
            for (io.sitewatch.alarms.rule.AlarmRule r : rules.rules()) {
                if (r.metric() == null || !r.type().isMetricRule()) {
                    continue;
                }
                long h = r.horizonMs();
                horizonByMetric.merge(r.metric(), Math.max(h, rules.horizonMs(r.metric())), Math::max);
                for (io.sitewatch.alarms.rule.AlarmRule.Condition c : r.when()) {
                    horizonByMetric.merge(c.metric(), h, Math::max);
                }
                most = Math.max(most, Math.max(r.minSamples(), Math.max(r.sustain().samples(), r.clear().samples())));
            }
            // One more: a median or a condition also needs the sample before its window.
            this.keepLast = most + 1;
        }

        void add(String deviceId, String metric, long ts, double value) {
            byDevice.computeIfAbsent(deviceId, d -> new HashMap<>())
                    .computeIfAbsent(metric, m -> new Kept(m, horizonByMetric.getOrDefault(m, 0L), keepLast))
                    .add(ts, value);
        }

        void drainInto(Map<String, List<Sample>> samples) {
            for (Map.Entry<String, Map<String, Kept>> d : byDevice.entrySet()) {
                List<Sample> all = samples.computeIfAbsent(d.getKey(), k -> new ArrayList<>());
                for (Kept k : d.getValue().values()) {
                    k.prune();
                    all.addAll(k.list);
                }
            }
            byDevice.clear();
        }
    }

    /** One (device, metric)'s samples, pruned whenever the list has doubled since the last pruning. */
    private static final class Kept {
        /** One copy of the name for all of this metric's samples (the driver makes a new string per row). */
        private final String metric;
        private final long horizonMs;
        private final int keepLast;
        private List<Sample> list = new ArrayList<>();
        private int pruneAt;

        Kept(String metric, long horizonMs, int keepLast) {
            this.metric = metric;
            this.horizonMs = horizonMs;
            this.keepLast = keepLast;
            this.pruneAt = Math.max(64, 2 * keepLast);
        }

        void add(long ts, double value) {
            list.add(new Sample(metric, ts, value));
            if (list.size() >= pruneAt) {
                prune();
                pruneAt = Math.max(pruneAt, 2 * list.size());
            }
        }

        /** Samples may come in any order: sorted here, the newest decides what is within the horizon. */
        void prune() {
            list.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            long newest = list.isEmpty() ? 0 : list.get(list.size() - 1).ts();
            int from = 0;
            while (from < list.size() - keepLast && list.get(from).ts() < newest - horizonMs) {
                from++;
            }
            if (from > 0) {
                list = new ArrayList<>(list.subList(from, list.size()));
            }
        }
    }
}

package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.state.Alarm;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What the engine needs to resume after a restart, read before intake opens: open alarms (they
 * stay open), when each device was last heard of, who is logged in at each machine, and the
 * stored samples of every window (replayed, so a sustain or mean window that was half full
 * before the restart is half full after it; nothing is raised twice because the open alarms are
 * known).
 */
final class StateLoader {

    record Sample(String metric, long ts, double value) {
    }

    record OperatorSession(String certNo, boolean loggedIn, long ts) {
    }

    record Snapshot(List<Alarm> open, Map<String, Long> lastSeen, Map<String, List<Sample>> samples,
                    Map<String, OperatorSession> operators) {
    }

    /** At least this much is replayed, so sample-count windows of slow devices are refilled too. */
    static final long MIN_REPLAY_MS = 3_600_000L;

    private final DataSource ds;
    private final AlarmStore store;

    StateLoader(DataSource ds, AlarmStore store) {
        this.ds = ds;
        this.store = store;
    }

    Snapshot load(RuleSet rules) throws SQLException {
        List<Alarm> open = store.open();
        Map<String, Long> seen = store.lastSeen();
        Map<String, List<Sample>> samples = new HashMap<>();
        Map<Long, List<String>> metricsByHorizon = new TreeMap<>();
        rules.rules().stream().filter(r -> r.metric() != null && r.type().isMetricRule()).map(r -> r.metric()).distinct()
                .forEach(m -> metricsByHorizon.computeIfAbsent(Math.max(rules.horizonMs(m), MIN_REPLAY_MS),
                        h -> new ArrayList<>()).add(m));
        try (Connection c = ds.getConnection()) {
            for (Map.Entry<Long, List<String>> e : metricsByHorizon.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT device_id, metric, ts, value FROM telemetry "
                        + "WHERE metric = ANY(?) AND ts >= now() - make_interval(secs => ?) AND ts <= now() + interval '5 minutes' "
                        + "ORDER BY ts")) {
                    Array metrics = c.createArrayOf("text", e.getValue().toArray());
                    ps.setArray(1, metrics);
                    ps.setDouble(2, e.getKey() / 1000.0);
                    ps.setFetchSize(10_000);
                    c.setAutoCommit(false);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            samples.computeIfAbsent(rs.getString(1), d -> new ArrayList<>()).add(new Sample(rs.getString(2),
                                    rs.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getDouble(4)));
                        }
                    }
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            Map<String, OperatorSession> operators = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT DISTINCT ON (device_id) device_id, type, data ->> 'cert_no', ts FROM device_event
                    WHERE type IN ('operator_login', 'operator_logout') AND ts >= now() - interval '2 days'
                    ORDER BY device_id, ts DESC""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    operators.put(rs.getString(1), new OperatorSession(rs.getString(3), "operator_login".equals(rs.getString(2)),
                            rs.getObject(4, OffsetDateTime.class).toInstant().toEpochMilli()));
                }
            }
            samples.values().forEach(l -> l.sort((a, b) -> Long.compare(a.ts(), b.ts())));
            return new Snapshot(open, seen, samples, operators);
        }
    }
}

package io.sitewatch.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the fault loop checks in the database (read-only SQL on the run's own database): which
 * acknowledged messages are stored, whether any is stored twice, and the alarms of the overload
 * probes. Stored rows are found by (device, ts) and mapped back to the message that carried that
 * ts ({@link FaultStream#seqOf}); each scan reads only rows from the oldest acknowledged message
 * not yet found, so a check during the run stays cheap.
 */
final class FaultLedger {

    static final String PROBE_RULE = "tower_crane.moment";

    private final String jdbcUrl;
    private final List<FaultStream> streams;
    private final Map<FaultStream.Kind, Map<String, FaultStream>> byKind = new HashMap<>();
    private final Set<String> unexpected = new HashSet<>();
    private Connection connection;

    FaultLedger(String jdbcUrl, List<FaultStream> streams) {
        this.jdbcUrl = jdbcUrl;
        this.streams = streams;
        for (FaultStream s : streams) {
            // Probe samples are telemetry too: both kinds are found in the telemetry table.
            FaultStream.Kind k = s.kind == FaultStream.Kind.PROBE ? FaultStream.Kind.TELEMETRY : s.kind;
            byKind.computeIfAbsent(k, x -> new HashMap<>()).put(s.deviceId, s);
        }
    }

    /** Acknowledged and found stored, acknowledged and not (yet) found, rows no message explains. */
    record Counts(long acked, long stored, long missing, long unexpected) {
    }

    /** Reads what was stored since the oldest acknowledged message not yet found, and counts. */
    synchronized Counts scan() throws SQLException {
        for (var e : byKind.entrySet()) {
            long from = Long.MAX_VALUE;
            for (FaultStream s : e.getValue().values()) {
                BitSet missing = s.ackedNotStored();
                int first = missing.nextSetBit(0);
                if (first >= 0) {
                    from = Math.min(from, s.ts(first));
                }
            }
            if (from == Long.MAX_VALUE) {
                continue;
            }
            String sql = switch (e.getKey()) {
                case TELEMETRY, PROBE -> "SELECT k.device_id, (extract(epoch FROM s.ts) * 1000)::bigint FROM telemetry_sample s "
                        + "JOIN device_key k ON k.no = s.device_no WHERE s.ts >= to_timestamp(?::double precision / 1000)";
                case EVENT -> "SELECT device_id, (extract(epoch FROM ts) * 1000)::bigint FROM device_event "
                        + "WHERE type = 'clock_in' AND ts >= to_timestamp(?::double precision / 1000)";
                case STATUS -> "SELECT device_id, (extract(epoch FROM ts) * 1000)::bigint FROM device_status "
                        + "WHERE device_clock AND ts >= to_timestamp(?::double precision / 1000)";
            };
            Map<String, FaultStream> devices = e.getValue();
            try (PreparedStatement ps = connection().prepareStatement(sql)) {
                ps.setFetchSize(50_000);
                ps.setLong(1, from - 1);
                connection.setAutoCommit(false);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String device = rs.getString(1);
                        long ts = rs.getLong(2);
                        FaultStream s = devices.get(device);
                        if (s == null || !s.foundStored(ts)) {
                            unexpected.add(e.getKey() + "/" + device + "/" + ts);
                        }
                    }
                } finally {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
        }
        long acked = 0;
        long stored = 0;
        long missing = 0;
        for (FaultStream s : streams) {
            acked += s.ackedCount();
            missing += s.ackedNotStored().cardinality();
            stored += s.storedCount();
        }
        return new Counts(acked, stored, missing, unexpected.size());
    }

    /**
     * Of the messages acknowledged in {@code snapshot} (per stream), how many are not yet found
     * stored: the check after a fault waits for this to reach 0.
     */
    long missingOf(Map<FaultStream, BitSet> snapshot) {
        long n = 0;
        for (var e : snapshot.entrySet()) {
            BitSet b = (BitSet) e.getValue().clone();
            FaultStream s = e.getKey();
            for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                if (!s.isStored(i)) {
                    n++;
                }
            }
        }
        return n;
    }

    Map<FaultStream, BitSet> ackedSnapshot() {
        Map<FaultStream, BitSet> m = new LinkedHashMap<>();
        for (FaultStream s : streams) {
            m.put(s, s.ackedSnapshot());
        }
        return m;
    }

    /** Rows stored more than once under the message key (device, ts) in each table. */
    Map<String, Long> duplicates() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("telemetry", one("SELECT count(*) - count(DISTINCT (device_no, ts)) FROM telemetry_sample"));
        out.put("events", one("SELECT count(*) - count(DISTINCT (device_id, ts)) FROM device_event WHERE type = 'clock_in'"));
        out.put("status", one("SELECT count(*) - count(DISTINCT (device_id, ts)) FROM device_status WHERE device_clock"));
        return out;
    }

    /** The probes' alarms against their overload sequences. */
    record Alarms(long expected, long raised, long lost, long duplicated, long unexpected, Map<String, Long> otherAlarms,
                  List<String> details) {
    }

    /**
     * Each overload sequence whose four samples are stored must have raised exactly one
     * {@value #PROBE_RULE} alarm (one {@code raised} transition), started at one of its samples;
     * {@code otherAlarms}: every other alarm by rule (the background is built to raise none).
     */
    synchronized Alarms alarms() throws SQLException {
        Map<String, FaultStream> probes = new HashMap<>();
        for (FaultStream s : streams) {
            if (s.kind == FaultStream.Kind.PROBE) {
                probes.put(s.deviceId, s);
            }
        }
        Map<String, Integer> alarmsPerSequence = new HashMap<>();
        long duplicated = 0;
        long unexpectedAlarms = 0;
        Map<String, Long> other = new TreeMap<>();
        List<String> details = new ArrayList<>();
        Map<String, String> describe = new HashMap<>();
        try (Statement st = connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT a.device_id, a.rule, (extract(epoch FROM a.start_ts) * 1000)::bigint, "
                     + "(SELECT count(*) FROM alarm_event e WHERE e.alarm_id = a.id AND e.transition = 'raised'), a.id, a.state, "
                     + "a.level, a.value, (extract(epoch FROM a.end_ts) * 1000)::bigint FROM alarm a ORDER BY a.start_ts")) {
            while (rs.next()) {
                String text = rs.getString(5) + " " + rs.getString(1) + " " + rs.getString(2) + " start_ts " + rs.getLong(3)
                        + " end_ts " + rs.getString(9) + " " + rs.getString(6) + " " + rs.getString(7) + " value " + rs.getString(8)
                        + " raised×" + rs.getLong(4);
                FaultStream s = probes.get(rs.getString(1));
                if (s == null || !PROBE_RULE.equals(rs.getString(2))) {
                    other.merge(rs.getString(2), 1L, Long::sum);
                    details.add("other: " + text);
                    continue;
                }
                int seq = s.seqOf(rs.getLong(3));
                if (seq < 0) {
                    unexpectedAlarms++;
                    details.add("start_ts of no probe sample: " + text);
                    continue;
                }
                String key = s.deviceId + "/" + seq / FaultStream.PROBE_SEQUENCE;
                if (alarmsPerSequence.merge(key, 1, Integer::sum) > 1) {
                    details.add("second alarm of sequence " + key + ": " + text + " (first: " + describe.get(key) + ")");
                }
                describe.putIfAbsent(key, text);
                if (rs.getLong(4) > 1) {
                    details.add("raised more than once: " + text);
                }
                duplicated += Math.max(0, rs.getLong(4) - 1);
            }
        }
        long expected = 0;
        long raised = 0;
        long lost = 0;
        for (FaultStream s : probes.values()) {
            for (int start = 0; start < s.published(); start += FaultStream.PROBE_SEQUENCE) {
                boolean complete = start + FaultStream.PROBE_SEQUENCE <= s.published();
                for (int i = start; complete && i < start + FaultStream.PROBE_SEQUENCE; i++) {
                    complete &= s.isStored(i);
                }
                Integer n = alarmsPerSequence.remove(s.deviceId + "/" + start / FaultStream.PROBE_SEQUENCE);
                if (n != null) {
                    raised++;
                    duplicated += n - 1;
                }
                if (n != null && !complete) {
                    details.add("alarm for sequence " + s.deviceId + "/" + start / FaultStream.PROBE_SEQUENCE
                            + " not (yet) stored whole: published " + s.published() + ", stored "
                            + java.util.stream.IntStream.range(start, Math.min(start + FaultStream.PROBE_SEQUENCE, s.published()))
                                    .filter(s::isStored).count() + " of its samples");
                }
                if (complete) {
                    expected++;
                    if (n == null) {
                        lost++;
                        details.add("no alarm for sequence " + s.deviceId + "/" + start / FaultStream.PROBE_SEQUENCE + " (ts "
                                + s.ts(start) + "…" + s.ts(start + FaultStream.PROBE_SEQUENCE - 1) + ")");
                    }
                }
            }
        }
        unexpectedAlarms += alarmsPerSequence.size();
        return new Alarms(expected, raised, lost, duplicated, unexpectedAlarms, other, details);
    }

    long one(String sql) throws SQLException {
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Lists the unexpected rows (at most {@code max}) for the report. */
    List<String> unexpectedSample(int max) {
        List<String> out = new ArrayList<>();
        for (String u : unexpected) {
            if (out.size() == max) {
                break;
            }
            out.add(u);
        }
        return out;
    }

    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(2)) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
            connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
            connection.setReadOnly(true);
        }
        return connection;
    }

    void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the run is over
        }
    }
}

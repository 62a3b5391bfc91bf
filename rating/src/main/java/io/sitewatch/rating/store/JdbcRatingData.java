package io.sitewatch.rating.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.rating.evidence.DeviceActivity;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.evidence.SiteFacts;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * {@link RatingData} over PostgreSQL. Presence and gaps come from the 1-minute rollup of one metric
 * per device (the one it reports most, chosen from the hourly rollup), folded into runs of
 * consecutive minutes in SQL, so 90 days of a device cost one index range scan and a few rows.
 */
public final class JdbcRatingData implements RatingData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource ds;

    public JdbcRatingData(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<SiteFacts> site(String siteId) {
        return query("SELECT site_id, name, region, timezone, cost_cny, start_date, end_date FROM site WHERE site_id = ?",
                ps -> ps.setString(1, siteId),
                rs -> new SiteFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                        rs.getString(6), rs.getString(7))).stream().findFirst();
    }

    @Override
    public List<RegisteredDevice> devices(String siteId) {
        return query("SELECT device_id, kind, period_s FROM device WHERE site_id = ? ORDER BY device_id",
                ps -> ps.setString(1, siteId), rs -> new RegisteredDevice(rs.getString(1), rs.getString(2), rs.getInt(3)));
    }

    @Override
    public DeviceActivity activity(String deviceId, Instant from, Instant to) {
        String metric = presenceMetric(deviceId, from, to);
        if (metric == null) {
            return DeviceActivity.silent();
        }
        // Gaps and islands: minutes minus their rank are constant within a run of consecutive
        // minutes. Only key columns are read (a rollup row exists only for a minute with samples),
        // so PostgreSQL answers from the primary-key index without visiting the table.
        List<DeviceActivity.Run> runs = query("""
                SELECT min(bucket), count(*) FROM (
                    SELECT bucket, bucket - (row_number() OVER (ORDER BY bucket)) * interval '1 minute' AS grp
                    FROM telemetry_1m WHERE device_id = ? AND metric = ? AND bucket >= ? AND bucket < ?) t
                GROUP BY grp ORDER BY 1""",
                ps -> {
                    ps.setString(1, deviceId);
                    ps.setString(2, metric);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> new DeviceActivity.Run(Math.floorDiv(rs.getTimestamp(1).getTime(), 60_000L), rs.getLong(2)));
        return new DeviceActivity(metric, runs, samples(deviceId, metric, from, to));
    }

    /** Samples in [from, to): whole hours from the hourly rollup, the ragged edges from the minute rollup. */
    private long samples(String deviceId, String metric, Instant from, Instant to) {
        long firstHour = Math.floorDiv(from.getEpochSecond() + 3599, 3600) * 3600;
        long lastHour = Math.floorDiv(to.getEpochSecond(), 3600) * 3600;
        if (lastHour <= firstHour) {
            return sum("telemetry_1m", deviceId, metric, from, to);
        }
        return sum("telemetry_1h", deviceId, metric, Instant.ofEpochSecond(firstHour), Instant.ofEpochSecond(lastHour))
                + sum("telemetry_1m", deviceId, metric, from, Instant.ofEpochSecond(firstHour))
                + sum("telemetry_1m", deviceId, metric, Instant.ofEpochSecond(lastHour), to);
    }

    private long sum(String table, String deviceId, String metric, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        return query("SELECT coalesce(sum(count), 0) FROM " + table + " WHERE device_id = ? AND metric = ? AND bucket >= ? AND bucket < ?",
                ps -> {
                    ps.setString(1, deviceId);
                    ps.setString(2, metric);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                }, rs -> rs.getLong(1)).get(0);
    }

    private String presenceMetric(String deviceId, Instant from, Instant to) {
        String sql = "SELECT metric FROM %s WHERE device_id = ? AND bucket >= ? AND bucket < ? GROUP BY metric ORDER BY sum(count) DESC, metric LIMIT 1";
        for (String table : new String[] {"telemetry_1h", "telemetry_1m"}) {
            Instant start = table.equals("telemetry_1h") ? Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), 3600) * 3600) : from;
            List<String> m = query(String.format(sql, table), ps -> {
                ps.setString(1, deviceId);
                ps.setTimestamp(2, Timestamp.from(start));
                ps.setTimestamp(3, Timestamp.from(to));
            }, rs -> rs.getString(1));
            if (!m.isEmpty()) {
                return m.get(0);
            }
        }
        return null;
    }

    @Override
    public List<AlarmFact> alarms(String siteId, Instant from, Instant to) {
        return query("SELECT id, start_ts, ack_ts FROM alarm WHERE site_id = ? AND start_ts >= ? AND start_ts < ? ORDER BY start_ts",
                ps -> {
                    ps.setString(1, siteId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                },
                rs -> new AlarmFact(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()));
    }

    @Override
    public List<EventFact> events(String siteId, Set<String> types, Instant from, Instant to) {
        return query("SELECT device_id, ts, type, data::text FROM device_event WHERE site_id = ? AND type = ANY(?) AND ts >= ? AND ts < ? ORDER BY ts",
                ps -> {
                    ps.setString(1, siteId);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", types.toArray()));
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> new EventFact(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), readJson(rs.getString(4))));
    }

    @Override
    public Set<LocalDate> activeDays(String siteId, Instant from, Instant to, ZoneId zone) {
        List<LocalDate> days = query("""
                SELECT DISTINCT (h.bucket AT TIME ZONE ?)::date FROM telemetry_1h h
                JOIN device d ON d.device_id = h.device_id
                WHERE d.site_id = ? AND h.bucket >= ? AND h.bucket < ? AND h.count > 0""",
                ps -> {
                    ps.setString(1, zone.getId());
                    ps.setString(2, siteId);
                    ps.setTimestamp(3, Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), 3600) * 3600)));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> rs.getObject(1, LocalDate.class));
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        Set<LocalDate> inWindow = new TreeSet<>();
        days.stream().filter(d -> !d.isBefore(first) && !d.isAfter(last)).forEach(inWindow::add);
        return inWindow;
    }

    @Override
    public Map<String, CertFact> certificates(Collection<String> certNos) {
        Map<String, CertFact> out = new HashMap<>();
        query("SELECT cert_no, kind, valid_from, valid_to FROM operator_cert WHERE cert_no = ANY(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", certNos.toArray())),
                rs -> new CertFact(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class)))
                .forEach(c -> out.put(c.certNo(), c));
        return out;
    }

    @Override
    public Map<String, ManualEntry> manualEntries(String siteId) {
        Map<String, ManualEntry> out = new HashMap<>();
        List<Object[]> rows = query("SELECT key, value, comment, attachment_sha256, updated_by, updated_at FROM manual_evidence WHERE site_id = ?",
                ps -> ps.setString(1, siteId),
                rs -> new Object[] {rs.getString(1), new ManualEntry(rs.getDouble(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant().toEpochMilli())});
        rows.forEach(r -> out.put((String) r[0], (ManualEntry) r[1]));
        return out;
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String s) throws SQLException {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new SQLException("unreadable event data: " + e.getMessage(), e);
        }
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Row<T> row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("rating data query failed: " + e.getMessage(), e);
        }
    }
}

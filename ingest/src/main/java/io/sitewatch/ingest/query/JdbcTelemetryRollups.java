package io.sitewatch.ingest.query;

import io.sitewatch.core.port.TelemetryRollups;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * {@link TelemetryRollups} over {@code telemetry_1m} and {@code telemetry_1h} (plain tables or
 * TimescaleDB continuous aggregates, same columns). Runs of minutes are folded in SQL, so 90 days
 * of a device cost one index range scan and a few rows.
 */
public final class JdbcTelemetryRollups implements TelemetryRollups {

    /**
     * Gaps and islands: minutes minus their rank are constant within a run of consecutive minutes.
     * Only key columns are read (a rollup row exists only for a minute with samples), so PostgreSQL
     * answers from the primary-key index without visiting the table.
     */
    static final String RUNS_SQL = """
            SELECT min(bucket), count(*) FROM (
                SELECT bucket, bucket - (row_number() OVER (ORDER BY bucket)) * interval '1 minute' AS grp
                FROM telemetry_1m WHERE device_id = ? AND metric = ? AND bucket >= ? AND bucket < ?) t
            GROUP BY grp ORDER BY 1""";

    private final DataSource ds;

    public JdbcTelemetryRollups(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<String> mostReportedMetric(String deviceId, Instant from, Instant to) {
        String sql = "SELECT metric FROM %s WHERE device_id = ? AND bucket >= ? AND bucket < ? GROUP BY metric ORDER BY sum(count) DESC, metric LIMIT 1";
        for (String table : new String[] {"telemetry_1h", "telemetry_1m"}) {
            Instant start = table.equals("telemetry_1h") ? Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), 3600) * 3600) : from;
            List<String> m = Rows.query(ds, "rollup", String.format(sql, table), ps -> {
                ps.setString(1, deviceId);
                ps.setTimestamp(2, Timestamp.from(start));
                ps.setTimestamp(3, Timestamp.from(to));
            }, rs -> rs.getString(1));
            if (!m.isEmpty()) {
                return Optional.of(m.get(0));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<MinuteRun> minuteRuns(String deviceId, String metric, Instant from, Instant to) {
        return Rows.query(ds, "rollup", RUNS_SQL,
                ps -> {
                    ps.setString(1, deviceId);
                    ps.setString(2, metric);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> new MinuteRun(Math.floorDiv(rs.getTimestamp(1).getTime(), 60_000L), rs.getLong(2)));
    }

    @Override
    public long sampleCount(String deviceId, String metric, Instant from, Instant to) {
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
        return Rows.query(ds, "rollup",
                "SELECT coalesce(sum(count), 0) FROM " + table + " WHERE device_id = ? AND metric = ? AND bucket >= ? AND bucket < ?",
                ps -> {
                    ps.setString(1, deviceId);
                    ps.setString(2, metric);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                }, rs -> rs.getLong(1)).get(0);
    }

    @Override
    public Set<LocalDate> activeDays(Collection<String> deviceIds, Instant from, Instant to, ZoneId zone) {
        Set<LocalDate> inWindow = new TreeSet<>();
        if (deviceIds.isEmpty()) {
            return inWindow;
        }
        List<LocalDate> days = Rows.query(ds, "rollup", """
                SELECT DISTINCT (bucket AT TIME ZONE ?)::date FROM telemetry_1h
                WHERE device_id = ANY(?) AND bucket >= ? AND bucket < ? AND count > 0""",
                ps -> {
                    ps.setString(1, zone.getId());
                    ps.setArray(2, ps.getConnection().createArrayOf("text", deviceIds.toArray()));
                    ps.setTimestamp(3, Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), 3600) * 3600)));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> rs.getObject(1, LocalDate.class));
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        days.stream().filter(d -> !d.isBefore(first) && !d.isAfter(last)).forEach(inWindow::add);
        return inWindow;
    }
}

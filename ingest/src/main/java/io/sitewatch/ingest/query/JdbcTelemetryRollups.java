package io.sitewatch.ingest.query;

import io.sitewatch.core.port.TelemetryRollups;
import io.sitewatch.ingest.store.IngestSchema;
import io.sitewatch.ingest.store.StorageMode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@link TelemetryRollups} over {@code telemetry_1m} and {@code telemetry_1h} (plain tables or
 * TimescaleDB continuous aggregates, same columns). Runs of minutes are folded in SQL, so 90 days
 * of a device cost one index range scan and a few rows.
 *
 * <p><b>Minutes not rolled up yet</b> (plain PostgreSQL): a minute listed in {@code rollup_pending}
 * has samples its rollup rows do not show yet (fresh data, late data, an uploaded backlog). Where
 * the question's window holds such minutes, the answer takes them from the samples themselves
 * ({@code telemetry_sample}, by its key {@code (device_no, ts)}) instead of their rollup rows, in
 * the same statement and so the same snapshot, and is what the rollups will say once they have
 * run: whatever the rollup lags, readers never miss fresh or late data. It rests on how the rollup
 * works (PartitionedLayout): a batch stores its samples and lists their minutes in one
 * transaction, and a rollup round takes minutes off the list and rewrites their minute rows and
 * their hours' rows in one transaction, so in any snapshot a minute that is not listed is rolled
 * up with all its samples, and an hour's row is the sum of its minutes' rows. Hence every answer is
 * the rollups' answer corrected for the listed minutes: their rows taken out (the minute rows,
 * which the hour rows add up) and their samples put in. A window without listed minutes (one
 * look-up of the list's index) is answered from the rollups alone, as before.
 *
 * <p>On TimescaleDB the rollups are continuous aggregates created with
 * {@code materialized_only = false}: TimescaleDB itself answers the minutes after the last
 * refresh from the raw rows, but rows that arrive late for time already refreshed (or older than
 * the refresh policy's reach) are missing until the aggregate is refreshed again. That path is
 * unchanged here.
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

    /**
     * The pending minutes' span within [:lo, :hi) (two look-ups of the list's index), and the
     * samples of device :dev in the listed minutes of that span, counted per minute and metric set
     * (one range scan of the samples' key). Samples of minutes inside the span that are not listed
     * are read and dropped: rolled-up minutes among pending ones, which under a backlog are few.
     */
    private static final String PENDING_SAMPLES = """
            span AS (SELECT min(bucket) AS first, max(bucket) AS last FROM rollup_pending WHERE bucket >= :lo AND bucket < :hi),
            sets AS (
                SELECT g.bucket, g.metric_set, g.n FROM (
                    SELECT date_bin('1 minute', s.ts, TIMESTAMPTZ 'epoch') AS bucket, s.metric_set, count(*) AS n
                    FROM telemetry_sample s
                    WHERE s.device_no = (SELECT no FROM device_key WHERE device_id = :dev)
                      AND s.ts >= (SELECT first FROM span) AND s.ts < (SELECT last FROM span) + INTERVAL '1 minute'
                    GROUP BY 1, 2) g
                WHERE EXISTS (SELECT 1 FROM rollup_pending rp WHERE rp.bucket = g.bucket))""";

    /** The minute rollup rows of the listed minutes within the span, which the samples replace (one metric). */
    private static final String STALE_MINUTES_OF_METRIC = """
            SELECT t.bucket, t.count FROM telemetry_1m t
            WHERE t.device_id = :dev AND t.metric = :metric
              AND t.bucket >= (SELECT first FROM span) AND t.bucket <= (SELECT last FROM span)
              AND EXISTS (SELECT 1 FROM rollup_pending rp WHERE rp.bucket = t.bucket)""";

    /** The samples of the listed minutes that hold :metric, counted per minute. */
    private static final String RAW_MINUTES_OF_METRIC = """
            SELECT r.bucket, sum(r.n) AS count FROM sets r JOIN metric_set ms ON ms.id = r.metric_set
            WHERE (SELECT id FROM metric WHERE name = :metric) = ANY (ms.metric_ids)
            GROUP BY 1""";

    static final String PENDING_RUNS_SQL = """
            WITH %s
            SELECT min(bucket), count(*) FROM (
                SELECT bucket, bucket - (row_number() OVER (ORDER BY bucket)) * interval '1 minute' AS grp FROM (
                    SELECT bucket FROM telemetry_1m t
                    WHERE t.device_id = :dev AND t.metric = :metric AND t.bucket >= :lo AND t.bucket < :hi
                      AND NOT (t.bucket >= (SELECT first FROM span) AND t.bucket <= (SELECT last FROM span)
                               AND EXISTS (SELECT 1 FROM rollup_pending rp WHERE rp.bucket = t.bucket))
                    UNION ALL
                    SELECT bucket FROM (%s) r) b) t
            GROUP BY grp ORDER BY 1""".formatted(PENDING_SAMPLES, RAW_MINUTES_OF_METRIC);

    static final String PENDING_COUNT_SQL = """
            WITH %s
            SELECT (SELECT coalesce(sum(count), 0) FROM telemetry_1h WHERE device_id = :dev AND metric = :metric AND bucket >= :fh AND bucket < :lh)
                 + (SELECT coalesce(sum(count), 0) FROM telemetry_1m WHERE device_id = :dev AND metric = :metric AND bucket >= :lo AND bucket < :fh)
                 + (SELECT coalesce(sum(count), 0) FROM telemetry_1m WHERE device_id = :dev AND metric = :metric AND bucket >= :lh AND bucket < :hi)
                 - (SELECT coalesce(sum(count), 0) FROM (%s) stale)
                 + (SELECT coalesce(sum(count), 0) FROM (%s) r)""".formatted(PENDING_SAMPLES, STALE_MINUTES_OF_METRIC, RAW_MINUTES_OF_METRIC);

    /**
     * Per metric: the hourly rollup of the hours meeting [:from, :to), less the minute rows of the
     * listed minutes (looked up metric by metric: the key leads with the metric), plus their samples.
     */
    static final String PENDING_METRIC_SQL = """
            WITH %s,
            hours AS (SELECT metric, count FROM telemetry_1h WHERE device_id = :dev AND bucket >= :lo AND bucket < :to),
            stale AS (
                SELECT m.metric, t.count FROM (SELECT DISTINCT metric FROM hours) m
                CROSS JOIN LATERAL (SELECT t.count FROM telemetry_1m t
                    WHERE t.device_id = :dev AND t.metric = m.metric
                      AND t.bucket >= (SELECT first FROM span) AND t.bucket <= (SELECT last FROM span)
                      AND EXISTS (SELECT 1 FROM rollup_pending rp WHERE rp.bucket = t.bucket)) t),
            raw AS (
                SELECT m.name AS metric, r.n AS count
                FROM (SELECT metric_set, sum(n) AS n FROM sets GROUP BY 1) r
                JOIN metric_set ms ON ms.id = r.metric_set
                CROSS JOIN LATERAL unnest(ms.metric_ids) AS u (metric_id)
                JOIN metric m ON m.id = u.metric_id)
            SELECT metric FROM (
                SELECT metric, count FROM hours UNION ALL SELECT metric, -count FROM stale UNION ALL SELECT metric, count FROM raw) x
            GROUP BY metric HAVING sum(count) > 0 ORDER BY sum(count) DESC, metric LIMIT 1""".formatted(PENDING_SAMPLES);

    /** The hours (of the listed minutes in [:lo, :hi)) in which any of the devices :devs sent a sample. */
    static final String PENDING_HOURS_SQL = """
            WITH span AS (SELECT min(bucket) AS first, max(bucket) AS last FROM rollup_pending WHERE bucket >= :lo AND bucket < :hi)
            SELECT DISTINCT (date_bin('1 hour', g.bucket, TIMESTAMPTZ 'epoch') AT TIME ZONE :zone)::date FROM (
                SELECT DISTINCT date_bin('1 minute', s.ts, TIMESTAMPTZ 'epoch') AS bucket
                FROM telemetry_sample s
                WHERE s.device_no IN (SELECT no FROM device_key WHERE device_id = ANY (:devs))
                  AND s.ts >= (SELECT first FROM span) AND s.ts < (SELECT last FROM span) + INTERVAL '1 minute') g
            WHERE EXISTS (SELECT 1 FROM rollup_pending rp WHERE rp.bucket = g.bucket)""";

    private final DataSource ds;
    /** Whether this database lists minutes not rolled up yet (the plain layout); looked up once. */
    private volatile Boolean pendingList;

    public JdbcTelemetryRollups(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<String> mostReportedMetric(String deviceId, Instant from, Instant to) {
        Instant lo = floorHour(from);
        Instant hi = ceilHour(to);
        if (anyPending(lo, hi)) {
            List<String> m = Named.query(ds, PENDING_METRIC_SQL, Map.of("dev", deviceId, "lo", lo, "hi", hi, "to", to),
                    rs -> rs.getString(1));
            if (!m.isEmpty()) {
                return Optional.of(m.get(0));
            }
        }
        String sql = "SELECT metric FROM %s WHERE device_id = ? AND bucket >= ? AND bucket < ? GROUP BY metric ORDER BY sum(count) DESC, metric LIMIT 1";
        for (String table : new String[] {"telemetry_1h", "telemetry_1m"}) {
            Instant start = table.equals("telemetry_1h") ? lo : from;
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
        if (anyPending(from, to)) {
            return Named.query(ds, PENDING_RUNS_SQL, Map.of("dev", deviceId, "metric", metric, "lo", from, "hi", to),
                    rs -> new MinuteRun(Math.floorDiv(rs.getTimestamp(1).getTime(), 60_000L), rs.getLong(2)));
        }
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
        if (!to.isAfter(from)) {
            return 0;
        }
        long firstHour = Math.floorDiv(from.getEpochSecond() + 3599, 3600) * 3600;
        long lastHour = Math.floorDiv(to.getEpochSecond(), 3600) * 3600;
        if (anyPending(from, to)) {
            // Without a whole hour the minute rollup alone: the hours' part and the second edge are empty.
            Instant fh = lastHour <= firstHour ? to : Instant.ofEpochSecond(firstHour);
            Instant lh = lastHour <= firstHour ? to : Instant.ofEpochSecond(lastHour);
            return Named.query(ds, PENDING_COUNT_SQL,
                    Map.of("dev", deviceId, "metric", metric, "lo", from, "hi", to, "fh", fh, "lh", lh), rs -> rs.getLong(1)).get(0);
        }
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
        Instant lo = floorHour(from);
        List<LocalDate> days = new ArrayList<>(Rows.query(ds, "rollup", """
                SELECT DISTINCT (bucket AT TIME ZONE ?)::date FROM telemetry_1h
                WHERE device_id = ANY(?) AND bucket >= ? AND bucket < ? AND count > 0""",
                ps -> {
                    ps.setString(1, zone.getId());
                    ps.setArray(2, ps.getConnection().createArrayOf("text", deviceIds.toArray()));
                    ps.setTimestamp(3, Timestamp.from(lo));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> rs.getObject(1, LocalDate.class)));
        // A listed minute adds its hour: rows only ever gain samples, so a day the rollups show stays.
        Instant hi = ceilHour(to);
        if (anyPending(lo, hi)) {
            days.addAll(Named.query(ds, PENDING_HOURS_SQL, Map.of("devs", deviceIds, "lo", lo, "hi", hi, "zone", zone.getId()),
                    rs -> rs.getObject(1, LocalDate.class)));
        }
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        days.stream().filter(d -> !d.isBefore(first) && !d.isAfter(last)).forEach(inWindow::add);
        return inWindow;
    }

    /**
     * Whether a minute in [from, to) waits in {@code rollup_pending} (one index look-up); always
     * false on TimescaleDB, whose aggregates keep no such list.
     */
    private boolean anyPending(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return false;
        }
        Boolean plain = pendingList;
        if (plain == null) {
            try {
                plain = IngestSchema.existingLayout(ds) == StorageMode.POSTGRES_PARTITIONED;
            } catch (SQLException e) {
                throw new IllegalStateException("rollup query failed: " + e.getMessage(), e);
            }
            pendingList = plain;
        }
        if (!plain) {
            return false;
        }
        return Rows.query(ds, "rollup", "SELECT EXISTS (SELECT 1 FROM rollup_pending WHERE bucket >= ? AND bucket < ?)",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                }, rs -> rs.getBoolean(1)).get(0);
    }

    private static Instant floorHour(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 3600) * 3600);
    }

    /** The end of the hour holding the instant just before {@code t}: hour buckets starting before t end by then. */
    private static Instant ceilHour(Instant t) {
        return floorHour(t.minusNanos(1)).plusSeconds(3600);
    }

    /** A query with named parameters ({@code :name}; {@code ::type} casts are left alone). */
    static final class Named {

        private static final Pattern PARAM = Pattern.compile("(?<![:\\w]):(\\w+)");

        private Named() {
        }

        static <T> List<T> query(DataSource ds, String sql, Map<String, Object> values, Rows.Row<T> row) {
            List<String> order = new ArrayList<>();
            Matcher m = PARAM.matcher(sql);
            StringBuilder jdbc = new StringBuilder();
            while (m.find()) {
                if (!values.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("no value for :" + m.group(1));
                }
                order.add(m.group(1));
                m.appendReplacement(jdbc, "?");
            }
            m.appendTail(jdbc);
            return Rows.query(ds, "rollup", jdbc.toString(), ps -> bind(ps, order, values), row);
        }

        private static void bind(PreparedStatement ps, List<String> order, Map<String, Object> values) throws SQLException {
            for (int i = 0; i < order.size(); i++) {
                Object v = values.get(order.get(i));
                if (v instanceof Instant t) {
                    ps.setTimestamp(i + 1, Timestamp.from(t));
                } else if (v instanceof Collection<?> c) {
                    ps.setArray(i + 1, ps.getConnection().createArrayOf("text", c.toArray()));
                } else {
                    ps.setString(i + 1, (String) v);
                }
            }
        }
    }
}

package io.sitewatch.ingest.store;

import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.ingest.store.StorageMode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain PostgreSQL: one row per sample in {@code telemetry_sample} (device and metric-set numbers,
 * the values as an array; the view {@code telemetry} shows one row per value), range-partitioned
 * by UTC day. Partitions are created ahead by maintenance and on demand for late or early data;
 * retention drops whole partitions. Rollups ({@code telemetry_1m}, {@code telemetry_1h}) are
 * recomputed for minutes listed in {@code rollup_pending}, which each batch fills in its own
 * transaction. That table has no unique key on purpose: a writer adding a minute never waits for
 * a rollup that is deleting the same minute's older entries (with a key it did, and ingest stalled
 * behind long rollups).
 */
final class PartitionedLayout implements StorageLayout {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionedLayout.class);
    private static final String PARTITION_PREFIX = "telemetry_sample_d";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** A minute is rolled up once it has been closed this long, so that stragglers land first. */
    private static final String CLOSED_FOR = "65 seconds";
    private static final int MINUTES_PER_ROUND = 60;
    /** The day of {@link WireProtocol#MIN_TS_MS}: validation rejects anything older (past_ts). */
    private static final LocalDate FIRST_DAY = LocalDate.ofInstant(Instant.ofEpochMilli(WireProtocol.MIN_TS_MS), ZoneOffset.UTC);
    /**
     * How large a round grows while there is a backlog: each round that finds more due minutes than
     * it may take doubles the next, up to a day's minutes; a round that takes all that is due goes
     * back to {@value #MINUTES_PER_ROUND}. A round costs about 0.1 s beyond its minutes (taking them
     * off the pending list, the hour rollups, the commit), so catching up on a month of late data
     * (the demo's history: 44,500 minutes) one hour at a time spent most of its two minutes on that.
     */
    private static final int MAX_MINUTES_PER_ROUND = 24 * 60;
    private static final LocalDate LAST_DAY = LocalDate.of(2200, 1, 1);

    private final int retentionDays;
    private final int aheadDays;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();
    private final KeyNumbers<String> metrics =
            new KeyNumbers<>("metric_id", (ps, c, name) -> ps.setString(1, name), k -> k);
    private final KeyNumbers<String> devices =
            new KeyNumbers<>("device_no", (ps, c, id) -> ps.setString(1, id), k -> k);
    private final KeyNumbers<MetricSet> sets = new KeyNumbers<>("metric_set_id",
            (ps, c, set) -> ps.setArray(1, c.createArrayOf("integer", set.boxed())), MetricSet::copy);
    private volatile boolean loaded;
    private volatile int roundMinutes = MINUTES_PER_ROUND;
    private volatile boolean summarizeWarned;

    PartitionedLayout(int retentionDays, int aheadDays) {
        this.retentionDays = retentionDays;
        this.aheadDays = aheadDays;
    }

    @Override
    public StorageMode mode() {
        return StorageMode.POSTGRES_PARTITIONED;
    }

    @Override
    public void prepareDays(Connection c, Set<LocalDate> utcDays) throws SQLException {
        if (!loaded) {
            loadExisting(c);
        }
        for (LocalDate day : utcDays) {
            // Validation keeps every ts between 2000 and five minutes ahead (past_ts, future_ts);
            // a row outside these bounds all the same fails with "no partition", which the pipeline
            // turns into an 'unstorable' dead letter rather than creating a partition for it.
            if (!known.contains(day) && !day.isBefore(FIRST_DAY) && day.isBefore(LAST_DAY)) {
                createPartition(c, day);
            }
        }
    }

    @Override
    public TelemetryEncoder telemetryEncoder() {
        return new SampleRowEncoder(metrics, devices, sets);
    }

    @Override
    public void afterTelemetryInsert(Connection c, Set<Long> epochMinutes) throws SQLException {
        Long[] seconds = epochMinutes.stream().map(m -> m * 60).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO rollup_pending (bucket) SELECT to_timestamp(s) FROM unnest(?::bigint[]) AS s""")) {
            ps.setArray(1, c.createArrayOf("bigint", seconds));
            ps.executeUpdate();
        }
    }

    @Override
    public int rollup(Connection c, Duration settle) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // Every entry of the minutes taken goes at once: at 50k msg/s a minute collects thousands
            // of entries (one per batch), and taking a fixed number of entries recomputed the same
            // minute round after round (most of the rollup's cost under load, docs/benchmarks.md).
            int limit = roundMinutes;
            TreeSet<Instant> minutes = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM rollup_pending WHERE bucket IN (
                        SELECT DISTINCT bucket FROM rollup_pending WHERE bucket <= now() - INTERVAL '%s'
                          AND bucket NOT IN (SELECT bucket FROM rollup_pending WHERE added_at > now() - make_interval(secs => %d))
                        ORDER BY bucket LIMIT %d)
                    RETURNING bucket""".formatted(CLOSED_FOR, settle.toSeconds(), limit));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
            if (minutes.isEmpty()) {
                c.commit();
                roundMinutes = MINUTES_PER_ROUND;
                return 0;
            }
            // A grown round is a backlog being caught up: its minutes are most likely rolled up for
            // the first time (late or uploaded data), which a plain INSERT does faster.
            boolean catchingUp = limit > MINUTES_PER_ROUND;
            TreeSet<Instant> hours = new TreeSet<>();
            try (Statement st = c.createStatement()) {
                // A parallel plan finishes sooner but costs more CPU in all, taken from ingest.
                st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
                // With its block ranges summarized the BRIN index on ts reads only the minutes'
                // blocks; the planner, without statistics on a fresh partition, would scan it whole.
                if (summarizeNewRanges(c, minutes)) {
                    st.execute("SET LOCAL enable_seqscan = off");
                }
                String minuteSql = minuteRollupSql(c);
                for (Instant[] range : contiguous(minutes, 60)) {
                    recomputeMinutes(c, minuteSql, range, catchingUp);
                }
                st.execute("SET LOCAL enable_seqscan = on");
            }
            minutes.forEach(m -> hours.add(Instant.ofEpochSecond(m.getEpochSecond() / 3600 * 3600)));
            for (Instant[] range : contiguous(hours, 3600)) {
                recomputeHours(c, range, catchingUp);
            }
            c.commit();
            roundMinutes = minutes.size() >= limit ? Math.min(2 * limit, MAX_MINUTES_PER_ROUND) : MINUTES_PER_ROUND;
            return minutes.size();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Summarizes the block ranges of the ts BRIN index that filled up since the last call, in the
     * partitions holding {@code minutes}; true when done. PostgreSQL leaves new ranges unsummarized
     * until a VACUUM (autovacuum may be off, as on these machines, and comes late on a table that
     * only grows), and an unsummarized range matches every query: each rollup round used to read
     * the whole day partition. Each call reads only the blocks added since the previous one.
     */
    private boolean summarizeNewRanges(Connection c, Set<Instant> minutes) throws SQLException {
        String[] partitions = minutes.stream()
                .map(m -> partitionName(LocalDate.ofInstant(m, ZoneOffset.UTC)))
                .distinct().toArray(String[]::new);
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT brin_summarize_new_values(i.indexrelid)
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
                WHERE am.amname = 'brin' AND i.indrelid IN (SELECT to_regclass(p) FROM unnest(?::text[]) AS p)""")) {
            ps.setArray(1, c.createArrayOf("text", partitions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // the number of ranges summarized; nothing to do with it
                }
            }
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            // Not the index's owner, say: the rollup still works, by scanning the partition.
            c.rollback(before);
            if (!summarizeWarned) {
                summarizeWarned = true;
                LOG.warn("cannot summarize the telemetry BRIN index, rollups will scan whole partitions: {}", e.getMessage());
            }
            return false;
        }
    }

    /**
     * Replaces the minute rollups of {@code [from, to)} with a fresh aggregate of the samples.
     * Aggregates by array position within groups of samples of the same metric set (a device
     * sends the same set sample after sample) rather than expanding every value into a row of
     * its own: about half the PostgreSQL CPU per minute of data (docs/benchmarks.md). A device
     * whose metric set changes within a minute shows up in more than one group; the outer
     * grouping merges those.
     *
     * <p>The samples are read once: the number of positions comes from the metric-set dictionary
     * (a row holds one value for each metric of its set, never null), and so does the count, which
     * is the group's row count for every metric of the set. A stored array of seven values has a
     * short header, and PostgreSQL copies it into a new one on every subscript: {@code vals || '{}'}
     * makes that copy once per row ({@code OFFSET 0} keeps the planner from pasting the expression
     * into each aggregate), a third less CPU for the minute (docs/benchmarks.md).
     */
    private static void recomputeMinutes(Connection c, String sql, Instant[] range, boolean fresh) throws SQLException {
        if (sql == null) {
            return;
        }
        replace(c, sql, range, fresh);
    }

    /**
     * Runs the recompute {@code upsert} ({@code INSERT … ON CONFLICT DO UPDATE}) of
     * {@code [from, to)}. When the range is probably {@code fresh} (no rollup rows yet: a backlog
     * being caught up) it first tries the plain {@code INSERT}, which skips the upsert's conflict
     * check (a second index search per row: a quarter of a catch-up round, docs/benchmarks.md); at
     * the first row that exists after all it falls back to the upsert.
     */
    private static void replace(Connection c, String upsert, Instant[] range, boolean fresh) throws SQLException {
        OffsetDateTime from = OffsetDateTime.ofInstant(range[0], ZoneOffset.UTC);
        OffsetDateTime to = OffsetDateTime.ofInstant(range[1], ZoneOffset.UTC);
        if (fresh) {
            Savepoint before = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(upsert.substring(0, upsert.indexOf("ON CONFLICT")))) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                ps.executeUpdate();
                c.releaseSavepoint(before);
                return;
            } catch (SQLException e) {
                c.rollback(before);
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            ps.executeUpdate();
        }
    }

    /**
     * The minute recompute for the metric sets known now, built once per round: the number of
     * array positions to aggregate is the widest set's. Null while no metric set exists (nothing
     * has been stored, so there is nothing to roll up).
     */
    private static String minuteRollupSql(Connection c) throws SQLException {
        int positions;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(cardinality(metric_ids)), 0) FROM metric_set")) {
            rs.next();
            positions = rs.getInt(1);
        }
        if (positions == 0) {
            return null;
        }
        return """
                INSERT INTO telemetry_1m (device_id, metric, bucket, min, max, sum, count)
                SELECT k.device_id, m.name, g.bucket, min(u.min), max(u.max), sum(u.sum), sum(g.count)
                FROM (SELECT device_no, metric_set, date_bin('1 minute', ts, TIMESTAMPTZ 'epoch') AS bucket,
                             %s AS min, %s AS max, %s AS sum, count(*) AS count
                      FROM (SELECT ts, device_no, metric_set, vals || '{}'::float8[] AS vals
                            FROM telemetry_sample WHERE ts >= ? AND ts < ? OFFSET 0) s
                      GROUP BY 1, 2, 3) g
                JOIN metric_set ms ON ms.id = g.metric_set
                CROSS JOIN LATERAL unnest(ms.metric_ids, g.min, g.max, g.sum) AS u (metric_id, min, max, sum)
                JOIN metric m ON m.id = u.metric_id
                JOIN device_key k ON k.no = g.device_no
                GROUP BY 1, 2, 3
                ON CONFLICT (device_id, metric, bucket) DO UPDATE
                SET min = EXCLUDED.min, max = EXCLUDED.max, sum = EXCLUDED.sum, count = EXCLUDED.count"""
                .formatted(byPosition("min", positions), byPosition("max", positions), byPosition("sum", positions));
    }

    /** {@code ARRAY[f(vals[1]), …, f(vals[n])]}; positions past a sample's length are null and not aggregated. */
    private static String byPosition(String aggregate, int positions) {
        StringBuilder sb = new StringBuilder("ARRAY[");
        for (int i = 1; i <= positions; i++) {
            sb.append(i > 1 ? ", " : "").append(aggregate).append("(vals[").append(i).append("])");
        }
        return sb.append(']').toString();
    }

    /** Replaces the hour rollups of {@code [from, to)} with a fresh aggregate of their minutes. */
    private static void recomputeHours(Connection c, Instant[] range, boolean fresh) throws SQLException {
        replace(c, """
                INSERT INTO telemetry_1h (device_id, metric, bucket, min, max, sum, count)
                SELECT device_id, metric, date_bin('1 hour', bucket, TIMESTAMPTZ 'epoch'), min(min), max(max), sum(sum), sum(count)
                FROM telemetry_1m WHERE bucket >= ? AND bucket < ?
                GROUP BY 1, 2, 3
                ON CONFLICT (device_id, metric, bucket) DO UPDATE
                SET min = EXCLUDED.min, max = EXCLUDED.max, sum = EXCLUDED.sum, count = EXCLUDED.count""", range, fresh);
        // The hours just rolled up, as bits of their devices' UTC days (device_day_hours, V15): an
        // hour once reported stays reported (samples are never taken back before retention).
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_day_hours (device_id, day, hours)
                SELECT device_id, (bucket AT TIME ZONE 'UTC')::date, bit_or(1 << extract(hour FROM bucket AT TIME ZONE 'UTC')::int)
                FROM telemetry_1h WHERE bucket >= date_bin('1 hour', ?::timestamptz, TIMESTAMPTZ 'epoch') AND bucket < ? AND count > 0
                GROUP BY 1, 2
                ON CONFLICT (device_id, day) DO UPDATE SET hours = device_day_hours.hours | EXCLUDED.hours""")) {
            ps.setObject(1, OffsetDateTime.ofInstant(range[0], ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(range[1], ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** Groups sorted bucket starts into [start, end) ranges of adjacent buckets. */
    static List<Instant[]> contiguous(TreeSet<Instant> starts, long widthSeconds) {
        List<Instant[]> ranges = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        for (Instant s : starts) {
            if (to != null && s.equals(to)) {
                to = s.plusSeconds(widthSeconds);
            } else {
                if (from != null) {
                    ranges.add(new Instant[] {from, to});
                }
                from = s;
                to = s.plusSeconds(widthSeconds);
            }
        }
        if (from != null) {
            ranges.add(new Instant[] {from, to});
        }
        return ranges;
    }

    @Override
    public void maintain(Connection c) throws SQLException {
        loadExisting(c);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int d = -1; d <= aheadDays; d++) {
            if (!known.contains(today.plusDays(d))) {
                createPartition(c, today.plusDays(d));
            }
        }
        LocalDate oldestKept = today.minusDays(retentionDays);
        for (LocalDate day : new TreeSet<>(known)) {
            if (day.isBefore(oldestKept)) {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + partitionName(day));
                }
                known.remove(day);
                LOG.info("retention: dropped telemetry partition {}", partitionName(day));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM telemetry_1m WHERE bucket < ?; DELETE FROM telemetry_1h WHERE bucket < ?; DELETE FROM device_day_hours WHERE day < ?")) {
            OffsetDateTime cutoff = oldestKept.atStartOfDay().atOffset(ZoneOffset.UTC);
            ps.setObject(1, cutoff);
            ps.setObject(2, cutoff);
            ps.setObject(3, oldestKept);
            ps.execute();
        }
    }

    private void loadExisting(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT child.relname FROM pg_inherits i
                JOIN pg_class parent ON parent.oid = i.inhparent
                JOIN pg_class child ON child.oid = i.inhrelid
                WHERE parent.relname = 'telemetry_sample'""")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.startsWith(PARTITION_PREFIX)) {
                    known.add(LocalDate.parse(name.substring(PARTITION_PREFIX.length()), SUFFIX));
                }
            }
        }
        loaded = true;
    }

    private void createPartition(Connection c, LocalDate day) throws SQLException {
        String sql = "CREATE TABLE IF NOT EXISTS %s PARTITION OF telemetry_sample FOR VALUES FROM ('%s 00:00:00+00') TO ('%s 00:00:00+00')"
                .formatted(partitionName(day), day, day.plusDays(1));
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            // Another instance created it in the meantime.
            if (!"42P07".equals(e.getSQLState())) {
                throw e;
            }
        } finally {
            c.setAutoCommit(auto);
        }
        known.add(day);
    }

    static String partitionName(LocalDate day) {
        return PARTITION_PREFIX + SUFFIX.format(day);
    }
}

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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * has samples its rollup rows may not show yet (fresh data, late data, an uploaded backlog). When
 * the question's window holds such minutes (one look-up of the list's index gives the first and the
 * last of them: the span), the answer takes every minute of that span from the samples themselves
 * ({@code telemetry_sample}, one range scan of its key {@code (device_no, ts)}) instead of from its
 * rollup rows, in one statement and so one snapshot, and is what the rollups will say once they have
 * run: whatever the rollup lags, readers never miss fresh or late data. It rests on how the rollup
 * works (PartitionedLayout): a batch stores its samples and lists their minutes in one transaction,
 * and a rollup round takes minutes off the list and rewrites their minute rows and their hours'
 * rows in one transaction, so in any snapshot a minute that is not listed is rolled up with all its
 * samples, and an hour's row is the sum of its minutes' rows. Hence every answer is the rollups'
 * answer corrected for the span: its minute rows taken out (directly, or from the hour rows that
 * add them up) and its samples put in. A minute of the span that is rolled up already is answered
 * from its samples too, which say the same; a minute listed after the look-up outside the span is
 * answered from its rollup rows, as if the question had come a moment earlier. A window with
 * nothing listed is answered from the rollups alone, as before: live, only the last minute or two
 * are listed, so the span and its samples are small; after a backlog it is as long as the backlog.
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

    /** The samples of device :dev in the minutes [:first, :last] (one range scan of the samples' key). */
    private static final String SAMPLES_IN_SPAN = """
            telemetry_sample s WHERE s.device_no = (SELECT no FROM device_key WHERE device_id = :dev)
              AND s.ts >= :first AND s.ts < :last::timestamptz + INTERVAL '1 minute'""";

    /** Whether sample s holds :metric (its metric set does). */
    private static final String HOLDS_METRIC = """
            s.metric_set = ANY (ARRAY(SELECT ms.id FROM metric_set ms WHERE (SELECT id FROM metric WHERE name = :metric) = ANY (ms.metric_ids)))""";

    static final String PENDING_RUNS_SQL = """
            SELECT min(bucket), count(*) FROM (
                SELECT bucket, bucket - (row_number() OVER (ORDER BY bucket)) * interval '1 minute' AS grp FROM (
                    SELECT bucket FROM telemetry_1m t
                    WHERE t.device_id = :dev AND t.metric = :metric AND t.bucket >= :lo AND t.bucket < :hi
                      AND (t.bucket < :first OR t.bucket > :last)
                    UNION ALL
                    SELECT DISTINCT date_bin('1 minute', s.ts, TIMESTAMPTZ 'epoch') FROM %s AND %s) b) t
            GROUP BY grp ORDER BY 1""".formatted(SAMPLES_IN_SPAN, HOLDS_METRIC);

    static final String PENDING_COUNT_SQL = """
            SELECT (SELECT coalesce(sum(count), 0) FROM telemetry_1h WHERE device_id = :dev AND metric = :metric AND bucket >= :fh AND bucket < :lh)
                 + (SELECT coalesce(sum(count), 0) FROM telemetry_1m WHERE device_id = :dev AND metric = :metric AND bucket >= :lo AND bucket < :fh)
                 + (SELECT coalesce(sum(count), 0) FROM telemetry_1m WHERE device_id = :dev AND metric = :metric AND bucket >= :lh AND bucket < :hi)
                 - (SELECT coalesce(sum(count), 0) FROM telemetry_1m WHERE device_id = :dev AND metric = :metric AND bucket >= :first AND bucket <= :last)
                 + (SELECT count(*) FROM %s AND %s)""".formatted(SAMPLES_IN_SPAN, HOLDS_METRIC);

    /**
     * Per metric: the hourly rollup of the hours meeting [:lo, :to), less the minute rows of the
     * span (looked up metric by metric, as the key leads with the metric: a minute row's metric has
     * a row in its hour), plus the samples of the span.
     */
    static final String PENDING_METRIC_SQL = """
            WITH hours AS (SELECT metric, count FROM telemetry_1h WHERE device_id = :dev AND bucket >= :lo AND bucket < :to),
            stale AS (
                SELECT m.metric, t.count FROM (SELECT DISTINCT metric FROM hours) m
                CROSS JOIN LATERAL (SELECT t.count FROM telemetry_1m t
                    WHERE t.device_id = :dev AND t.metric = m.metric AND t.bucket >= :first AND t.bucket <= :last) t),
            raw AS (
                SELECT m.name AS metric, r.n AS count
                FROM (SELECT s.metric_set, count(*) AS n FROM %s GROUP BY 1) r
                JOIN metric_set ms ON ms.id = r.metric_set
                CROSS JOIN LATERAL unnest(ms.metric_ids) AS u (metric_id)
                JOIN metric m ON m.id = u.metric_id)
            SELECT metric FROM (
                SELECT metric, count FROM hours UNION ALL SELECT metric, -count FROM stale UNION ALL SELECT metric, count FROM raw) x
            GROUP BY metric HAVING sum(count) > 0 ORDER BY sum(count) DESC, metric LIMIT 1""".formatted(SAMPLES_IN_SPAN);

    /** The local days of the hours in [:first, :last] in which any of the devices :devs sent a sample. */
    static final String PENDING_DAYS_SQL = """
            SELECT DISTINCT (h AT TIME ZONE :zone)::date FROM (
                SELECT DISTINCT date_bin('1 hour', s.ts, TIMESTAMPTZ 'epoch') AS h
                FROM telemetry_sample s
                WHERE s.device_no IN (SELECT no FROM device_key WHERE device_id = ANY (:devs))
                  AND s.ts >= :first AND s.ts < :last::timestamptz + INTERVAL '1 minute') g""";

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
        Optional<Span> pending = pendingSpan(lo, hi);
        if (pending.isPresent()) {
            List<String> m = Named.query(ds, PENDING_METRIC_SQL,
                    Map.of("dev", deviceId, "lo", lo, "to", to, "first", pending.get().first(), "last", pending.get().last()),
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
        Optional<Span> pending = pendingSpan(from, to);
        if (pending.isPresent()) {
            return Named.query(ds, PENDING_RUNS_SQL, Map.of("dev", deviceId, "metric", metric, "lo", from, "hi", to,
                            "first", pending.get().first(), "last", pending.get().last()),
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
        Optional<Span> pending = pendingSpan(from, to);
        if (pending.isPresent()) {
            // Without a whole hour the minute rollup alone: the hours' part and the second edge are empty.
            Instant fh = lastHour <= firstHour ? to : Instant.ofEpochSecond(firstHour);
            Instant lh = lastHour <= firstHour ? to : Instant.ofEpochSecond(lastHour);
            return Named.query(ds, PENDING_COUNT_SQL,
                    Map.of("dev", deviceId, "metric", metric, "lo", from, "hi", to, "fh", fh, "lh", lh,
                            "first", pending.get().first(), "last", pending.get().last()), rs -> rs.getLong(1)).get(0);
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
        // The span first: a minute of the window not in it was rolled up before the hours are read.
        Optional<Span> pending = pendingSpan(lo, ceilHour(to));
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
        // The span's samples add their hours: a stored sample is never taken back, so a day the rollups show stays.
        if (pending.isPresent()) {
            days.addAll(Named.query(ds, PENDING_DAYS_SQL, Map.of("devs", deviceIds, "zone", zone.getId(),
                            "first", pending.get().first(), "last", pending.get().last()),
                    rs -> rs.getObject(1, LocalDate.class)));
        }
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        days.stream().filter(d -> !d.isBefore(first) && !d.isAfter(last)).forEach(inWindow::add);
        return inWindow;
    }

    /** Per device, the local days of the hours in [:first, :last] in which it sent a sample. */
    static final String PENDING_DEVICE_DAYS_SQL = """
            SELECT k.device_id, (date_bin('1 hour', s.ts, TIMESTAMPTZ 'epoch') AT TIME ZONE :zone)::date
            FROM telemetry_sample s JOIN device_key k ON k.no = s.device_no
            WHERE k.device_id = ANY (:devs) AND s.ts >= :first AND s.ts < :last::timestamptz + INTERVAL '1 minute'
            GROUP BY 1, 2""";

    /** As {@link #activeDays}, per device, in one read of the hourly rollup (and the span's samples). */
    @Override
    public Map<String, Set<LocalDate>> activeDaysByDevice(Collection<String> deviceIds, Instant from, Instant to, ZoneId zone) {
        Map<String, Set<LocalDate>> out = new TreeMap<>();
        if (deviceIds.isEmpty()) {
            return out;
        }
        Instant lo = floorHour(from);
        Optional<Span> pending = pendingSpan(lo, ceilHour(to));
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        int days = (int) (last.toEpochDay() - first.toEpochDay() + 1);
        List<Object[]> rows;
        Map<String, Long> folded = Boolean.TRUE.equals(pendingList) ? foldedDays(deviceIds, lo, to, zone) : null;
        if (folded != null) {
            // Bit i of a mask is the local day first(lo) + i; lo may fall on the day before `from` (a half-hour zone).
            long shift = first.toEpochDay() - lo.atZone(zone).toLocalDate().toEpochDay();
            folded.forEach((device, bits) -> out.put(device, new DaySet(first.toEpochDay(), days, bits >>> shift)));
            rows = new ArrayList<>();
        } else {
            rows = Boolean.TRUE.equals(pendingList) ? dayHours(deviceIds, lo, to, zone) : new ArrayList<>(Rows.query(ds, "rollup", """
                SELECT device_id, (bucket AT TIME ZONE ?)::date FROM telemetry_1h
                WHERE device_id = ANY(?) AND bucket >= ? AND bucket < ? AND count > 0 GROUP BY 1, 2""",
                ps -> {
                    ps.setString(1, zone.getId());
                    ps.setArray(2, ps.getConnection().createArrayOf("text", deviceIds.toArray()));
                    ps.setTimestamp(3, Timestamp.from(lo));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)}));
        }
        if (pending.isPresent()) {
            rows.addAll(Named.query(ds, PENDING_DEVICE_DAYS_SQL, Map.of("devs", deviceIds, "zone", zone.getId(),
                            "first", pending.get().first(), "last", pending.get().last()),
                    rs -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)}));
        }
        for (Object[] r : rows) {
            LocalDate d = (LocalDate) r[1];
            if (!d.isBefore(first) && !d.isAfter(last)) {
                out.computeIfAbsent((String) r[0], k -> days <= 64 ? new DaySet(first.toEpochDay(), days, 0) : new TreeSet<>()).add(d);
            }
        }
        out.values().removeIf(Set::isEmpty);
        return out;
    }

    /**
     * The days of a window of at most 64 days, one bit each, in ascending order: a province's
     * 1.3 million device-days over a month without a {@code LocalDate} and a tree node each.
     */
    static final class DaySet extends java.util.AbstractSet<LocalDate> {

        private final long firstDay;
        private final int days;
        private long bits;

        DaySet(long firstDay, int days, long bits) {
            this.firstDay = firstDay;
            this.days = days;
            this.bits = bits & (days >= 64 ? -1L : (1L << days) - 1);
        }

        @Override
        public boolean add(LocalDate d) {
            long i = d.toEpochDay() - firstDay;
            if (i < 0 || i >= days) {
                throw new IllegalArgumentException(d + " is outside the window's " + days + " days");
            }
            long before = bits;
            bits |= 1L << i;
            return bits != before;
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof LocalDate d)) {
                return false;
            }
            long i = d.toEpochDay() - firstDay;
            return i >= 0 && i < days && (bits & (1L << i)) != 0;
        }

        @Override
        public int size() {
            return Long.bitCount(bits);
        }

        @Override
        public java.util.Iterator<LocalDate> iterator() {
            return new java.util.Iterator<>() {
                private long rest = bits;

                @Override
                public boolean hasNext() {
                    return rest != 0;
                }

                @Override
                public LocalDate next() {
                    if (rest == 0) {
                        throw new java.util.NoSuchElementException();
                    }
                    int i = Long.numberOfTrailingZeros(rest);
                    rest &= rest - 1;
                    return LocalDate.ofEpochDay(firstDay + i);
                }
            };
        }
    }

    /**
     * The plain layout's answer from {@code device_day_hours} (one row per device and UTC day, a bit
     * per hour the hour rollup holds): each device's days packed as {@code epochDay << 24 | hours}
     * in one array, the hours in [lo, to) turned into local days of {@code zone} here. One row per
     * device instead of one per device, metric and hour: what makes ranking a province's 50,000
     * devices over 30 days a read of well under a second.
     */
    private List<Object[]> dayHours(Collection<String> deviceIds, Instant lo, Instant to, ZoneId zone) {
        LocalDate firstUtc = lo.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastUtc = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        List<Object[]> out = new ArrayList<>();
        // The local day of each hour of the window, worked out once per hour, not once per device.
        long firstDay = firstUtc.toEpochDay();
        LocalDate[] localDay = new LocalDate[(int) (lastUtc.toEpochDay() - firstDay + 1) * 24];
        Rows.query(ds, "rollup", """
                SELECT h.device_id, array_agg(((h.day - DATE '1970-01-01')::bigint << 24) | h.hours)
                FROM device_day_hours h JOIN unnest(?::text[]) AS d (id) ON h.device_id = d.id
                WHERE h.day >= ? AND h.day <= ? GROUP BY h.device_id""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray()));
                    ps.setObject(2, firstUtc);
                    ps.setObject(3, lastUtc);
                },
                rs -> {
                    String device = rs.getString(1);
                    LocalDate previous = null;
                    for (Object packed : (Object[]) rs.getArray(2).getArray()) {
                        long v = ((Number) packed).longValue();
                        long epochDay = v >>> 24;
                        int hours = (int) (v & 0xFFFFFF);
                        for (int h = 0; h < 24; h++) {
                            long second = epochDay * 86_400L + h * 3600L;
                            if ((hours & (1 << h)) != 0 && second >= lo.getEpochSecond() && second < to.getEpochSecond()) {
                                int slot = (int) (epochDay - firstDay) * 24 + h;
                                LocalDate local = localDay[slot];
                                if (local == null) {
                                    local = Instant.ofEpochSecond(second).atZone(zone).toLocalDate();
                                    localDay[slot] = local;
                                }
                                if (!local.equals(previous)) {
                                    out.add(new Object[] {device, local});
                                    previous = local;
                                }
                            }
                        }
                    }
                    return null;
                });
        return out;
    }

    /**
     * {@link #dayHours} with the database folding the hours into local days: one bitmask of the
     * window's local days per device (bit i: the window's first local day + i), for a window of at
     * most 63 local days in a zone whose offset does not change within it (China's never does);
     * null otherwise. An hour h of UTC day D lies on local day D + floor((h·3600 + offset) / 86400),
     * which is D − 1, D or D + 1: three masks of hours say which; the window's partial first and
     * last UTC days are masked to its hours [lo, to).
     */
    private Map<String, Long> foldedDays(Collection<String> deviceIds, Instant lo, Instant to, ZoneId zone) {
        java.time.zone.ZoneRules rules = zone.getRules();
        java.time.zone.ZoneOffsetTransition next = rules.nextTransition(lo);
        if (next != null && next.getInstant().isBefore(to)) {
            return null;
        }
        int offset = rules.getOffset(lo).getTotalSeconds();
        LocalDate firstLocal = lo.atZone(zone).toLocalDate();
        LocalDate lastLocal = to.minusNanos(1).atZone(zone).toLocalDate();
        if (lastLocal.toEpochDay() - firstLocal.toEpochDay() >= 63) {
            return null;
        }
        int[] shift = new int[3];   // masks of the hours on local day D-1, D, D+1
        for (int h = 0; h < 24; h++) {
            shift[(int) Math.floorDiv(h * 3600L + offset, 86_400L) + 1] |= 1 << h;
        }
        LocalDate firstUtc = lo.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastUtc = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        int loMask = 0;
        int hiMask = 0;
        for (int h = 0; h < 24; h++) {
            long second = firstUtc.toEpochDay() * 86_400L + h * 3600L;
            loMask |= second >= lo.getEpochSecond() && second < to.getEpochSecond() ? 1 << h : 0;
            long last = lastUtc.toEpochDay() * 86_400L + h * 3600L;
            hiMask |= last >= lo.getEpochSecond() && last < to.getEpochSecond() ? 1 << h : 0;
        }
        long firstDay = firstLocal.toEpochDay();
        int days = (int) (lastLocal.toEpochDay() - firstDay + 1);
        Map<String, Long> out = new HashMap<>();
        Named.query(ds, """
                SELECT device_id, bit_or(
                         CASE WHEN h & :m0 <> 0 AND d - 1 >= 0 AND d - 1 < :n THEN 1::bigint << (d - 1) ELSE 0 END
                       | CASE WHEN h & :m1 <> 0 AND d >= 0 AND d < :n THEN 1::bigint << d ELSE 0 END
                       | CASE WHEN h & :m2 <> 0 AND d + 1 >= 0 AND d + 1 < :n THEN 1::bigint << (d + 1) ELSE 0 END)
                FROM (SELECT h.device_id, (h.day - DATE '1970-01-01' - :first)::int AS d,
                             h.hours & CASE WHEN h.day = :firstUtc THEN :lo WHEN h.day = :lastUtc THEN :hi ELSE 16777215 END AS h
                      FROM device_day_hours h JOIN unnest(:devs::text[]) AS ids (id) ON h.device_id = ids.id
                      WHERE h.day >= :firstUtc AND h.day <= :lastUtc) x
                GROUP BY device_id""",
                Map.of("m0", shift[0], "m1", shift[1], "m2", shift[2], "n", days, "first", firstDay, "firstUtc", firstUtc,
                        "lastUtc", lastUtc, "lo", firstUtc.equals(lastUtc) ? loMask & hiMask : loMask, "hi", hiMask, "devs", deviceIds),
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                    return null;
                });
        return out;
    }

    /** The first and the last pending minute of a window. */
    record Span(Instant first, Instant last) {
    }

    /**
     * The first and last minute in [from, to) waiting in {@code rollup_pending} (two look-ups of its
     * index), empty when none does; always empty on TimescaleDB, whose aggregates keep no such list.
     * Looked up before the rollups are read: a minute of the window outside the span was rolled up
     * by then, and one listed after the look-up (new samples) is answered from its rollup rows, as if
     * the question had been asked a moment earlier.
     */
    private Optional<Span> pendingSpan(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Optional.empty();
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
            return Optional.empty();
        }
        return Rows.query(ds, "rollup", "SELECT min(bucket), max(bucket) FROM rollup_pending WHERE bucket >= ? AND bucket < ?",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                }, rs -> rs.getTimestamp(1) == null ? null : new Span(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .stream().filter(Objects::nonNull).findFirst();
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
                } else if (v instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (v instanceof Long n) {
                    ps.setLong(i + 1, n);
                } else if (v instanceof LocalDate d) {
                    ps.setObject(i + 1, d);
                } else {
                    ps.setString(i + 1, (String) v);
                }
            }
        }
    }
}

package io.sitewatch.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads stored telemetry: raw points of a device, or time buckets (min, max, avg, count). Buckets
 * that are whole minutes or hours over windows longer than {@link #RAW_WINDOW_MS} come from the
 * rollups, shorter windows from the raw rows (exact up to the last commit).
 */
public final class TelemetryQueries {

    /** Below this window length buckets are computed from raw rows. */
    static final long RAW_WINDOW_MS = 2L * 86_400_000L;

    public record Point(long ts, String metric, double value) {
    }

    public record Bucket(long ts, String metric, double min, double max, double avg, long count) {
    }

    private final DataSource ds;

    public TelemetryQueries(DataSource ds) {
        this.ds = ds;
    }

    /** Points in time order; {@code metric} null means all metrics of the device. */
    public List<Point> points(String deviceId, String metric, long from, long to, int limit) throws SQLException {
        String sql = "SELECT ts, metric, value FROM telemetry WHERE device_id = ? AND ts >= ? AND ts < ?"
                + (metric == null ? "" : " AND metric = ?") + " ORDER BY ts, metric LIMIT ?";
        List<Point> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindWindow(ps, 1, deviceId, from, to);
            if (metric != null) {
                ps.setString(i++, metric);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
                            rs.getString(2), rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    /** Buckets aligned to the Unix epoch, in time order. */
    public List<Bucket> buckets(String deviceId, String metric, long from, long to, long bucketSeconds, int limit)
            throws SQLException {
        String source;
        String select;
        if (to - from > RAW_WINDOW_MS && bucketSeconds % 60 == 0) {
            source = bucketSeconds % 3600 == 0 ? "telemetry_1h" : "telemetry_1m";
            select = "min(min), max(max), sum(sum) / nullif(sum(count), 0), sum(count)::bigint";
        } else {
            source = "telemetry";
            select = "min(value), max(value), avg(value), count(*)";
        }
        String tsColumn = "telemetry".equals(source) ? "ts" : "bucket";
        String sql = "SELECT date_bin(make_interval(secs => ?), " + tsColumn + ", TIMESTAMPTZ 'epoch') AS b, metric, "
                + select + " FROM " + source + " WHERE device_id = ? AND " + tsColumn + " >= ? AND " + tsColumn + " < ?"
                + (metric == null ? "" : " AND metric = ?") + " GROUP BY b, metric ORDER BY b, metric LIMIT ?";
        List<Bucket> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, bucketSeconds);
            int i = bindWindow(ps, 2, deviceId, from, to);
            if (metric != null) {
                ps.setString(i++, metric);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bucket(rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getString(2),
                            rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /** Binds device, from and to starting at parameter {@code first}; returns the next index. */
    private static int bindWindow(PreparedStatement ps, int first, String deviceId, long from, long to) throws SQLException {
        ps.setString(first, deviceId);
        ps.setObject(first + 1, BatchWriter.time(from));
        ps.setObject(first + 2, BatchWriter.time(to));
        return first + 3;
    }
}

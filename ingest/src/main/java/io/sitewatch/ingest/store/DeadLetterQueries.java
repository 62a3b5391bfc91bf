package io.sitewatch.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the dead-letter store, newest first. */
public final class DeadLetterQueries {

    public record Row(long id, long ts, String topic, String reason, String detail, byte[] payload, int payloadBytes) {
    }

    private final DataSource ds;

    public DeadLetterQueries(DataSource ds) {
        this.ds = ds;
    }

    public List<Row> since(long since, String reason, int limit) throws SQLException {
        String sql = "SELECT id, received_at, topic, reason, detail, payload, payload_bytes FROM dead_letter "
                + "WHERE received_at >= ?" + (reason == null ? "" : " AND reason = ?")
                + " ORDER BY received_at DESC, id DESC LIMIT ?";
        List<Row> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, BatchWriter.time(since));
            if (reason != null) {
                ps.setString(i++, reason);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getBytes(6), rs.getInt(7)));
                }
            }
        }
        return out;
    }

    /** Deletes dead letters older than the retention; returns how many. */
    public int purgeOlderThan(long cutoff) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letter WHERE received_at < ?")) {
            ps.setObject(1, BatchWriter.time(cutoff));
            return ps.executeUpdate();
        }
    }
}

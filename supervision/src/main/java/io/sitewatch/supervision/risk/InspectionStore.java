package io.sitewatch.supervision.risk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The recorded inspection draws ({@code inspection_draw}). Blocking: call from a worker thread. */
public final class InspectionStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A recorded draw; {@code scope} the region codes it drew from ({@code *} = all); {@code theme}
     * the monthly theme whose projects it drew among (null: all projects).
     */
    public record Draw(long id, Instant drawnAt, String drawnBy, List<String> scope, String model, Instant from, Instant to,
                       long seed, int count, List<Map<String, Object>> picks, String theme) {
    }

    private final DataSource ds;

    public InspectionStore(DataSource ds) {
        this.ds = ds;
    }

    public long insert(Draw d) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO inspection_draw (drawn_at, drawn_by, scope, model, from_ts, to_ts, seed, count, picks, theme)
                VALUES (?,?,?,?,?,?,?,?,?::jsonb,?) RETURNING id""")) {
            ps.setTimestamp(1, Timestamp.from(d.drawnAt()));
            ps.setString(2, d.drawnBy());
            ps.setString(3, String.join(",", d.scope()));
            ps.setString(4, d.model());
            ps.setTimestamp(5, Timestamp.from(d.from()));
            ps.setTimestamp(6, Timestamp.from(d.to()));
            ps.setLong(7, d.seed());
            ps.setInt(8, d.count());
            ps.setString(9, JSON.writeValueAsString(d.picks()));
            ps.setString(10, d.theme());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest draws, newest first. */
    public List<Draw> latest(int limit) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, drawn_at, drawn_by, scope, model, from_ts, to_ts, seed, count, picks::text, theme
                FROM inspection_draw ORDER BY drawn_at DESC, id DESC LIMIT ?""")) {
            ps.setInt(1, limit);
            List<Draw> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Draw(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), List.of(rs.getString(4).split(",")),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getLong(8), rs.getInt(9),
                            JSON.readValue(rs.getString(10), new TypeReference<List<Map<String, Object>>>() { }), rs.getString(11)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

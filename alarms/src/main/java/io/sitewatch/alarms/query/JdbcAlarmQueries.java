package io.sitewatch.alarms.query;

import io.sitewatch.core.port.AlarmQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link AlarmQueries} over the {@code alarm} table (index {@code alarm_site_start_idx}). */
public final class JdbcAlarmQueries implements AlarmQueries {

    private final DataSource ds;

    public JdbcAlarmQueries(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public List<StartedAlarm> startedIn(String siteId, Instant from, Instant to) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, start_ts, ack_ts FROM alarm WHERE site_id = ? AND start_ts >= ? AND start_ts < ? ORDER BY start_ts")) {
            ps.setString(1, siteId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            List<StartedAlarm> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp ack = rs.getTimestamp(3);
                    out.add(new StartedAlarm(rs.getString(1), rs.getTimestamp(2).toInstant(), ack == null ? null : ack.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("alarm query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String stateOf(String alarmId) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT state FROM alarm WHERE id = ?")) {
            ps.setString(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alarm query failed: " + e.getMessage(), e);
        }
    }
}

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

    /**
     * One scan of {@code alarm_start_idx} over the window, grouped per site, rule and level; an
     * alarm's first disposal is looked up in its history ({@code alarm_event_alarm_idx}) only for
     * alarm-level alarms, the ones whose disposal is counted.
     */
    @Override
    public List<AlarmTally> tallies(Instant from, Instant to, long capSeconds, long disposeCapSeconds, int idsPerTally) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT site_id, rule, level, count(*),
                       sum(least(extract(epoch FROM least(coalesce(ack_ts, ?), ?) - start_ts), ?)),
                       sum(least(extract(epoch FROM least(coalesce(d.disposed, ?), ?) - start_ts), ?)),
                       (array_agg(id ORDER BY start_ts DESC, id))[1:?]
                FROM alarm a LEFT JOIN LATERAL (
                    SELECT min(e.at) AS disposed FROM alarm_event e
                    WHERE a.level = 'alarm' AND e.alarm_id = a.id AND e.transition = 'disposed') d ON true
                WHERE start_ts >= ? AND start_ts < ? GROUP BY site_id, rule, level ORDER BY site_id, rule, level""")) {
            Timestamp end = Timestamp.from(to);
            ps.setTimestamp(1, end);
            ps.setTimestamp(2, end);
            ps.setLong(3, capSeconds);
            ps.setTimestamp(4, end);
            ps.setTimestamp(5, end);
            ps.setLong(6, disposeCapSeconds);
            ps.setInt(7, idsPerTally);
            ps.setTimestamp(8, Timestamp.from(from));
            ps.setTimestamp(9, end);
            List<AlarmTally> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] ids = (String[]) rs.getArray(7).getArray();
                    out.add(new AlarmTally(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            Math.max(0, rs.getDouble(5)), Math.max(0, rs.getDouble(6)), List.of(ids)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("alarm query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SiteAlarm> ofSiteIn(String siteId, Instant from, Instant to) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, device_id, rule, level, start_ts, ack_ts, (SELECT min(e.at) FROM alarm_event e WHERE e.alarm_id = alarm.id "
                        + "AND e.transition = 'disposed') FROM alarm WHERE site_id = ? AND start_ts >= ? AND start_ts < ? ORDER BY start_ts, id")) {
            ps.setString(1, siteId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            List<SiteAlarm> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp ack = rs.getTimestamp(6);
                    Timestamp disposed = rs.getTimestamp(7);
                    out.add(new SiteAlarm(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), ack == null ? null : ack.toInstant(),
                            disposed == null ? null : disposed.toInstant()));
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

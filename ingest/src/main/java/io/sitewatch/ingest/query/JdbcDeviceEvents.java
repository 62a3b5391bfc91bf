package io.sitewatch.ingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.port.DeviceEvents;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** {@link DeviceEvents} over {@code device_event}. */
public final class JdbcDeviceEvents implements DeviceEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource ds;

    public JdbcDeviceEvents(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public List<Event> ofSite(String siteId, Set<String> types, Instant from, Instant to) {
        return Rows.query(ds, "device event",
                "SELECT device_id, ts, type, data::text FROM device_event WHERE site_id = ? AND type = ANY(?) AND ts >= ? AND ts < ? ORDER BY ts",
                ps -> {
                    ps.setString(1, siteId);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", types.toArray()));
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                },
                rs -> new Event(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), readJson(rs.getString(4))));
    }

    /** One range scan of {@code device_event_type_ts_idx} per type; the fields extracted by the database. */
    @Override
    public List<DutyEvent> dutyEvents(Instant from, Instant to) {
        return Rows.query(ds, "device event", """
                SELECT site_id, device_id, ts, type, data ->> 'officer_id',
                       CASE WHEN jsonb_typeof(data -> 'lat') = 'number' THEN (data ->> 'lat')::float8 END,
                       CASE WHEN jsonb_typeof(data -> 'lon') = 'number' THEN (data ->> 'lon')::float8 END,
                       CASE WHEN type = 'safety_log' THEN data ->> 'log_date' END
                FROM device_event WHERE type IN ('clock_in', 'safety_log') AND ts >= ? AND ts < ?""",
                ps -> {
                    // Binary rows at once (the driver otherwise sends text until a statement has run five
                    // times): a province's month is ~650,000 rows, and parsing their timestamps and
                    // numbers from text was most of the read.
                    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                },
                rs -> {
                    double lat = rs.getDouble(6);
                    Double la = rs.wasNull() ? null : lat;
                    double lon = rs.getDouble(7);
                    Double lo = rs.wasNull() ? null : lon;
                    return new DutyEvent(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                            rs.getString(5), la, lo, rs.getString(8));
                });
    }

    @Override
    public List<OperatorEvent> latestOperatorEvents(Duration lookback) {
        return Rows.query(ds, "device event", """
                SELECT DISTINCT ON (device_id) device_id, type, data ->> 'cert_no', ts FROM device_event
                WHERE type IN ('operator_login', 'operator_logout') AND ts >= now() - make_interval(secs => ?)
                ORDER BY device_id, ts DESC""",
                ps -> ps.setDouble(1, lookback.toMillis() / 1000.0),
                rs -> new OperatorEvent(rs.getString(1), "operator_login".equals(rs.getString(2)), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
    }

    private static JsonNode readJson(String s) throws SQLException {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new SQLException("unreadable event data: " + e.getMessage(), e);
        }
    }
}

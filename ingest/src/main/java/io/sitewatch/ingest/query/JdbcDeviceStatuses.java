package io.sitewatch.ingest.query;

import io.sitewatch.core.port.DeviceStatuses;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/** {@link DeviceStatuses} over {@code device_status}. */
public final class JdbcDeviceStatuses implements DeviceStatuses {

    private final DataSource ds;

    public JdbcDeviceStatuses(DataSource ds) {
        this.ds = ds;
    }

    /** The status received last per device (of two received together, the one with the later time). */
    @Override
    public List<Status> latest() {
        return Rows.query(ds, "device status", """
                SELECT DISTINCT ON (device_id) device_id, online, reason, ts, device_clock, received_at FROM device_status
                ORDER BY device_id, received_at DESC, ts DESC""",
                ps -> { },
                rs -> new Status(rs.getString(1), rs.getBoolean(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getBoolean(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant()));
    }
}

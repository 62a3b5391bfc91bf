package io.sitewatch.ingest.query;

import io.sitewatch.core.port.TelemetryHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * {@link TelemetryHistory} over the {@code telemetry} relation (the plain layout's view over its
 * sample rows, or the TimescaleDB hypertable), read with a cursor so that hours of samples of a
 * whole fleet pass through in fetches of {@value #FETCH_SIZE} rows.
 */
public final class JdbcTelemetryHistory implements TelemetryHistory {

    static final int FETCH_SIZE = 10_000;

    private final DataSource ds;

    public JdbcTelemetryHistory(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void samplesSince(Collection<String> metrics, Duration lookback, SampleSink sink) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT device_id, metric, ts, value FROM telemetry "
                     + "WHERE metric = ANY(?) AND ts >= now() - make_interval(secs => ?) AND ts <= now() + interval '5 minutes' "
                     + "ORDER BY ts")) {
            ps.setArray(1, c.createArrayOf("text", metrics.toArray()));
            ps.setDouble(2, lookback.toMillis() / 1000.0);
            ps.setFetchSize(FETCH_SIZE);
            // The driver only uses a cursor (and fetches in pieces) inside a transaction.
            c.setAutoCommit(false);
            try {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.sample(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli(),
                                rs.getDouble(4));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("telemetry history query failed: " + e.getMessage(), e);
        }
    }
}

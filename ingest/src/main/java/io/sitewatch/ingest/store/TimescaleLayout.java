package io.sitewatch.ingest.store;

import io.sitewatch.ingest.store.StorageMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimescaleDB: one row per metric value in the hypertable {@code telemetry} (continuous aggregates
 * need the metric as a column; they cannot expand a sample's arrays), chunks are created by the extension, rollups are continuous aggregates refreshed
 * by their policies, and retention and compression are policies reconciled here with the
 * configuration.
 */
final class TimescaleLayout implements StorageLayout {

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleLayout.class);

    private final int retentionDays;
    private volatile boolean policiesReconciled;

    TimescaleLayout(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    @Override
    public StorageMode mode() {
        return StorageMode.TIMESCALEDB;
    }

    @Override
    public void prepareDays(Connection c, Set<LocalDate> utcDays) {
        // Chunks are created on insert by TimescaleDB.
    }

    @Override
    public TelemetryEncoder telemetryEncoder() {
        return new MetricRowEncoder();
    }

    @Override
    public void afterTelemetryInsert(Connection c, Set<Long> epochMinutes) {
        // Continuous aggregates track invalidations themselves.
    }

    @Override
    public int rollup(Connection c, Duration settle) {
        return 0;
    }

    @Override
    public void maintain(Connection c) throws SQLException {
        if (policiesReconciled) {
            return;
        }
        String keep = "INTERVAL '" + retentionDays + " days'";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT add_compression_policy('telemetry', INTERVAL '7 days', if_not_exists => true)");
            for (String relation : new String[] {"telemetry", "telemetry_1m", "telemetry_1h"}) {
                st.execute("SELECT remove_retention_policy('" + relation + "', if_exists => true)");
                st.execute("SELECT add_retention_policy('" + relation + "', " + keep + ")");
            }
            st.execute("""
                    SELECT add_continuous_aggregate_policy('telemetry_1m', start_offset => INTERVAL '3 days',
                        end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute', if_not_exists => true)""");
            st.execute("""
                    SELECT add_continuous_aggregate_policy('telemetry_1h', start_offset => INTERVAL '7 days',
                        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes', if_not_exists => true)""");
        } finally {
            c.setAutoCommit(auto);
        }
        policiesReconciled = true;
        LOG.info("TimescaleDB policies: compression after 7 days, retention {} days, continuous aggregates 1m/1h", retentionDays);
    }
}

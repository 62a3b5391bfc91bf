package io.sitewatch.ingest.store;

import io.sitewatch.platform.db.ModuleSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest module's tables: events, statuses, dead letters and the telemetry of one of two layouts.
 * Chooses the layout (TimescaleDB when the extension is there and wanted, else plain partitioned
 * PostgreSQL); once a database has a layout it keeps it, and a later start that would choose the
 * other one fails loudly.
 */
public final class IngestSchema {

    private static final Logger LOG = LoggerFactory.getLogger(IngestSchema.class);

    private IngestSchema() {
    }

    /** The layout chosen and the migrations that make it. */
    public record Layout(StorageMode mode, ModuleSchema schema) {
    }

    /** @param timescale {@code auto}, {@code on} or {@code off} */
    public static Layout choose(DataSource ds, String timescale) throws SQLException {
        StorageMode existing = existingLayout(ds);
        if (existing != null && "on".equals(timescale) && existing != StorageMode.TIMESCALEDB
                || existing != null && "off".equals(timescale) && existing != StorageMode.POSTGRES_PARTITIONED) {
            throw new IllegalStateException("database already uses the " + existing.label()
                    + " layout; database.timescale=" + timescale + " cannot change it");
        }
        StorageMode mode = existing != null ? existing : pick(ds, timescale);
        LOG.info("time-series layout: {}", mode.label());
        return new Layout(mode, schemaOf(mode));
    }

    /** The migrations that make the given layout. */
    public static ModuleSchema schemaOf(StorageMode mode) {
        String variant = mode == StorageMode.TIMESCALEDB ? "timescale" : "plain";
        return new ModuleSchema("ingest", "classpath:db/ingest/common", "classpath:db/ingest/" + variant);
    }

    private static StorageMode pick(DataSource ds, String timescale) throws SQLException {
        if ("off".equals(timescale)) {
            return StorageMode.POSTGRES_PARTITIONED;
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            boolean available;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                available = rs.next();
            }
            if (available) {
                try {
                    st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                    return StorageMode.TIMESCALEDB;
                } catch (SQLException e) {
                    // Installed but not preloaded (shared_preload_libraries) or not permitted.
                    LOG.warn("TimescaleDB is installed but cannot be enabled: {}", e.getMessage());
                }
            }
        }
        if ("on".equals(timescale)) {
            throw new IllegalStateException("database.timescale=on but the timescaledb extension is not available");
        }
        return StorageMode.POSTGRES_PARTITIONED;
    }

    /**
     * The layout of an already migrated database, or null for an empty one: the plain layout's
     * telemetry table is partitioned ({@code telemetry}, since V11 {@code telemetry_sample}), the
     * TimescaleDB hypertable is an ordinary table to the catalogue.
     */
    public static StorageMode existingLayout(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT c.relkind::text
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relname IN ('telemetry', 'telemetry_sample') AND c.relkind IN ('p', 'r')
                       AND n.nspname = current_schema()
                     ORDER BY c.relname DESC LIMIT 1""")) {
            if (!rs.next()) {
                return null;
            }
            return "p".equals(rs.getString(1)) ? StorageMode.POSTGRES_PARTITIONED : StorageMode.TIMESCALEDB;
        }
    }
}

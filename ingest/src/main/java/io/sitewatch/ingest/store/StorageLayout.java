package io.sitewatch.ingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Set;

/**
 * What differs between TimescaleDB and plain PostgreSQL once the schema exists: where rows of a
 * new day go, how rollups are kept current, and how old data leaves.
 */
public interface StorageLayout {

    StorageMode mode();

    /** Outside the batch transaction (it may run DDL): make room for rows of these UTC days. */
    void prepareDays(Connection c, Set<LocalDate> utcDays) throws SQLException;

    /** Inside the batch transaction, after the staged telemetry rows were inserted. */
    void afterTelemetryInsert(Connection c) throws SQLException;

    /** Brings rollups up to date; returns how many minute buckets it rolled up. */
    int rollup(Connection c) throws SQLException;

    /** Partitions ahead, retention, policies: runs at start and then every maintenance interval. */
    void maintain(Connection c) throws SQLException;

    static StorageLayout of(StorageMode mode, int retentionDays, int partitionsAheadDays) {
        return mode == StorageMode.TIMESCALEDB
                ? new TimescaleLayout(retentionDays)
                : new PartitionedLayout(retentionDays, partitionsAheadDays);
    }
}

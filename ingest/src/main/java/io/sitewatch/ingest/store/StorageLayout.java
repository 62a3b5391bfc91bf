package io.sitewatch.ingest.store;

import io.sitewatch.ingest.store.StorageMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;

/**
 * What differs between TimescaleDB and plain PostgreSQL once the schema exists: the shape of the
 * stored rows, where rows of a new day go, how rollups are kept current, and how old data leaves.
 * Readers see the same relation in both: {@code telemetry (device_id, metric, ts, value)}.
 */
public interface StorageLayout {

    StorageMode mode();

    /** Outside the batch transaction (it may run DDL): make room for rows of these UTC days. */
    void prepareDays(Connection c, Set<LocalDate> utcDays) throws SQLException;

    /** A fresh encoder for one writer: the table telemetry is copied into and its row shape. */
    TelemetryEncoder telemetryEncoder();

    /**
     * Inside the batch transaction, after its telemetry was inserted; {@code epochMinutes} are the
     * minutes (since the Unix epoch) its samples fall in.
     */
    void afterTelemetryInsert(Connection c, Set<Long> epochMinutes) throws SQLException;

    /**
     * Brings rollups up to date a round at a time; returns how many minutes the round rolled up
     * (0: none due). A minute is due once it has closed and, when {@code settle} is not zero, no
     * batch has added to it for that long: under a backlog late samples keep arriving for a minute,
     * and rolling it up again after every batch cost a whole core (docs/benchmarks.md).
     */
    int rollup(Connection c, Duration settle) throws SQLException;

    /** A round of {@link #rollup(Connection, Duration)} that does not wait for minutes to settle. */
    default int rollup(Connection c) throws SQLException {
        return rollup(c, Duration.ZERO);
    }

    /** Partitions ahead, retention, policies: runs at start and then every maintenance interval. */
    void maintain(Connection c) throws SQLException;

    static StorageLayout of(StorageMode mode, int retentionDays, int partitionsAheadDays) {
        return mode == StorageMode.TIMESCALEDB
                ? new TimescaleLayout(retentionDays)
                : new PartitionedLayout(retentionDays, partitionsAheadDays);
    }
}

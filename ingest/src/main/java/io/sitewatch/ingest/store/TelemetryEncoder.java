package io.sitewatch.ingest.store;

import io.sitewatch.core.model.IngestRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How a layout's telemetry table takes rows: the table and columns of the binary COPY, the
 * session's staging table with the same columns, and the encoding of validated messages into one
 * COPY stream per batch. One instance per writer thread; the buffer is reused between batches.
 */
interface TelemetryEncoder {

    /** The table rows are copied into. */
    String table();

    /** The COPY column list, e.g. {@code (ts, device_no, metric_set, vals)}. */
    String columns();

    /** Column definitions of the temp staging table (same columns as {@link #columns()}). */
    String stageColumns();

    /** The SQL expression, over the inserted rows, of how many metric values a row holds. */
    String valuesPerRow();

    /**
     * Encodes the messages into a new COPY stream. Runs before the batch transaction: whatever the
     * encoding needs first (numbers for new metric names, devices or metric sets) is committed
     * on its own.
     */
    void encode(Connection c, List<IngestRecord.Telemetry> messages) throws SQLException;

    /** The COPY stream being built. */
    CopyBuffer buffer();

    /** Rows in the current stream. */
    long rows();

    /** Metric values in the current stream. */
    long values();
}

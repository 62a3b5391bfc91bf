package io.sitewatch.ingest.store;

import io.sitewatch.ingest.model.DeadLetter;
import io.sitewatch.ingest.model.IngestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link StoreBatch} per transaction on a dedicated connection: telemetry through
 * binary COPY into a session-local staging table and straight into {@code telemetry}, falling back
 * to {@code INSERT … ON CONFLICT DO NOTHING} from the stage when the batch holds a sample already
 * stored (a redelivered sample is stored once), then events, statuses and
 * dead letters. Not thread-safe: one writer thread owns it. A failed batch rolls back completely
 * and drops the connection, so the next attempt starts on a fresh one.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;
    private final StorageLayout layout;
    private final String name;
    private final TelemetryCopyEncoder encoder = new TelemetryCopyEncoder();
    private Connection connection;

    public BatchWriter(Database database, StorageLayout layout, String name) {
        this.database = database;
        this.layout = layout;
        this.name = name;
    }

    public BatchResult write(StoreBatch batch) throws SQLException {
        long started = System.nanoTime();
        Connection c = connection();
        try {
            Set<LocalDate> days = new HashSet<>();
            encoder.reset();
            int events = 0;
            int statuses = 0;
            for (StoreBatch.Received r : batch.records()) {
                IngestRecord record = r.record();
                if (record instanceof IngestRecord.Telemetry t) {
                    encoder.add(t, days);
                } else if (record instanceof IngestRecord.Event) {
                    events++;
                } else {
                    statuses++;
                }
            }
            encoder.finish();
            if (!days.isEmpty()) {
                layout.prepareDays(c, days);
            }
            c.setAutoCommit(false);
            long inserted = 0;
            if (encoder.rows() > 0) {
                // The stage (temp, no index: cheap) feeds the layout's hook and the duplicate path.
                copy(c, "COPY telemetry_stage (device_id, metric, ts, value) FROM STDIN (FORMAT binary)");
                inserted = insertTelemetry(c);
                layout.afterTelemetryInsert(c);
            }
            int eventsInserted = events == 0 ? 0 : writeEvents(c, batch);
            if (statuses > 0) {
                writeStatuses(c, batch);
            }
            if (!batch.deadLetters().isEmpty()) {
                writeDeadLetters(c, batch);
            }
            c.commit();
            return new BatchResult(batch.messages(), encoder.rows(), inserted, events, eventsInserted, statuses,
                    batch.deadLetters().size(), System.nanoTime() - started);
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            throw e;
        }
    }

    /**
     * Inserts the staged rows into {@code telemetry}, each sample once. Almost every batch holds
     * only new samples, so the rows are first COPYed straight into the table under a savepoint
     * (measured here: ~35 ms for 7000 rows against ~50–120 ms for INSERT … SELECT … ON CONFLICT,
     * whose speculative insertion costs more per row). If any row is already stored (a QoS 1
     * redelivery, a re-sent buffer) the COPY fails on the primary key, is rolled back to the
     * savepoint, and the batch goes in through {@code ON CONFLICT DO NOTHING} from the stage.
     */
    private long insertTelemetry(Connection c) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            long rows = copy(c, "COPY telemetry (device_id, metric, ts, value) FROM STDIN (FORMAT binary)");
            c.releaseSavepoint(savepoint);
            return rows;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
        }
        try (Statement st = c.createStatement()) {
            return st.executeUpdate("""
                    INSERT INTO telemetry (device_id, metric, ts, value)
                    SELECT device_id, metric, ts, value FROM telemetry_stage
                    ON CONFLICT DO NOTHING""");
        }
    }

    private long copy(Connection c, String sql) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(encoder.bytes(), 0, encoder.length());
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private int writeEvents(Connection c, StoreBatch batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_event (device_id, ts, type, site_id, data, known_type, received_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (StoreBatch.Received r : batch.records()) {
                if (r.record() instanceof IngestRecord.Event e) {
                    ps.setString(1, e.device().deviceId());
                    ps.setObject(2, time(e.ts()));
                    ps.setString(3, e.type());
                    ps.setString(4, e.device().siteId());
                    ps.setString(5, e.dataJson());
                    ps.setBoolean(6, e.knownType());
                    ps.setObject(7, time(r.receivedAt()));
                    ps.addBatch();
                }
            }
            return Arrays.stream(ps.executeBatch()).map(n -> n > 0 ? 1 : 0).sum();
        }
    }

    private void writeStatuses(Connection c, StoreBatch batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_status (device_id, ts, online, device_clock, received_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (StoreBatch.Received r : batch.records()) {
                if (r.record() instanceof IngestRecord.Status s) {
                    ps.setString(1, s.device().deviceId());
                    ps.setObject(2, time(s.ts() != null ? s.ts() : r.receivedAt()));
                    ps.setBoolean(3, s.online());
                    ps.setBoolean(4, s.ts() != null);
                    ps.setObject(5, time(r.receivedAt()));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void writeDeadLetters(Connection c, StoreBatch batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO dead_letter (received_at, topic, reason, detail, payload, payload_bytes)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (DeadLetter d : batch.deadLetters()) {
                ps.setObject(1, time(d.receivedAt()));
                ps.setString(2, d.topic());
                ps.setString(3, d.reason().code());
                ps.setString(4, d.detail());
                byte[] payload = d.payload();
                int max = io.sitewatch.ingest.protocol.WireProtocol.MAX_PAYLOAD_BYTES;
                ps.setBytes(5, payload.length > max ? Arrays.copyOf(payload, max) : payload);
                ps.setInt(6, payload.length);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = database.openDedicated(name);
            try (Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE 'UTC'");
                st.execute("""
                        CREATE TEMP TABLE IF NOT EXISTS telemetry_stage (
                            device_id text COLLATE "C", metric text COLLATE "C", ts timestamptz, value double precision
                        ) ON COMMIT DELETE ROWS""");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void discardConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a failed writer connection: {}", e.getMessage());
            }
            connection = null;
        }
    }

    static OffsetDateTime time(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }

    @Override
    public void close() {
        discardConnection();
    }
}

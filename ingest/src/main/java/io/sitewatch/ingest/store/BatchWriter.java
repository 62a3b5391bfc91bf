package io.sitewatch.ingest.store;

import io.sitewatch.core.model.Received;

import io.sitewatch.platform.db.Database;

import io.sitewatch.core.model.DeadLetter;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link StoreBatch} per transaction on a dedicated connection: telemetry through
 * binary COPY straight into the layout's telemetry table, falling back to {@code INSERT … ON
 * CONFLICT DO NOTHING} from a session-local staging table when the batch holds a sample already
 * stored (a redelivered sample is stored once), then events, statuses and dead letters. Not
 * thread-safe: one writer thread owns it. A failed batch rolls back completely and drops the
 * connection, so the next attempt starts on a fresh one.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final long MS_PER_MINUTE = 60_000L;
    private static final long MINUTES_PER_DAY = 1440L;
    private static final int ROWS_PER_COPY = 250;

    private final Database database;
    private final StorageLayout layout;
    private final String name;
    private final TelemetryEncoder encoder;
    private Connection connection;

    public BatchWriter(Database database, StorageLayout layout, String name) {
        this.database = database;
        this.layout = layout;
        this.name = name;
        this.encoder = layout.telemetryEncoder();
    }

    public BatchResult write(StoreBatch batch) throws SQLException {
        long started = System.nanoTime();
        Connection c = connection();
        try {
            List<IngestRecord.Telemetry> telemetry = new ArrayList<>();
            Set<LocalDate> days = new HashSet<>();
            Set<Long> minutes = new HashSet<>();
            int events = 0;
            int statuses = 0;
            for (Received r : batch.records()) {
                IngestRecord record = r.record();
                if (record instanceof IngestRecord.Telemetry t) {
                    telemetry.add(t);
                    for (Sample s : t.samples()) {
                        long minute = Math.floorDiv(s.ts(), MS_PER_MINUTE);
                        if (minutes.add(minute)) {
                            days.add(LocalDate.ofEpochDay(Math.floorDiv(minute, MINUTES_PER_DAY)));
                        }
                    }
                } else if (record instanceof IngestRecord.Event) {
                    events++;
                } else {
                    statuses++;
                }
            }
            if (!days.isEmpty()) {
                layout.prepareDays(c, days);
            }
            encoder.encode(c, telemetry);
            c.setAutoCommit(false);
            long inserted = 0;
            if (encoder.rows() > 0) {
                inserted = insertTelemetry(c);
                layout.afterTelemetryInsert(c, minutes);
            }
            int eventsInserted = events == 0 ? 0 : writeEvents(c, batch);
            if (statuses > 0) {
                writeStatuses(c, batch);
            }
            if (!batch.deadLetters().isEmpty()) {
                writeDeadLetters(c, batch);
            }
            c.commit();
            return new BatchResult(batch.messages(), encoder.values(), inserted, events, eventsInserted, statuses,
                    batch.deadLetters().size(), System.nanoTime() - started);
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            throw e;
        }
    }

    /**
     * Inserts the batch's telemetry, each sample once, and returns how many metric values were
     * new. Almost every batch holds only new samples, so the rows are COPYed straight into the
     * table under a savepoint (cheaper than {@code INSERT … ON CONFLICT}, whose speculative
     * insertion costs more per row). If any sample is already stored (a QoS 1 redelivery, a
     * re-sent buffer) the COPY fails on the primary key, is rolled back to the savepoint, and the
     * batch goes through the staging table and {@code ON CONFLICT DO NOTHING}.
     */
    private long insertTelemetry(Connection c) throws SQLException {
        String table = encoder.table();
        String columns = encoder.columns();
        Savepoint savepoint = c.setSavepoint();
        try {
            copy(c, "COPY " + table + " " + columns + " FROM STDIN (FORMAT binary)");
            c.releaseSavepoint(savepoint);
            return encoder.values();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
        }
        copy(c, "COPY telemetry_stage " + columns + " FROM STDIN (FORMAT binary)");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                WITH inserted AS (
                    INSERT INTO %s %s SELECT %s FROM telemetry_stage
                    ON CONFLICT DO NOTHING RETURNING %s AS n)
                SELECT coalesce(sum(n), 0) FROM inserted"""
                .formatted(table, columns, columns.substring(1, columns.length() - 1), encoder.valuesPerRow()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Sends the stream as COPY statements of at most {@link #ROWS_PER_COPY} rows each, every one
     * with the stream's header and trailer. PostgreSQL 15 registers each of a COPY's buffered
     * tuple slots with the transaction's resource owner, and that registry slows down as it fills
     * (all slots share one descriptor): four statements of 250 rows cost ~7 % less server CPU than
     * one of 1000 (docs/benchmarks.md).
     */
    private void copy(Connection c, String sql) throws SQLException {
        CopyBuffer stream = encoder.buffer();
        byte[] bytes = stream.bytes();
        int trailer = stream.tupleStart(stream.tuples());
        for (int first = 0; first < stream.tuples(); first += ROWS_PER_COPY) {
            int from = stream.tupleStart(first);
            int to = stream.tupleStart(Math.min(stream.tuples(), first + ROWS_PER_COPY));
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                copy.writeToCopy(bytes, 0, CopyBuffer.headerLength());
                copy.writeToCopy(bytes, from, to - from);
                copy.writeToCopy(bytes, trailer, stream.length() - trailer);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    private int writeEvents(Connection c, StoreBatch batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_event (device_id, ts, type, site_id, data, known_type, received_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Received r : batch.records()) {
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
                INSERT INTO device_status (device_id, ts, online, device_clock, received_at, reason)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Received r : batch.records()) {
                if (r.record() instanceof IngestRecord.Status s) {
                    ps.setString(1, s.device().deviceId());
                    ps.setObject(2, time(s.ts() != null ? s.ts() : r.receivedAt()));
                    ps.setBoolean(3, s.online());
                    ps.setBoolean(4, s.ts() != null);
                    ps.setObject(5, time(r.receivedAt()));
                    ps.setString(6, s.reason());
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
                int max = io.sitewatch.core.protocol.WireProtocol.MAX_PAYLOAD_BYTES;
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
                        CREATE TEMP TABLE IF NOT EXISTS telemetry_stage (%s) ON COMMIT DELETE ROWS"""
                        .formatted(encoder.stageColumns()));
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

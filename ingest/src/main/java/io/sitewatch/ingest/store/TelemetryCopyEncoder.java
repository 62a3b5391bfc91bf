package io.sitewatch.ingest.store;

import io.sitewatch.ingest.model.IngestRecord;
import io.sitewatch.ingest.model.Sample;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Encodes telemetry rows (device_id, metric, ts, value) in PostgreSQL's binary COPY format, which
 * the server reads several times faster than text (measured-here.md). One encoder per writer
 * thread; the buffer is reused between batches.
 */
final class TelemetryCopyEncoder {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01 UTC. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long MS_PER_DAY = 86_400_000L;

    private byte[] buf = new byte[1 << 16];
    private int len;
    private long rows;

    /** Starts a new COPY stream. */
    void reset() {
        len = 0;
        rows = 0;
        put(HEADER, 0, HEADER.length);
    }

    /** Adds the rows of one message and records the UTC days they fall on. */
    void add(IngestRecord.Telemetry t, Set<LocalDate> days) {
        byte[] device = t.device().deviceId().getBytes(StandardCharsets.UTF_8);
        for (Sample s : t.samples()) {
            days.add(LocalDate.ofEpochDay(Math.floorDiv(s.ts(), MS_PER_DAY)));
            long pgMicros = s.ts() * 1000L - PG_EPOCH_MICROS;
            for (Map.Entry<String, Double> v : s.values().entrySet()) {
                byte[] metric = v.getKey().getBytes(StandardCharsets.UTF_8);
                ensure(2 + 4 + device.length + 4 + metric.length + 4 + 8 + 4 + 8);
                putShort(4);
                putInt(device.length);
                put(device, 0, device.length);
                putInt(metric.length);
                put(metric, 0, metric.length);
                putInt(8);
                putLong(pgMicros);
                putInt(8);
                putLong(Double.doubleToLongBits(v.getValue()));
                rows++;
            }
        }
    }

    /** Ends the stream; the bytes are {@code [0, length())} of {@link #bytes()}. */
    void finish() {
        ensure(2);
        putShort(-1);
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    long rows() {
        return rows;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void putShort(int v) {
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putInt(int v) {
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}

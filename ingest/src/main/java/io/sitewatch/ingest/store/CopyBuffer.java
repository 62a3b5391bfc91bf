package io.sitewatch.ingest.store;

import java.util.Arrays;

/**
 * A reusable buffer holding one stream in PostgreSQL's binary COPY format: header, tuples, trailer.
 * The server reads this format several times faster than text (measured-here.md).
 */
final class CopyBuffer {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01 UTC. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private byte[] buf = new byte[1 << 16];
    private int len;
    /** Where each tuple starts, and where the trailer does: a stream can be sent in parts. */
    private int[] tupleStarts = new int[1024];
    private int tuples;
    private int trailer;

    /** Starts a new stream. */
    void reset() {
        len = 0;
        tuples = 0;
        put(HEADER, 0, HEADER.length);
    }

    /** Ends the stream; the bytes are {@code [0, length())} of {@link #bytes()}. */
    void finish() {
        trailer = len;
        ensure(2);
        putShort(-1);
    }

    /** Tuples in the finished stream. */
    int tuples() {
        return tuples;
    }

    /** Where tuple {@code i} starts; {@code tupleStart(tuples())} is where the trailer starts. */
    int tupleStart(int i) {
        return i == tuples ? trailer : tupleStarts[i];
    }

    static int headerLength() {
        return HEADER.length;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Starts a tuple of {@code fields} columns. */
    void tuple(int fields) {
        if (tuples == tupleStarts.length) {
            tupleStarts = Arrays.copyOf(tupleStarts, tuples * 2);
        }
        tupleStarts[tuples++] = len;
        ensure(2);
        putShort(fields);
    }

    void text(byte[] utf8) {
        ensure(4 + utf8.length);
        putInt(utf8.length);
        put(utf8, 0, utf8.length);
    }

    /** A timestamptz from epoch milliseconds. */
    void timestamp(long epochMs) {
        ensure(12);
        putInt(8);
        putLong(epochMs * 1000L - PG_EPOCH_MICROS);
    }

    void int4(int v) {
        ensure(8);
        putInt(4);
        putInt(v);
    }

    void float8(double v) {
        ensure(12);
        putInt(8);
        putLong(Double.doubleToLongBits(v));
    }

    /** A one-dimensional {@code double precision[]} without nulls. */
    void float8Array(double[] values, int n) {
        ensure(4 + 20 + n * 12);
        putInt(20 + n * 12);
        arrayHeader(701, n);
        for (int i = 0; i < n; i++) {
            putInt(8);
            putLong(Double.doubleToLongBits(values[i]));
        }
    }

    /** ndim 1, no nulls, element type, length, lower bound 1. */
    private void arrayHeader(int elementOid, int n) {
        putInt(1);
        putInt(0);
        putInt(elementOid);
        putInt(n);
        putInt(1);
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

package io.sitewatch.ingest.alarm.eval;

import java.util.Arrays;

/**
 * Recent samples of one metric of one device, ordered by device time, so that late and
 * out-of-order samples land where they belong. Kept for the longest window a rule of the device's
 * kind needs, but never fewer than {@link #MIN_KEEP} samples (so "N consecutive samples" works for
 * slow devices) and never more than {@link #MAX_SAMPLES} (so a device reporting many times a second
 * cannot exhaust memory: a window then covers its newest samples only).
 *
 * <p>Primitive arrays rather than a sorted map: 16–20 bytes a sample instead of ~70, and appending
 * in time order (the common case) is O(1). Indexes passed in and out are 0 = oldest kept.
 */
public final class MetricWindow {

    static final int MIN_KEEP = 16;
    public static final int MAX_SAMPLES = 1024;
    /**
     * Arrays never grow past this: a full window then slides by one sample per put and is moved
     * back to the front once every {@code CAPACITY - MAX_SAMPLES} puts, not reallocated.
     */
    private static final int CAPACITY = MAX_SAMPLES + MAX_SAMPLES / 4;

    private long[] ts = new long[8];
    private double[] values = new double[8];
    private int start;
    private int end;
    /**
     * No later than the oldest sample's time: when it is not older than what a prune keeps, the
     * prune has nothing to drop and need not read the far (cold) end of the array.
     */
    private long oldestAtLeast = Long.MAX_VALUE;

    public void put(long t, double value) {
        if (end > start && t > ts[end - 1]) {
            append(t, value);
        } else if (end == start) {
            append(t, value);
            oldestAtLeast = t;
        } else {
            int i = Arrays.binarySearch(ts, start, end, t);
            if (i >= 0) {
                values[i] = value;
                return;
            }
            insert(-i - 1, t, value);
        }
        if (end - start > MAX_SAMPLES) {
            start++;
        }
    }

    private void append(long t, double value) {
        room();
        ts[end] = t;
        values[end] = value;
        end++;
    }

    private void insert(int at, long t, double value) {
        int offset = at - start;
        room();
        at = start + offset;
        System.arraycopy(ts, at, ts, at + 1, end - at);
        System.arraycopy(values, at, values, at + 1, end - at);
        ts[at] = t;
        values[at] = value;
        end++;
        oldestAtLeast = Math.min(oldestAtLeast, t);
    }

    /** Makes room for one more at the end: compact over dropped samples, or grow. */
    private void room() {
        if (end < ts.length) {
            return;
        }
        int size = end - start;
        if (start > 0 && (size < ts.length * 3 / 4 || ts.length >= CAPACITY)) {
            System.arraycopy(ts, start, ts, 0, size);
            System.arraycopy(values, start, values, 0, size);
        } else {
            int capacity = Math.min(Math.max(ts.length * 2, 8), CAPACITY);
            long[] nts = new long[Math.max(capacity, size + 1)];
            double[] nv = new double[nts.length];
            System.arraycopy(ts, start, nts, 0, size);
            System.arraycopy(values, start, nv, 0, size);
            ts = nts;
            values = nv;
        }
        start = 0;
        end = size;
    }

    /** The value at exactly {@code t}, or null. */
    public Double at(long t) {
        int i = search(t);
        return i >= 0 ? values[i] : null;
    }

    /** Drops samples older than {@code oldestKept}, but never the newest {@link #MIN_KEEP}. */
    public void prune(long oldestKept) {
        if (end - start <= MIN_KEEP || oldestAtLeast >= oldestKept) {
            return;
        }
        while (end - start > MIN_KEEP && ts[start] < oldestKept) {
            start++;
        }
        oldestAtLeast = ts[start];
    }

    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return end == start;
    }

    /** Index of the newest sample at or before {@code t}, or -1. */
    public int floor(long t) {
        int i = search(t);
        return (i >= 0 ? i : -i - 2) - start;
    }

    /**
     * {@link Arrays#binarySearch} over the kept samples, answering for the newest sample or later
     * (what the engine asks for nearly every time) without touching the rest of the array.
     */
    private int search(long t) {
        if (end > start) {
            long newest = ts[end - 1];
            if (t == newest) {
                return end - 1;
            }
            if (t > newest) {
                return -end - 1;
            }
        }
        return Arrays.binarySearch(ts, start, end, t);
    }

    /** Index of the oldest sample after {@code t}, or {@link #size()}. */
    public int firstAfter(long t) {
        return floor(t) + 1;
    }

    public long ts(int index) {
        return ts[start + index];
    }

    public double value(int index) {
        return values[start + index];
    }
}

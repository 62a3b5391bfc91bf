package io.sitewatch.alarms.eval;

/**
 * Recent samples of one metric of one device, ordered by device time, so that late and
 * out-of-order samples land where they belong. Kept for the longest window a rule of the device's
 * kind needs, but never fewer than {@link #MIN_KEEP} samples (so "N consecutive samples" works for
 * slow devices) and never more than {@link #MAX_SAMPLES} (so a device reporting many times a second
 * cannot exhaust memory: a window then covers its newest samples only).
 *
 * <p>Two primitive ring buffers (16 bytes a sample instead of ~70 in a sorted map). Appending in
 * time order, the common case, writes one slot and drops the oldest sample in place once the window
 * is full: nothing is ever moved back to the front, which in a fleet of a thousand fast devices
 * cost a cache miss per sample. Indexes passed in and out are logical, 0 = oldest kept.
 */
public final class MetricWindow {

    static final int MIN_KEEP = 16;
    /** A power of two: the ring never grows past it. */
    public static final int MAX_SAMPLES = 1024;

    private long[] ts = new long[8];
    private double[] values = new double[8];
    /** Slot of the oldest sample; slots are taken modulo the capacity (a power of two). */
    private int head;
    private int size;
    /**
     * No later than the oldest sample's time: when it is not older than what a prune keeps, the
     * prune has nothing to drop and need not read the far (cold) end of the ring.
     */
    private long oldestAtLeast = Long.MAX_VALUE;

    public void put(long t, double value) {
        if (size == 0) {
            oldestAtLeast = t;
            append(t, value);
            return;
        }
        if (t > ts(size - 1)) {
            append(t, value);
            return;
        }
        int i = search(t);
        if (i >= 0) {
            values[slot(i)] = value;
            return;
        }
        insert(-i - 1, t, value);
    }

    private void append(long t, double value) {
        if (size == ts.length) {
            if (size < MAX_SAMPLES) {
                grow();
            } else {
                // Full: the new sample takes the oldest one's slot.
                ts[head] = t;
                values[head] = value;
                head = (head + 1) & (ts.length - 1);
                return;
            }
        }
        int s = slot(size);
        ts[s] = t;
        values[s] = value;
        size++;
    }

    /** Inserts before logical index {@code at}, dropping the oldest sample first when full. */
    private void insert(int at, long t, double value) {
        if (size == MAX_SAMPLES) {
            if (at == 0) {
                return; // older than everything a full window keeps: dropped at once
            }
            head = (head + 1) & (ts.length - 1);
            size--;
            at--;
        } else if (size == ts.length) {
            grow();
        }
        for (int i = size; i > at; i--) {
            int to = slot(i);
            int from = slot(i - 1);
            ts[to] = ts[from];
            values[to] = values[from];
        }
        int s = slot(at);
        ts[s] = t;
        values[s] = value;
        size++;
        oldestAtLeast = Math.min(oldestAtLeast, t);
    }

    private void grow() {
        int capacity = Math.min(ts.length * 2, MAX_SAMPLES);
        long[] nts = new long[capacity];
        double[] nv = new double[capacity];
        for (int i = 0; i < size; i++) {
            nts[i] = ts[slot(i)];
            nv[i] = values[slot(i)];
        }
        ts = nts;
        values = nv;
        head = 0;
    }

    private int slot(int index) {
        return (head + index) & (ts.length - 1);
    }

    /** The value at exactly {@code t}, or null. */
    public Double at(long t) {
        int i = search(t);
        return i >= 0 ? values[slot(i)] : null;
    }

    /** Drops samples older than {@code oldestKept}, but never the newest {@link #MIN_KEEP}. */
    public void prune(long oldestKept) {
        if (size <= MIN_KEEP || oldestAtLeast >= oldestKept) {
            return;
        }
        while (size > MIN_KEEP && ts[head] < oldestKept) {
            head = (head + 1) & (ts.length - 1);
            size--;
        }
        oldestAtLeast = ts[head];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Index of the newest sample at or before {@code t}, or -1. */
    public int floor(long t) {
        int i = search(t);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * Binary search over the kept samples, as {@link java.util.Arrays#binarySearch} answers
     * (logical index, or {@code -(insertion point) - 1}), answering for the newest sample or later
     * (what the engine asks for nearly every time) without touching the rest of the ring.
     */
    private int search(long t) {
        if (size > 0) {
            long newest = ts(size - 1);
            if (t == newest) {
                return size - 1;
            }
            if (t > newest) {
                return -size - 1;
            }
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long m = ts(mid);
            if (m < t) {
                low = mid + 1;
            } else if (m > t) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** Index of the oldest sample after {@code t}, or {@link #size()}. */
    public int firstAfter(long t) {
        return floor(t) + 1;
    }

    public long ts(int index) {
        return ts[slot(index)];
    }

    public double value(int index) {
        return values[slot(index)];
    }
}

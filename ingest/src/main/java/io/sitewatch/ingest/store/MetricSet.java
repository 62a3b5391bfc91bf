package io.sitewatch.ingest.store;

import java.util.Arrays;

/**
 * The metric numbers of a sample in ascending order: the key of a {@code metric_set} row. The
 * encoder fills one instance per sample and looks it up without allocating; {@link #copy()} is
 * what a dictionary keeps.
 */
final class MetricSet {

    private int[] ids;
    private int size;
    private int hash;

    MetricSet(int capacity) {
        this.ids = new int[capacity];
    }

    /** Takes the first {@code n} numbers of {@code sorted}. */
    void set(int[] sorted, int n) {
        if (n > ids.length) {
            ids = new int[n];
        }
        System.arraycopy(sorted, 0, ids, 0, n);
        size = n;
        int h = 1;
        for (int i = 0; i < n; i++) {
            h = 31 * h + sorted[i];
        }
        hash = h;
    }

    MetricSet copy() {
        MetricSet c = new MetricSet(size);
        c.set(ids, size);
        return c;
    }

    Integer[] boxed() {
        Integer[] out = new Integer[size];
        for (int i = 0; i < size; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSet m && m.hash == hash && Arrays.equals(ids, 0, size, m.ids, 0, m.size);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.copyOf(ids, size));
    }
}

package io.sitewatch.core.model;

import java.util.Arrays;
import java.util.Map;

/**
 * The metric values of one sample while it is read, turned into the immutable map {@link Sample}
 * keeps. {@code Map.copyOf} in {@code Sample} hands such a map back as it is, so the values are
 * collected once instead of into a LinkedHashMap that was then copied again. Metric names must be
 * distinct: the reader checks with {@link #contains} before it puts a name.
 */
public final class SampleValues {

    private String[] metrics = new String[10];
    private Double[] values = new Double[10];
    private int size;

    public void put(String metric, double value) {
        if (size == metrics.length) {
            metrics = Arrays.copyOf(metrics, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        metrics[size] = metric;
        values[size] = value;
        size++;
    }

    /** Whether the name was put already: a few names, compared in place rather than hashed. */
    public boolean contains(String metric) {
        for (int i = 0; i < size; i++) {
            if (metrics[i].equals(metric)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Map.of takes up to ten pairs without building entry objects; every kind lists at most nine metrics. */
    public Map<String, Double> toMap() {
        String[] m = metrics;
        Double[] v = values;
        return switch (size) {
            case 0 -> Map.of();
            case 1 -> Map.of(m[0], v[0]);
            case 2 -> Map.of(m[0], v[0], m[1], v[1]);
            case 3 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2]);
            case 4 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3]);
            case 5 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3], m[4], v[4]);
            case 6 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3], m[4], v[4], m[5], v[5]);
            case 7 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3], m[4], v[4], m[5], v[5], m[6], v[6]);
            case 8 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3], m[4], v[4], m[5], v[5], m[6], v[6],
                    m[7], v[7]);
            case 9 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3], m[4], v[4], m[5], v[5], m[6], v[6],
                    m[7], v[7], m[8], v[8]);
            case 10 -> Map.of(m[0], v[0], m[1], v[1], m[2], v[2], m[3], v[3], m[4], v[4], m[5], v[5], m[6], v[6],
                    m[7], v[7], m[8], v[8], m[9], v[9]);
            default -> {
                @SuppressWarnings("unchecked")
                Map.Entry<String, Double>[] entries = (Map.Entry<String, Double>[]) new Map.Entry<?, ?>[size];
                for (int i = 0; i < size; i++) {
                    entries[i] = Map.entry(m[i], v[i]);
                }
                yield Map.ofEntries(entries);
            }
        };
    }
}

package io.sitewatch.ingest.alarm.eval;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Recent samples of one metric of one device, ordered by device time, so that late and
 * out-of-order samples land where they belong. Kept for the longest window any rule needs.
 */
public final class MetricWindow {

    /** Kept whatever their age, so that "N consecutive samples" works for slow devices too. */
    static final int MIN_KEEP = 16;

    private final TreeMap<Long, Double> samples = new TreeMap<>();

    public void put(long ts, double value) {
        samples.put(ts, value);
    }

    public Double at(long ts) {
        return samples.get(ts);
    }

    /** Drops samples older than {@code oldestKept}, but never the newest {@link #MIN_KEEP}. */
    public void prune(long oldestKept) {
        while (samples.size() > MIN_KEEP && samples.firstKey() < oldestKept) {
            samples.pollFirstEntry();
        }
    }

    /** Samples with {@code from < ts <= to}, oldest first. */
    public NavigableMap<Long, Double> range(long fromExclusive, long toInclusive) {
        return samples.subMap(fromExclusive, false, toInclusive, true);
    }

    /** Samples up to {@code to}, newest first. */
    public NavigableMap<Long, Double> upTo(long to) {
        return samples.headMap(to, true).descendingMap();
    }

    /** The last sample at or before {@code to}, or null. */
    public Map.Entry<Long, Double> lastAtOrBefore(long to) {
        return samples.floorEntry(to);
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public int size() {
        return samples.size();
    }
}

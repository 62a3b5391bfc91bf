package io.sitewatch.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Numbers the plain layout stores instead of repeating a key in every sample: metric names
 * ({@code metric}), device ids ({@code device_key}) and metric sets ({@code metric_set}). A
 * database function hands a key its number on first use, race-free between writers, and a
 * number never changes, so the cache never needs invalidating.
 *
 * @param <K> the key; lookups may pass a reusable probe, which {@code keep} copies before it is cached
 */
final class KeyNumbers<K> {

    @FunctionalInterface
    interface Binder<K> {
        void bind(PreparedStatement ps, Connection c, K key) throws SQLException;
    }

    private final ConcurrentHashMap<K, Integer> numbers = new ConcurrentHashMap<>();
    private final String lookup;
    private final Binder<K> binder;
    private final UnaryOperator<K> keep;

    /** {@code function} names the SQL function, e.g. {@code metric_id}, taking the key as its one argument. */
    KeyNumbers(String function, Binder<K> binder, UnaryOperator<K> keep) {
        this.lookup = "SELECT " + function + "(?)";
        this.binder = binder;
        this.keep = keep;
    }

    /** The number of a known key, or -1. */
    int number(K key) {
        Integer n = numbers.get(key);
        return n == null ? -1 : n;
    }

    /**
     * Finds or creates the numbers of these keys (autocommit work: a number handed out is never
     * rolled back, so a concurrent writer can use it at once).
     */
    void register(Connection c, Collection<K> keys) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(lookup)) {
            for (K key : keys) {
                binder.bind(ps, c, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    numbers.put(keep.apply(key), rs.getInt(1));
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

package io.sitewatch.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers for metric names ({@code metric} table), so that a stored sample holds small integers
 * instead of repeating every name. Names are few (the wire protocol's metrics plus whatever extra
 * metrics devices send) and never change number, so the cache never needs invalidating.
 */
final class MetricDictionary {

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();

    /** The number of a known name, or -1. */
    int id(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /**
     * Finds or creates the numbers of these names (autocommit work: a number handed out is never
     * rolled back, so a concurrent writer can use it at once).
     */
    void register(Connection c, Collection<String> names) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement("SELECT metric_id(?)")) {
            for (String name : names) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ids.put(name, rs.getInt(1));
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

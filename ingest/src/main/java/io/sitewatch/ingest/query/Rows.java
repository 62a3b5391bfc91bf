package io.sitewatch.ingest.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** One prepared query on a pooled connection, its rows mapped; a failure becomes an {@link IllegalStateException}. */
final class Rows {

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Rows() {
    }

    static <T> List<T> query(DataSource ds, String what, String sql, Binder binder, Row<T> row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(what + " query failed: " + e.getMessage(), e);
        }
    }
}

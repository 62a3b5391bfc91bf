package io.sitewatch.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What every store that writes a record and its history in one transaction needs. Blocking. */
public final class Transactions {

    private Transactions() {
    }

    /** A connection with a transaction open; the caller commits or rolls back and closes it. */
    public static Connection begin(DataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The next id of a record people read out and write down: {@code prefix} and the sequence's next
     * value padded to six digits (HZ-000042), inside the caller's transaction.
     */
    public static String nextNumberedId(Connection c, String prefix, String sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ? || lpad(nextval(?::regclass)::text, 6, '0')")) {
            ps.setString(1, prefix);
            ps.setString(2, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

package io.sitewatch.platform.db;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** For commands that only read (rating compute, risk rank): connections on which the database refuses every write. */
public final class ReadOnlyDatabase {

    private ReadOnlyDatabase() {
    }

    /** A data source whose sessions are read-only on the server ({@code default_transaction_read_only}). */
    public static DataSource dataSource(String jdbcUrl, String user, String password, String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setReadOnly(true);
        ds.setOptions("-c default_transaction_read_only=on");
        ds.setApplicationName(applicationName);
        return ds;
    }

    /** No connection at all: refused, no such host, database or role, bad password (SQLSTATE 08, 28, 3D). */
    public static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D"));
    }
}

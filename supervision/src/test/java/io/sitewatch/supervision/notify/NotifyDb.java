package io.sitewatch.supervision.notify;

import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.supervision.SupervisionSchema;
import io.sitewatch.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/** A new database with the supervision module's tables, and reads of them for assertions. */
final class NotifyDb {

    private NotifyDb() {
    }

    static PGSimpleDataSource create() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        SchemaMigrator.migrate(ds, List.of(SupervisionSchema.SCHEMA));
        return ds;
    }

    /** The first column of each row of {@code sql}, as text. */
    static List<String> column(PGSimpleDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    static long count(PGSimpleDataSource ds, String sql) throws Exception {
        return Long.parseLong(column(ds, sql).get(0));
    }
}

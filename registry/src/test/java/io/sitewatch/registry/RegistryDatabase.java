package io.sitewatch.registry;

import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.testkit.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database on the test PostgreSQL with the registry's tables and nothing else. */
final class RegistryDatabase {

    private RegistryDatabase() {
    }

    static PGSimpleDataSource migrated() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        SchemaMigrator.migrate(ds, List.of(RegistrySchema.SCHEMA));
        return ds;
    }
}

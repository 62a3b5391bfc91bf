package io.sitewatch.alarms.testsupport;

import io.sitewatch.alarms.AlarmsSchema;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.registry.RegistrySchema;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** The tables alarm tests need: the registry's and the alarm module's own. */
public final class TestSchema {

    private TestSchema() {
    }

    public static void migrate(DataSource ds) throws SQLException {
        SchemaMigrator.migrate(ds, List.of(RegistrySchema.SCHEMA, AlarmsSchema.SCHEMA));
    }
}

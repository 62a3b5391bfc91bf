package io.sitewatch.ingest.testsupport;

import io.sitewatch.ingest.store.IngestSchema;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.registry.RegistrySchema;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** The tables ingest tests need: the registry's and ingest's own, as the service migrates them. */
public final class TestSchema {

    private TestSchema() {
    }

    public static StorageMode migrate(DataSource ds, String timescale) throws SQLException {
        IngestSchema.Layout layout = IngestSchema.choose(ds, timescale);
        SchemaMigrator.migrate(ds, List.of(RegistrySchema.SCHEMA, layout.schema()));
        return layout.mode();
    }
}

package io.sitewatch.service;

import io.sitewatch.alarms.AlarmsSchema;
import io.sitewatch.ingest.store.IngestSchema;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.platform.login.PlatformSchema;
import io.sitewatch.platform.db.ModuleSchema;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.rating.store.RatingSchema;
import io.sitewatch.registry.RegistrySchema;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Every module's tables, migrated in the order of the module graph. */
public final class Schemas {

    private Schemas() {
    }

    /** @param timescale {@code auto}, {@code on} or {@code off} */
    public static StorageMode migrate(DataSource ds, String timescale) throws SQLException {
        IngestSchema.Layout layout = IngestSchema.choose(ds, timescale);
        SchemaMigrator.migrate(ds, all(layout.schema()));
        return layout.mode();
    }

    static List<ModuleSchema> all(ModuleSchema ingest) {
        return List.of(PlatformSchema.SCHEMA, RegistrySchema.SCHEMA, ingest, AlarmsSchema.SCHEMA, RatingSchema.SCHEMA);
    }
}

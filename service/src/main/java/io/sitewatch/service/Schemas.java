package io.sitewatch.service;

import io.sitewatch.alarms.AlarmsSchema;
import io.sitewatch.ingest.store.IngestSchema;
import io.sitewatch.ingest.store.StorageMode;
import io.sitewatch.platform.login.PlatformSchema;
import io.sitewatch.platform.db.ModuleSchema;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.platform.db.SchemaMigrator.ModuleStanding;
import io.sitewatch.platform.db.SchemaMigrator.Standing;
import io.sitewatch.rating.store.RatingSchema;
import io.sitewatch.registry.RegistrySchema;
import io.sitewatch.supervision.SupervisionSchema;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
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
        return List.of(PlatformSchema.SCHEMA, RegistrySchema.SCHEMA, ingest, AlarmsSchema.SCHEMA, RatingSchema.SCHEMA,
                SupervisionSchema.SCHEMA);
    }

    /**
     * Why this version cannot read the database as it stands, in one line (Chinese, then English),
     * or empty when every module's schema is current. Reads the history tables only and changes
     * nothing: for commands that only read, such as {@code rating compute}, which must never migrate
     * a database they happen to reach.
     */
    public static Optional<String> problemForReading(DataSource ds) throws SQLException {
        StorageMode layout = IngestSchema.existingLayout(ds);
        List<ModuleStanding> standings = SchemaMigrator.inspect(ds,
                all(IngestSchema.schemaOf(layout == null ? StorageMode.POSTGRES_PARTITIONED : layout)));
        boolean legacy = SchemaMigrator.tableExists(ds, SchemaMigrator.LEGACY_HISTORY);
        if (!legacy && standings.stream().allMatch(s -> s.standing() == Standing.MISSING)) {
            return Optional.of("数据库里没有 SiteWatch 的表：请先在它上面启动一次服务（./sitewatch serve）建表；rating compute 只读，从不改动数据库"
                    + " / the database has no SiteWatch tables: start the service on it once (./sitewatch serve) to create them;"
                    + " rating compute only reads and never changes a database");
        }
        for (ModuleStanding s : standings) {
            String at = s.applied() == null ? "none" : "V" + s.applied();
            switch (s.standing()) {
                case CURRENT -> {
                }
                case MISSING, OLDER -> {
                    return Optional.of("数据库结构比本版本旧（" + s.module() + " 在 " + at + "，本版本为 V" + s.latest()
                            + "）：请先用本版本启动一次服务（./sitewatch serve）完成迁移；rating compute 只读，从不迁移"
                            + " / the database schema is older than this version (" + s.module() + " at " + at
                            + ", this version has V" + s.latest() + "): start this version's service on it once (./sitewatch serve)"
                            + " to migrate it; rating compute only reads and never migrates");
                }
                case NEWER -> {
                    return Optional.of("数据库结构比本版本新（" + s.module() + " 在 " + at + "，本版本只到 V" + s.latest()
                            + "）：请使用迁移它的那个 SiteWatch 版本"
                            + " / the database schema is newer than this version (" + s.module() + " at " + at
                            + ", this version has up to V" + s.latest() + "): use the SiteWatch version that migrated it");
                }
                case FAILED -> {
                    return Optional.of("数据库中 " + s.module() + " 有一次迁移失败：请先修复（见服务日志）"
                            + " / a migration of " + s.module() + " failed on this database: repair it first (see the service's log)");
                }
                default -> throw new IllegalStateException(s.standing().name());
            }
        }
        return Optional.empty();
    }
}

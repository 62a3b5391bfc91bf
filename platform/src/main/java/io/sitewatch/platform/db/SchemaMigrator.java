package io.sitewatch.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each module's Flyway migrations, in the order given (a module's tables may be read by the
 * ones after it, never the other way), each with its own history table.
 *
 * <p>A database migrated before the modules had their own migrations has one
 * {@code flyway_schema_history} for all of them. The first time a module meets such a database, its
 * history starts at the newest of its scripts the old sequence applied (a Flyway baseline); the
 * scripts after it then run as usual. The old table is left as it was, the record of what ran
 * before.
 */
public final class SchemaMigrator {

    /** The history table of the single migration sequence used before the modules had their own. */
    public static final String LEGACY_HISTORY = "flyway_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    public static void migrate(DataSource ds, List<ModuleSchema> modules) throws SQLException {
        Set<String> legacy = legacyScripts(ds);
        for (ModuleSchema m : modules) {
            if (legacy != null && !tableExists(ds, m.historyTable())) {
                adopt(ds, m, legacy);
            }
            int applied = configure(ds, m).load().migrate().migrationsExecuted;
            LOG.debug("schema of {}: {} migrations applied", m.module(), applied);
        }
    }

    /** How a database's tables stand against this version's migrations of one module. */
    public enum Standing {
        /** Every migration of the module is applied, and nothing else. */
        CURRENT,
        /** The module's history table is not there: its migrations never ran (or ran before the modules had their own). */
        MISSING,
        /** Migrations of this version wait to be applied. */
        OLDER,
        /** Migrations are applied that this version does not have. */
        NEWER,
        /** A migration failed part-way. */
        FAILED
    }

    /**
     * One module's standing.
     *
     * @param applied the newest version applied, or null
     * @param latest  the newest version this release has
     */
    public record ModuleStanding(String module, Standing standing, String applied, String latest) {
    }

    /**
     * How the database stands against each module's migrations, read from the history tables only:
     * nothing is created or changed (it works over a read-only connection).
     */
    public static List<ModuleStanding> inspect(DataSource ds, List<ModuleSchema> modules) throws SQLException {
        List<ModuleStanding> out = new java.util.ArrayList<>();
        for (ModuleSchema m : modules) {
            MigrationInfoService info = configure(ds, m).load().info();
            String latest = null;
            for (MigrationInfo i : info.all()) {
                if (i.getVersion() != null && i.getState().isResolved()) {
                    latest = i.getVersion().getVersion();
                }
            }
            if (!tableExists(ds, m.historyTable())) {
                out.add(new ModuleStanding(m.module(), Standing.MISSING, null, latest));
                continue;
            }
            MigrationInfo current = info.current();
            String applied = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
            Standing standing = Standing.CURRENT;
            for (MigrationInfo i : info.all()) {
                MigrationState state = i.getState();
                if (state.isFailed()) {
                    standing = Standing.FAILED;
                    break;
                }
                if (state == MigrationState.FUTURE_SUCCESS) {
                    standing = Standing.NEWER;
                } else if ((state == MigrationState.PENDING || state == MigrationState.IGNORED) && standing == Standing.CURRENT) {
                    standing = Standing.OLDER;
                }
            }
            out.add(new ModuleStanding(m.module(), standing, applied, latest));
        }
        return out;
    }

    private static FluentConfiguration configure(DataSource ds, ModuleSchema m) {
        return Flyway.configure()
                .dataSource(ds)
                .locations(m.locations().toArray(String[]::new))
                .table(m.historyTable())
                // The schema holds other modules' tables: a module meeting it for the first time
                // starts its history at version 0 and applies all of its scripts.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .placeholderReplacement(false);
    }

    /** Starts the module's history at the newest of its scripts that the old single sequence applied. */
    private static void adopt(DataSource ds, ModuleSchema m, Set<String> legacy) {
        MigrationVersion newest = null;
        boolean gap = false;
        for (MigrationInfo info : configure(ds, m).load().info().all()) {
            if (info.getVersion() == null) {
                continue;
            }
            String script = fileName(info.getScript());
            boolean ran = legacy.contains(m.legacyScripts().getOrDefault(script, script));
            if (ran) {
                if (gap) {
                    throw new IllegalStateException("cannot adopt the old migration history for " + m.module()
                            + ": " + script + " ran but an earlier script of the module did not");
                }
                newest = info.getVersion();
            } else {
                gap = true;
            }
        }
        if (newest == null) {
            return;
        }
        configure(ds, m)
                .baselineVersion(newest)
                .baselineDescription("adopted from " + LEGACY_HISTORY)
                .load()
                .baseline();
        LOG.info("schema of {}: history adopted from {} at version {}", m.module(), LEGACY_HISTORY, newest);
    }

    private static String fileName(String script) {
        int slash = script.lastIndexOf('/');
        return slash < 0 ? script : script.substring(slash + 1);
    }

    /** Scripts the old single sequence applied successfully, or null when the database never had it. */
    private static Set<String> legacyScripts(DataSource ds) throws SQLException {
        if (!tableExists(ds, LEGACY_HISTORY)) {
            return null;
        }
        Set<String> out = new HashSet<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT script FROM " + LEGACY_HISTORY + " WHERE success AND version IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(fileName(rs.getString(1)));
            }
        }
        return out;
    }

    public static boolean tableExists(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             + "WHERE c.relname = ? AND n.nspname = current_schema()")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}

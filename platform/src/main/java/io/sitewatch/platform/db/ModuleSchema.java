package io.sitewatch.platform.db;

import java.util.List;
import java.util.Map;

/**
 * The tables one module owns: its Flyway locations and its own history table
 * ({@code schema_history_<module>}), so that each module's migrations evolve on their own.
 *
 * @param module    the module's name, also the history table's suffix
 * @param locations Flyway locations, e.g. {@code classpath:db/registry}
 * @param legacyScripts for databases migrated before the modules had their own migrations (one
 *                  {@code flyway_schema_history} for all): a script of this module that the old
 *                  sequence applied under another name, mapped to that name
 */
public record ModuleSchema(String module, List<String> locations, Map<String, String> legacyScripts) {

    public ModuleSchema {
        if (!module.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("module name must be lower-case letters, digits and _: " + module);
        }
        locations = List.copyOf(locations);
        legacyScripts = Map.copyOf(legacyScripts);
    }

    public ModuleSchema(String module, String... locations) {
        this(module, List.of(locations), Map.of());
    }

    public String historyTable() {
        return "schema_history_" + module;
    }
}

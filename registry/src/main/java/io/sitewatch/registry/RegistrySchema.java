package io.sitewatch.registry;

import io.sitewatch.platform.db.ModuleSchema;
import java.util.List;
import java.util.Map;

/** The registry's tables: sites, devices, operator certificates and the change notification. */
public final class RegistrySchema {

    /** V4 adds the sites' rule parameters, which the old single sequence added in its V4__alarms.sql. */
    public static final ModuleSchema SCHEMA = new ModuleSchema("registry", List.of("classpath:db/registry"),
            Map.of("V4__site_params.sql", "V4__alarms.sql"));

    private RegistrySchema() {
    }
}

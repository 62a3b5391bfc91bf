package io.sitewatch.platform.login;

import io.sitewatch.platform.db.ModuleSchema;

/** The platform's own tables: the people who log in, their logins, and the audit log of writes. */
public final class PlatformSchema {

    public static final ModuleSchema SCHEMA = new ModuleSchema("platform", "classpath:db/platform");

    private PlatformSchema() {
    }
}

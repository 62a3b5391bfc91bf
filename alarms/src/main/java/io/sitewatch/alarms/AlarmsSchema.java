package io.sitewatch.alarms;

import io.sitewatch.platform.db.ModuleSchema;

/** The alarm module's tables: alarms, their transitions and the last time each device was heard. */
public final class AlarmsSchema {

    public static final ModuleSchema SCHEMA = new ModuleSchema("alarms", "classpath:db/alarms");

    private AlarmsSchema() {
    }
}

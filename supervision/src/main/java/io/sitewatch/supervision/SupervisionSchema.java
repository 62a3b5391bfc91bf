package io.sitewatch.supervision;

import io.sitewatch.platform.db.ModuleSchema;

/**
 * The supervision module's tables, one migration sequence for all its packages: the hazard ledger
 * (V1–V9), the notifications (V10–V19) and the early warning (V20–V29: the inspection draws V20, the warning letters V21–V24).
 */
public final class SupervisionSchema {

    public static final ModuleSchema SCHEMA = new ModuleSchema("supervision", "classpath:db/supervision");

    private SupervisionSchema() {
    }
}

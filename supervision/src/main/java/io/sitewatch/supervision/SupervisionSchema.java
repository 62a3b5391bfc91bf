package io.sitewatch.supervision;

import io.sitewatch.platform.db.ModuleSchema;
import java.util.List;
import java.util.Map;

/** The supervision module's tables: the hazard ledger (V1–V9) and notifications (V10–V19). */
public final class SupervisionSchema {

    public static final ModuleSchema SCHEMA = new ModuleSchema("supervision", List.of("classpath:db/supervision"), Map.of());

    private SupervisionSchema() {
    }
}

package io.sitewatch.rating.store;

import io.sitewatch.platform.db.ModuleSchema;

/** The rating module's tables: catalogues, manual evidence and its audit, submissions and their history. */
public final class RatingSchema {

    public static final ModuleSchema SCHEMA = new ModuleSchema("rating", "classpath:db/rating");

    private RatingSchema() {
    }
}

package io.sitewatch.rating.catalogue;

import java.util.List;

/**
 * A star level: the score it needs and the items (systems) it makes mandatory. Requirements are
 * cumulative: level 2 also needs what level 1 requires.
 *
 * @param name   the level's name in Chinese (一星级); null in catalogues before levels had names
 *               ({@link CatalogueNames} then falls back)
 * @param nameEn its name in English; null as for {@code name}
 */
public record StarLevel(int star, double minScore, List<String> requires, String name, String nameEn) {

    public StarLevel {
        requires = requires == null ? List.of() : List.copyOf(requires);
    }

    public StarLevel(int star, double minScore, List<String> requires) {
        this(star, minScore, requires, null, null);
    }
}

package io.sitewatch.rating.catalogue;

import java.util.List;

/**
 * A star level: the score it needs and the items (systems) it makes mandatory. Requirements are
 * cumulative: level 2 also needs what level 1 requires.
 */
public record StarLevel(int star, double minScore, List<String> requires) {

    public StarLevel {
        requires = requires == null ? List.of() : List.copyOf(requires);
    }
}

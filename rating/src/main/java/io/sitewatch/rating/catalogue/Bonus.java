package io.sitewatch.rating.catalogue;

import java.util.List;

/** Bonus items (推广项/加分项); together they add at most {@code cap} points. */
public record Bonus(double cap, List<Item> items) {

    public Bonus {
        items = items == null ? List.of() : List.copyOf(items);
    }
}

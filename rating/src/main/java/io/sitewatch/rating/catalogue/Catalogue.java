package io.sitewatch.rating.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One version of the star-rating standard as rating authorities wrote it: eligibility gates,
 * scored items by module, bonus items with a cap, and the star levels with their thresholds and
 * mandatory systems. Pure data; {@link CatalogueLoader} builds and validates it.
 */
public record Catalogue(String label, String name, DataQualityRules dataQuality, List<Gate> gates,
                        List<Item> items, Bonus bonus, List<StarLevel> stars) {

    public Catalogue {
        gates = List.copyOf(gates);
        items = List.copyOf(items);
        stars = List.copyOf(stars);
    }

    /** Scored and bonus items, in catalogue order. */
    public List<Item> allItems() {
        List<Item> all = new ArrayList<>(items);
        all.addAll(bonus.items());
        return all;
    }

    public Optional<Item> item(String id) {
        return allItems().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public double baseMaxPoints() {
        return items.stream().mapToDouble(Item::maxPoints).sum();
    }

    public double maxScore() {
        return baseMaxPoints() + Math.min(bonus.cap(), bonus.items().stream().mapToDouble(Item::maxPoints).sum());
    }
}

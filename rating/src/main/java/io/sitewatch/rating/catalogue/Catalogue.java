package io.sitewatch.rating.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One version of the star-rating standard as rating authorities wrote it: eligibility gates,
 * scored items by module, bonus items with a cap, and the star levels with their thresholds and
 * mandatory systems. Pure data; {@link CatalogueLoader} builds and validates it.
 *
 * @param notApplicable how base points count when items do not apply ({@link #SCALE}); required
 *                      when any item can be not applicable, null otherwise (2025.1)
 * @param modules       the modules items name, with their names in both languages; empty in
 *                      catalogues before modules had names ({@link CatalogueNames} then falls back)
 */
public record Catalogue(String label, String name, DataQualityRules dataQuality, String notApplicable, List<Gate> gates,
                        List<Item> items, Bonus bonus, List<StarLevel> stars, List<Module> modules) {

    /**
     * Base points are scaled to the base maximum: earned × (base maximum / maximum of the items that
     * apply). Star cut-offs and the bonus cap stay as written.
     */
    public static final String SCALE = "scale";

    public Catalogue {
        gates = List.copyOf(gates);
        items = List.copyOf(items);
        stars = List.copyOf(stars);
        modules = modules == null ? List.of() : List.copyOf(modules);
    }

    /** Scored and bonus items, in catalogue order. */
    public List<Item> allItems() {
        List<Item> all = new ArrayList<>(items);
        all.addAll(bonus.items());
        return all;
    }

    public Optional<Item> item(String id) {
        return allItems().stream().filter(i -> id.equals(i.id())).findFirst(); // an item may lack its id until validated
    }

    /** Whether some item can be not applicable (an {@code applies} rule or {@code noEvidence.notApplicable}). */
    public boolean hasNotApplicableItems() {
        return allItems().stream().anyMatch(i -> i.applies() != null || i.noEvidence() != null && i.noEvidence().leavesMaximum());
    }

    public double baseMaxPoints() {
        return items.stream().mapToDouble(Item::maxPoints).sum();
    }

    public double maxScore() {
        return baseMaxPoints() + Math.min(bonus.cap(), bonus.items().stream().mapToDouble(Item::maxPoints).sum());
    }
}

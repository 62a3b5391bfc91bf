package io.sitewatch.rating.catalogue;

/**
 * An eligibility condition (Xiamen 评价指引: duration, cost, no accident...). It applies from star
 * level {@code star} up; a failed star-1 gate therefore means no star at all.
 *
 * @param min    the bound for {@code duration_days} and {@code cost_cny}; unused otherwise
 * @param name   its name in Chinese; null in catalogues before gates had names ({@link CatalogueNames} falls back)
 * @param nameEn its name in English; null as for {@code name}
 */
public record Gate(String id, int star, GateCheck check, Double min, String how, String name, String nameEn) {

    public Gate(String id, int star, GateCheck check, Double min, String how) {
        this(id, star, check, min, how, null, null);
    }
}

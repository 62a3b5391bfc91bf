package io.sitewatch.rating.catalogue;

/**
 * An eligibility condition (Xiamen 评价指引: duration, cost, no accident...). It applies from star
 * level {@code star} up; a failed star-1 gate therefore means no star at all.
 *
 * @param min the bound for {@code duration_days} and {@code cost_cny}; unused otherwise
 */
public record Gate(String id, int star, GateCheck check, Double min, String how) {
}

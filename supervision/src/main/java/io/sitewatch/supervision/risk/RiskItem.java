package io.sitewatch.supervision.risk;

import java.math.BigDecimal;
import java.util.List;

/**
 * A ranked project, enterprise or region. {@code score} is the sum of the factors' contributions
 * exactly (both in hundredths of a point); {@code weight} is what the item weighs when aggregated
 * (its devices, or 1 per project).
 */
public record RiskItem(String scope, String id, String name, String region, BigDecimal score, int rank, long weight,
                       List<FactorScore> factors) {

    /**
     * One factor of an item: its normalised value, its weight (points at saturation), its
     * contribution in points, and the evidence: alarm ids, hazard ids, device ids, person ids, or
     * (for an enterprise or region) project ids, the most telling first.
     */
    public record FactorScore(String id, double value, int weight, BigDecimal contribution, List<String> evidence) {
    }

    RiskItem withRank(int r) {
        return new RiskItem(scope, id, name, region, score, r, weight, factors);
    }

    public FactorScore factor(String factorId) {
        return factors.stream().filter(f -> f.id().equals(factorId)).findFirst().orElse(null);
    }
}

package io.sitewatch.supervision.letter;

import java.math.BigDecimal;
import java.util.List;

/**
 * The risk item a letter was drafted from, copied at draft time so the letter stays what it was:
 * the model version and window, the score, level and rank among {@code count} items ranked, and
 * each factor with its value, weight, contribution and evidence (alarm, hazard, device or person
 * ids; project ids for an enterprise).
 */
public record RiskSnapshot(String model, long from, long to, BigDecimal score, String level, int rank, int count,
                           List<Factor> factors) {

    public RiskSnapshot {
        factors = List.copyOf(factors);
    }

    /** One factor of the item as it was. */
    public record Factor(String id, String name, String nameEn, double value, int weight, BigDecimal contribution,
                         List<String> evidence) {

        public Factor {
            evidence = List.copyOf(evidence);
        }
    }
}

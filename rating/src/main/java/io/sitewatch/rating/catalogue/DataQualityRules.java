package io.sitewatch.rating.catalogue;

import java.util.Map;

/**
 * When a monitoring system's data counts as flowing (domain.md §1.8 and §7, data quality).
 *
 * @param maxPeriodSeconds per device kind, the longest acceptable mean report period (hoist: 15 s, GB/T 37537)
 */
public record DataQualityRules(double minOnlineRate, int maxGapMinutes, Map<String, Integer> maxPeriodSeconds) {

    public DataQualityRules {
        maxPeriodSeconds = maxPeriodSeconds == null ? Map.of() : Map.copyOf(maxPeriodSeconds);
    }
}

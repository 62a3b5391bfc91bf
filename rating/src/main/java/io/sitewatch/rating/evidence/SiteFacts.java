package io.sitewatch.rating.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sitewatch.core.calendar.WorkingHours;
import java.math.BigDecimal;

/**
 * What the registry says about the project, as gates and {@code applies} rules read it. Dates are
 * YYYY-MM-DD or null.
 *
 * @param kind         the project kind (building, municipal); null in snapshots before 2026.1
 * @param workingHours its working hours and week; null in snapshots before 2026.1
 */
public record SiteFacts(String siteId, String name, String region, String timezone, BigDecimal costCny,
                        String startDate, String endDate,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String kind,
                        @JsonInclude(JsonInclude.Include.NON_NULL) WorkingHours workingHours) {

    /** The facts snapshots held before 2026.1. */
    public SiteFacts(String siteId, String name, String region, String timezone, BigDecimal costCny,
                     String startDate, String endDate) {
        this(siteId, name, region, timezone, costCny, startDate, endDate, null, null);
    }
}

package io.sitewatch.rating.evidence;

import java.math.BigDecimal;

/** What the registry says about the project, as gates read it. Dates are YYYY-MM-DD or null. */
public record SiteFacts(String siteId, String name, String region, String timezone, BigDecimal costCny,
                        String startDate, String endDate) {
}

package io.sitewatch.ingest.registry;

import java.math.BigDecimal;

/**
 * A construction site (project). {@code region} is the 6-digit 行政区划 code of its district;
 * dates are ISO {@code YYYY-MM-DD} strings or null.
 */
public record Site(String siteId, String name, String region, Enterprise enterprise, String kind,
                   String timezone, BigDecimal costCny, String startDate, String endDate) {

    public static final String DEFAULT_TIMEZONE = "Asia/Shanghai";

    public Site {
        timezone = timezone == null || timezone.isBlank() ? DEFAULT_TIMEZONE : timezone;
    }
}

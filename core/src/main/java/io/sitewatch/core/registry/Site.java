package io.sitewatch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;

/**
 * A construction site (project). {@code region} is the 6-digit 行政区划 code of its district;
 * dates are ISO {@code YYYY-MM-DD} strings or null. {@code params} carries per-site values that
 * rules use for every device of the site (a device's own params win).
 */
public record Site(String siteId, String name, String region, Enterprise enterprise, String kind,
                   String timezone, BigDecimal costCny, String startDate, String endDate, JsonNode params) {

    public static final String DEFAULT_TIMEZONE = "Asia/Shanghai";

    public Site {
        timezone = timezone == null || timezone.isBlank() ? DEFAULT_TIMEZONE : timezone;
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
    }
}

package io.sitewatch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import java.math.BigDecimal;

/**
 * A construction site (project). {@code region} is the 6-digit 行政区划 code of its district;
 * dates are ISO {@code YYYY-MM-DD} strings or null. {@code params} carries per-site values that
 * rules use for every device of the site (a device's own params win). {@code location} is the
 * site's WGS-84 point and the radius around it within which a clock-in counts (null: none
 * registered); {@code workingHours} are its hours and weekdays in its own time zone
 * ({@link WorkingHours#DEFAULT} when not given).
 */
public record Site(String siteId, String name, String region, Enterprise enterprise, String kind,
                   String timezone, BigDecimal costCny, String startDate, String endDate, JsonNode params,
                   GeoFence location, WorkingHours workingHours) {

    public static final String DEFAULT_TIMEZONE = "Asia/Shanghai";

    public Site {
        timezone = timezone == null || timezone.isBlank() ? DEFAULT_TIMEZONE : timezone;
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
        workingHours = workingHours == null ? WorkingHours.DEFAULT : workingHours;
    }

    /** A site without a location and with the default working hours (the form before HTTP API 1.1). */
    public Site(String siteId, String name, String region, Enterprise enterprise, String kind,
                String timezone, BigDecimal costCny, String startDate, String endDate, JsonNode params) {
        this(siteId, name, region, enterprise, kind, timezone, costCny, startDate, endDate, params, null, null);
    }
}

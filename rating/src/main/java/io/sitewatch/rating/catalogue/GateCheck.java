package io.sitewatch.rating.catalogue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a gate is decided. */
public enum GateCheck {
    /** The site's planned start..end spans at least {@code min} days (registry). */
    DURATION_DAYS("duration_days"),
    /** The site's 工程造价 is at least {@code min} yuan (registry). */
    COST_CNY("cost_cny"),
    /** The evaluation window overlaps the site's start..end: the project is under construction. */
    IN_CONSTRUCTION("in_construction"),
    /** Rating staff declared it (manual evidence under the gate's id, value 1 = holds). */
    DECLARATION("declaration");

    private final String code;

    GateCheck(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static GateCheck fromCode(String code) {
        for (GateCheck c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown gate check '" + code + "'");
    }
}

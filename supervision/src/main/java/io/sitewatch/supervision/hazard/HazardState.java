package io.sitewatch.supervision.hazard;

/** Where a hazard stands (HTTP API 1.1 "Hazards"); {@code code} is what is stored and shown. */
public enum HazardState {
    /** Found, not yet rectified (or a review rejected the rectification). */
    OPEN("open"),
    /** The site (or its recorder) reports it rectified; waits for the regulator's review. */
    RECTIFIED("rectified"),
    /** The regulator accepted the rectification: closed (销号). Final. */
    CLOSED("closed");

    private final String code;

    HazardState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static HazardState of(String code) {
        for (HazardState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown hazard state " + code);
    }
}

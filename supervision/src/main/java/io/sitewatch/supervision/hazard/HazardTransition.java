package io.sitewatch.supervision.hazard;

/**
 * A change in a hazard's life, stored in its history and published on {@link HazardLedger#ADDRESS}.
 * {@code attached}: a repeated alarm of the same clause joined the hazard as evidence; {@code
 * overdue}: the deadline passed while the hazard was open.
 */
public enum HazardTransition {
    OPENED("opened"),
    ATTACHED("attached"),
    RECTIFIED("rectified"),
    CLOSED("closed"),
    REOPENED("reopened"),
    OVERDUE("overdue");

    private final String code;

    HazardTransition(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

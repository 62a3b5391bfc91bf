package io.sitewatch.platform.auth;

/** Roles of the HTTP API (http-api.md, "Access"). */
public enum Role {
    ADMIN("admin"),
    REGULATOR("regulator"),
    RATER("rater"),
    DEVICE_ADMIN("device-admin"),
    /** A site's own staff, scoped to its sites: reads their data, disposes their alarms, cannot acknowledge. */
    SITE("site");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Role fromCode(String code) {
        for (Role r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role " + code);
    }
}

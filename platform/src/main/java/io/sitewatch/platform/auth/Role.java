package io.sitewatch.platform.auth;

/** Roles of the HTTP API (http-api.md, "Access"). */
public enum Role {
    ADMIN("admin"),
    REGULATOR("regulator"),
    RATER("rater"),
    DEVICE_ADMIN("device-admin");

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

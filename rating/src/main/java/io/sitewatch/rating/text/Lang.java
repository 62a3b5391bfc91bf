package io.sitewatch.rating.text;

import java.util.Locale;

/** The languages texts are given in: Chinese (zh-CN, the default) and English. */
public enum Lang {
    ZH("zh"), EN("en");

    private final String code;

    Lang(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /**
     * zh or en (also zh-CN, en-US and the like); null gives the default, zh.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Lang of(String value) {
        if (value == null || value.isBlank()) {
            return ZH;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("zh") || v.startsWith("zh-") || v.startsWith("zh_")) {
            return ZH;
        }
        if (v.equals("en") || v.startsWith("en-") || v.startsWith("en_")) {
            return EN;
        }
        throw new IllegalArgumentException("lang must be zh or en, got '" + value + "'");
    }
}

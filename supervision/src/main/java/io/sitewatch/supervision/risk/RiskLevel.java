package io.sitewatch.supervision.risk;

import java.math.BigDecimal;

/**
 * The four grades of 安全风险分级管控 (重大/较大/一般/低 = 红/橙/黄/蓝, domain.md §9.10) by score:
 * at least 60 red, 40 orange, 20 yellow, else blue. The cut points are ours, placeholders like the
 * weights.
 */
public enum RiskLevel {
    RED("red", "重大风险", "major", 60),
    ORANGE("orange", "较大风险", "considerable", 40),
    YELLOW("yellow", "一般风险", "moderate", 20),
    BLUE("blue", "低风险", "low", 0);

    private final String code;
    private final String zh;
    private final String en;
    private final int from;

    RiskLevel(String code, String zh, String en, int from) {
        this.code = code;
        this.zh = zh;
        this.en = en;
        this.from = from;
    }

    public String code() {
        return code;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    public static RiskLevel of(BigDecimal score) {
        for (RiskLevel l : values()) {
            if (score.compareTo(BigDecimal.valueOf(l.from)) >= 0) {
                return l;
            }
        }
        return BLUE;
    }
}

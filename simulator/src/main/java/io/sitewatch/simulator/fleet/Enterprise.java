package io.sitewatch.simulator.fleet;

/** The contractor: 统一社会信用代码 and name. */
public record Enterprise(String code, String name) {
}

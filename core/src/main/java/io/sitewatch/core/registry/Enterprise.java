package io.sitewatch.core.registry;

/** The constructing enterprise: 统一社会信用代码 and name. */
public record Enterprise(String code, String name) {
}

package io.sitewatch.rating.catalogue;

/**
 * A module items are grouped by (机械, 环境, …), with its names in both languages.
 *
 * @param id     the module as items name it ({@code module})
 * @param name   its name in Chinese (the id when left out)
 * @param nameEn its name in English
 */
public record Module(String id, String name, String nameEn) {
}

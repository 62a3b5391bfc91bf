package io.sitewatch.rating.catalogue;

/** A stored catalogue: its number, the YAML exactly as accepted, and the parsed form. */
public record CatalogueVersion(int version, String label, String yaml, String createdBy, long createdAt, Catalogue catalogue) {
}

package io.sitewatch.rating.catalogue;

/**
 * What a share item earns when there is nothing to measure (catalogue field {@code noEvidence}): no
 * alarm to handle, no hazard due, no login, no working day. Either a {@code share} of its points
 * (0–1) or {@code notApplicable: true} (the item leaves the maximum and the star requirements, as an
 * item that does not apply), always with the {@code reason} shown in the breakdown. Catalogues
 * without it keep the rule of 2025.1 (an empty share of alarms, hazards or logins counts as met, no
 * working day as 0).
 *
 * @param reason   the reason in English
 * @param reasonZh the reason in Chinese; null in catalogues before reasons were given in both
 *                 languages ({@link CatalogueNames} then falls back)
 */
public record NoEvidence(Double share, Boolean notApplicable, String reason, String reasonZh) {

    public NoEvidence(Double share, Boolean notApplicable, String reason) {
        this(share, notApplicable, reason, null);
    }

    public boolean leavesMaximum() {
        return Boolean.TRUE.equals(notApplicable);
    }
}

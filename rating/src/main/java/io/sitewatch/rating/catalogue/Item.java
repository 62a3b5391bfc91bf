package io.sitewatch.rating.catalogue;

import java.util.Map;

/**
 * A scored (or bonus) item. {@code evidence} says how its points are obtained and {@code how}
 * explains it in words for applicants and rating staff.
 *
 * @param deviceKind for {@code system} items: the device kind whose data must flow
 * @param params     evidence parameters: {@code target} (rate that earns full points, default 1),
 *                   {@code floor} (rate that earns nothing, default 0), {@code limitMinutes}
 *                   (alarm acknowledgement), {@code withinDays} (hazard rectification),
 *                   {@code certKinds} (device kind → certificate kind), {@code logWindowMinutes}
 *                   (recorder: minutes either side of the clock-in in which the previous working
 *                   day's log counts; present selects the campaign's rule, 2026.1)
 * @param applies    when the item applies to a project; null: always
 * @param noEvidence what a share item earns with nothing to measure; null: the 2025.1 rule
 * @param name       its name in Chinese, as the standard says it
 * @param nameEn     its name in English; null in catalogues before names were given in both
 *                   languages ({@link CatalogueNames} then falls back)
 */
public record Item(String id, String module, String name, double maxPoints, EvidenceKind evidence,
                   String deviceKind, Map<String, Object> params, String how, Applies applies, NoEvidence noEvidence,
                   String nameEn) {

    public Item {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** An item that always applies and keeps the 2025.1 rule for an empty share. */
    public Item(String id, String module, String name, double maxPoints, EvidenceKind evidence,
                String deviceKind, Map<String, Object> params, String how) {
        this(id, module, name, maxPoints, evidence, deviceKind, params, how, null, null, null);
    }

    public boolean manual() {
        return evidence == EvidenceKind.MANUAL;
    }

    /** Whether its points are a counted share (alarms, recorder days, hazards, logins). */
    public boolean share() {
        return evidence != null && evidence.share();
    }

    public double param(String key, double fallback) {
        Object v = params.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}

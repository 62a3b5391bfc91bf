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
 *                   {@code certKinds} (device kind → certificate kind)
 */
public record Item(String id, String module, String name, double maxPoints, EvidenceKind evidence,
                   String deviceKind, Map<String, Object> params, String how) {

    public Item {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public boolean manual() {
        return evidence == EvidenceKind.MANUAL;
    }

    public double param(String key, double fallback) {
        Object v = params.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}

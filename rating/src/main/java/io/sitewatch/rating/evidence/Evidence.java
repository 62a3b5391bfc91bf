package io.sitewatch.rating.evidence;

import java.util.List;
import java.util.Map;

/**
 * Everything a rating is computed from, frozen: the snapshot stored with a submission so that an
 * approved rating can be recomputed exactly from it and its catalogue version.
 *
 * @param rates  automatic shares by item id
 * @param manual rating staff's entries by item or gate id
 */
public record Evidence(String siteId, long fromMs, long toMs, long computedAtMs, SiteFacts site,
                       long serviceFromMs, long serviceToMs, List<DeviceQuality> devices,
                       Map<String, RateFact> rates, Map<String, ManualEntry> manual) {

    public Evidence {
        devices = List.copyOf(devices);
        rates = Map.copyOf(rates);
        manual = Map.copyOf(manual);
    }

    /** The same evidence with rating staff's entries replaced (a review's adjustments). */
    public Evidence withManual(Map<String, ManualEntry> entries) {
        return new Evidence(siteId, fromMs, toMs, computedAtMs, site, serviceFromMs, serviceToMs, devices, rates, entries);
    }
}

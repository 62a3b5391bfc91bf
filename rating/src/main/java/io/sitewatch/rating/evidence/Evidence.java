package io.sitewatch.rating.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Everything a rating is computed from, frozen: the snapshot stored with a submission so that an
 * approved rating can be recomputed exactly from it and its catalogue version.
 *
 * @param rates     automatic shares by item id
 * @param manual    rating staff's entries by item or gate id
 * @param localized whether its explanations are messages ({@link RateFact#text()}): the rating made
 *                  from it then says every verdict, reason and evidence line in Chinese and English.
 *                  False for snapshots taken before (absent from their JSON): their ratings keep
 *                  the English sentences alone, so that they are reproduced exactly as approved.
 */
public record Evidence(String siteId, long fromMs, long toMs, long computedAtMs, SiteFacts site,
                       long serviceFromMs, long serviceToMs, List<DeviceQuality> devices,
                       Map<String, RateFact> rates, Map<String, ManualEntry> manual,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean localized) {

    public Evidence {
        devices = List.copyOf(devices);
        rates = Map.copyOf(rates);
        manual = Map.copyOf(manual);
    }

    /** Evidence as snapshots held it before explanations were messages. */
    public Evidence(String siteId, long fromMs, long toMs, long computedAtMs, SiteFacts site,
                    long serviceFromMs, long serviceToMs, List<DeviceQuality> devices,
                    Map<String, RateFact> rates, Map<String, ManualEntry> manual) {
        this(siteId, fromMs, toMs, computedAtMs, site, serviceFromMs, serviceToMs, devices, rates, manual, false);
    }

    /** The same evidence with rating staff's entries replaced (a review's adjustments). */
    public Evidence withManual(Map<String, ManualEntry> entries) {
        return new Evidence(siteId, fromMs, toMs, computedAtMs, site, serviceFromMs, serviceToMs, devices, rates, entries, localized);
    }
}

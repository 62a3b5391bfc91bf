package io.sitewatch.alarms.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;

/**
 * What a metric rule may look at: the device's windows, the merged per-device/per-site params
 * (device wins), and the site's time zone for day/night and daily rules.
 */
public interface RuleContext {

    MetricWindow window(String metric);

    JsonNode params();

    ZoneId zone();
}

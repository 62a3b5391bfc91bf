package io.sitewatch.core.protocol;

import java.util.Map;

/** A device kind and the metrics it lists, with their ranges. */
public record KindSpec(String name, Map<String, MetricRange> metrics) {

    public KindSpec {
        metrics = Map.copyOf(metrics);
    }

    /** The listed range of a metric, or null when the kind does not list it (kept and counted, not an error). */
    public MetricRange range(String metric) {
        return metrics.get(metric);
    }
}

package io.sitewatch.ingest.alarm.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where a level comes from: a constant, a per-device value from the registry params (with a
 * default and a factor, e.g. 70 % of the designer's alarm value), or another metric of the same
 * sample (harnesses clipped vs people on the platform).
 */
public sealed interface LevelRef {

    /** The level for this device and sample, or null when it cannot be known (metric absent). */
    Double resolve(JsonNode params, Map<String, Double> sample);

    record Constant(double value) implements LevelRef {
        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            return value;
        }
    }

    record Param(String path, Double fallback, double factor) implements LevelRef {
        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            JsonNode node = params;
            for (String part : path.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            Double base = node != null && node.isNumber() ? Double.valueOf(node.doubleValue()) : fallback;
            return base == null ? null : base * factor;
        }
    }

    record MetricRef(String metric) implements LevelRef {
        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            return sample == null ? null : sample.get(metric);
        }
    }
}

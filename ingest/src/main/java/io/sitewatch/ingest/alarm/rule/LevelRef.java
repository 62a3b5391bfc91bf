package io.sitewatch.ingest.alarm.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * Where a level comes from: a constant, a per-device value from the registry params (with a
 * default and a factor, e.g. 70 % of the designer's alarm value), or another metric of the same
 * sample (harnesses clipped vs people on the platform).
 */
public sealed interface LevelRef {

    /** The level for this device and sample, or null when it cannot be known (metric absent). */
    Double resolve(JsonNode params, Map<String, Double> sample);

    /** True when the level is read from the sample itself, so it may differ from sample to sample. */
    default boolean readsSample() {
        return false;
    }

    record Constant(double value) implements LevelRef {
        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            return value;
        }
    }

    /**
     * A value at a dotted path of the params. Not a record only because the path is split once,
     * here, rather than on every resolution.
     */
    final class Param implements LevelRef {

        private final String path;
        private final String[] parts;
        private final Double fallback;
        private final double factor;

        public Param(String path, Double fallback, double factor) {
            this(path, path.split("\\."), fallback, factor);
        }

        private Param(String path, String[] parts, Double fallback, double factor) {
            this.path = path;
            this.parts = parts;
            this.fallback = fallback;
            this.factor = factor;
        }

        public String path() {
            return path;
        }

        public Double fallback() {
            return fallback;
        }

        public double factor() {
            return factor;
        }

        /** The same param with another factor (the default clear level is a share of the warning level). */
        public Param withFactor(double otherFactor) {
            return new Param(path, parts, fallback, otherFactor);
        }

        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            JsonNode node = params;
            for (String part : parts) {
                node = node == null ? null : node.get(part);
            }
            Double base = node != null && node.isNumber() ? Double.valueOf(node.doubleValue()) : fallback;
            return base == null ? null : base * factor;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Param p && path.equals(p.path) && Objects.equals(fallback, p.fallback)
                    && Double.compare(factor, p.factor) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, fallback, factor);
        }

        @Override
        public String toString() {
            return "Param[path=" + path + ", fallback=" + fallback + ", factor=" + factor + "]";
        }
    }

    record MetricRef(String metric) implements LevelRef {
        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            return sample == null ? null : sample.get(metric);
        }

        @Override
        public boolean readsSample() {
            return true;
        }
    }
}

package io.sitewatch.alarms.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.List;

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
     * A value at a dotted path of the params; {@code parts} is the path split once, here, rather
     * than on every resolution.
     */
    record Param(String path, List<String> parts, Double fallback, double factor) implements LevelRef {

        public Param(String path, Double fallback, double factor) {
            this(path, List.of(path.split("\\.")), fallback, factor);
        }

        /** The same param with another factor (the default clear level is a share of the warning level). */
        public Param withFactor(double otherFactor) {
            return new Param(path, parts, fallback, otherFactor);
        }

        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            JsonNode node = params;
            for (int i = 0; i < parts.size() && node != null; i++) {
                node = node.get(parts.get(i));
            }
            Double base = node != null && node.isNumber() ? Double.valueOf(node.doubleValue()) : fallback;
            return base == null ? null : base * factor;
        }
    }

    /**
     * A level chosen by a text value in the params: {@code cases} maps the value at {@code path} to
     * a level, anything else (or nothing) takes {@code fallback}; times {@code factor}. A tower's
     * verticality limit is 4/1000 free-standing or above the top tie and 2/1000 below it.
     */
    record Choice(String path, List<String> parts, Map<String, Double> cases, double fallback, double factor)
            implements LevelRef {

        public Choice(String path, Map<String, Double> cases, double fallback, double factor) {
            this(path, List.of(path.split("\\.")), Map.copyOf(cases), fallback, factor);
        }

        public Choice withFactor(double otherFactor) {
            return new Choice(path, parts, cases, fallback, otherFactor);
        }

        @Override
        public Double resolve(JsonNode params, Map<String, Double> sample) {
            JsonNode node = params;
            for (int i = 0; i < parts.size() && node != null; i++) {
                node = node.get(parts.get(i));
            }
            Double chosen = node != null && node.isTextual() ? cases.get(node.asText()) : null;
            return (chosen != null ? chosen : fallback) * factor;
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

package io.sitewatch.core.protocol;

/** Physical limits of a metric; a value outside them is invalid (wire protocol, "Device kinds and metrics"). */
public record MetricRange(double min, double max) {

    public MetricRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range min " + min + " > max " + max);
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}

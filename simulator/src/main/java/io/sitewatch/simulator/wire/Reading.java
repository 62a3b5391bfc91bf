package io.sitewatch.simulator.wire;

/** One metric value and the resolution it is reported at (decimal places). */
public record Reading(String metric, double value, int decimals) {
}

package io.sitewatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Just enough of the Prometheus text format to read counters, gauges and histograms by name. */
final class Prometheus {

    private final List<String[]> samples = new ArrayList<>();

    Prometheus(String text) {
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            if (sp < 0) {
                continue;
            }
            String key = line.substring(0, sp);
            String value = line.substring(sp + 1);
            int brace = key.indexOf('{');
            String name = brace < 0 ? key : key.substring(0, brace);
            String labels = brace < 0 ? "" : key.substring(brace);
            samples.add(new String[] {name, labels, value});
        }
    }

    /** Sum of every sample of {@code name} whose labels contain all of {@code labelParts}. */
    double sum(String name, String... labelParts) {
        double total = 0;
        for (String[] s : samples) {
            if (s[0].equals(name) && matches(s[1], labelParts)) {
                total += parse(s[2]);
            }
        }
        return total;
    }

    /** Cumulative histogram buckets of {@code name}: upper bound in seconds → count. */
    TreeMap<Double, Double> buckets(String name, String... labelParts) {
        TreeMap<Double, Double> out = new TreeMap<>();
        for (String[] s : samples) {
            if (s[0].equals(name + "_bucket") && matches(s[1], labelParts)) {
                int i = s[1].indexOf("le=\"");
                String le = s[1].substring(i + 4, s[1].indexOf('"', i + 4));
                out.merge(parse(le), parse(s[2]), Double::sum);
            }
        }
        return out;
    }

    /**
     * The {@code q} quantile of a cumulative histogram, interpolated linearly inside the bucket it
     * falls in (as Prometheus' histogram_quantile does); NaN when the histogram is empty.
     */
    static double quantile(TreeMap<Double, Double> buckets, double q) {
        Double total = buckets.lastEntry() == null ? null : buckets.lastEntry().getValue();
        if (total == null || total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double prevBound = 0;
        double prevCount = 0;
        for (var e : buckets.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return prevBound;
                }
                double inBucket = e.getValue() - prevCount;
                return inBucket == 0 ? e.getKey() : prevBound + (e.getKey() - prevBound) * (rank - prevCount) / inBucket;
            }
            prevBound = e.getKey();
            prevCount = e.getValue();
        }
        return prevBound;
    }

    private static boolean matches(String labels, String[] parts) {
        for (String p : parts) {
            if (!labels.contains(p)) {
                return false;
            }
        }
        return true;
    }

    private static double parse(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }
}

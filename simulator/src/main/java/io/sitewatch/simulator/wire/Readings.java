package io.sitewatch.simulator.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ordered {@code values} object of one telemetry sample; insertion order is wire order. */
public final class Readings {
    private final List<Reading> list = new ArrayList<>(10);

    public Readings put(String metric, double value, int decimals) {
        list.add(new Reading(metric, value, decimals));
        return this;
    }

    public Readings flag(String metric, boolean on) {
        return put(metric, on ? 1 : 0, 0);
    }

    public List<Reading> asList() {
        return Collections.unmodifiableList(list);
    }

    /** The value as it goes on the wire (rounded to its resolution), or NaN if absent. */
    public double get(String metric) {
        for (Reading r : list) {
            if (r.metric().equals(metric)) {
                double scale = Math.pow(10, r.decimals());
                return Math.round(r.value() * scale) / scale;
            }
        }
        return Double.NaN;
    }
}

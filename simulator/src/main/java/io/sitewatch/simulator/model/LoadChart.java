package io.sitewatch.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.simulator.fleet.FreeForm;

import java.util.ArrayList;
import java.util.List;

/**
 * A tower crane's load chart: rated load (t) at a radius (m). Either explicit points from
 * {@code sim.chart} ([[radius, t], ...], linear in between) or the constant-moment curve
 * min(maxLoad, ratedMoment / r) from {@code params.ratedMomentTm} and {@code sim.maxLoadT}.
 */
public final class LoadChart {
    private final double maxLoadT;
    private final double ratedMomentTm;
    private final double[][] points;

    LoadChart(double maxLoadT, double ratedMomentTm, double[][] points) {
        this.maxLoadT = maxLoadT;
        this.ratedMomentTm = ratedMomentTm;
        this.points = points;
    }

    public static LoadChart from(FreeForm params, FreeForm sim) {
        double maxLoad = sim.number("maxLoadT", 8);
        double moment = params.number("ratedMomentTm", 160);
        List<double[]> points = new ArrayList<>();
        for (JsonNode p : sim.json().path("chart")) {
            if (p.isArray() && p.size() == 2 && p.get(0).isNumber() && p.get(1).isNumber()) {
                points.add(new double[] {p.get(0).doubleValue(), p.get(1).doubleValue()});
            }
        }
        double[][] pts = points.toArray(double[][]::new);
        return new LoadChart(maxLoad, moment, pts.length >= 2 ? pts : null);
    }

    public double maxLoadT() {
        return maxLoadT;
    }

    /** Rated load in t at this radius. */
    public double ratedLoadT(double radiusM) {
        if (points == null) {
            return Math.min(maxLoadT, ratedMomentTm / Math.max(radiusM, 0.1));
        }
        if (radiusM <= points[0][0]) {
            return points[0][1];
        }
        for (int i = 1; i < points.length; i++) {
            if (radiusM <= points[i][0]) {
                double f = (radiusM - points[i - 1][0]) / (points[i][0] - points[i - 1][0]);
                return points[i - 1][1] + f * (points[i][1] - points[i - 1][1]);
            }
        }
        return points[points.length - 1][1];
    }

    /** Load moment as % of the rated moment curve: (load × r) / (rated(r) × r). */
    public double momentPct(double loadT, double radiusM) {
        return 100 * loadT / ratedLoadT(radiusM);
    }
}

package io.sitewatch.core.region;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the schematic district map the regulator console draws
 * ({@code dashboards/src/main/webroot/assets/fujian-districts.geojson}) from {@code regions/fujian.yaml}
 * alone: each district's cell is the part of the province's coarse outline nearer to its seat than
 * to any other seat (a Voronoi cell of the seats, clipped to the outline). No boundary data of
 * anyone else goes in; the result is a sketch, labelled as such in the file and wherever it is shown.
 *
 * <p>The distances are measured on a plane scaled by cos(26°) in longitude (the province's middle
 * latitude, the projection the console draws with), so the cells look right on the map. Each cell
 * starts as the outline and is cut by the half-plane of every other seat (one Sutherland–Hodgman
 * step per seat), which works on the outline's concave coast too. Coordinates are rounded to
 * 0.001° (about 100 m), more than the seats' own precision. Deterministic: run it twice, get the
 * same bytes ({@link DistrictMapTest} holds the committed file to that).
 *
 * <p>Regenerate after changing the seats or the outline, from the repository root:
 * {@code mvn -o -q -pl core test -Dtest=DistrictMapTest -Dsitewatch.regenerateMap=true}.
 */
public final class DistrictMapGenerator {

    /** The committed map, relative to the repository root. */
    public static final String COMMITTED = "dashboards/src/main/webroot/assets/fujian-districts.geojson";
    /** Where the console's projection and the cells' distances are taken: Fujian's middle latitude. */
    static final double MID_LAT = 26.0;
    private static final double K = Math.cos(Math.toRadians(MID_LAT));

    private DistrictMapGenerator() {
    }

    /** One district's cell, rings in [lon, lat] as GeoJSON has them, closed, counter-clockwise. */
    record Cell(Regions.Region district, List<double[]> ring) {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : COMMITTED);
        Files.writeString(out, geoJson(Regions.bundled()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** The cells of every district that has a seat, in the order of the regions file. */
    static List<Cell> cells(Regions regions) {
        List<Regions.Region> districts = regions.all().stream()
                .filter(r -> "district".equals(r.level()) && r.lat() != null).toList();
        List<double[]> outline = new ArrayList<>();
        for (Regions.LatLon v : regions.outline()) {
            outline.add(new double[] {v.lon() * K, v.lat()});
        }
        List<Cell> out = new ArrayList<>();
        for (Regions.Region d : districts) {
            double[] s = {d.lon() * K, d.lat()};
            List<double[]> cell = outline;
            for (Regions.Region o : districts) {
                if (o == d) {
                    continue;
                }
                double[] t = {o.lon() * K, o.lat()};
                // Nearer to s than to t: (t - s) · p <= (|t|² - |s|²) / 2.
                double ax = t[0] - s[0];
                double ay = t[1] - s[1];
                double b = (t[0] * t[0] + t[1] * t[1] - s[0] * s[0] - s[1] * s[1]) / 2;
                cell = clip(cell, ax, ay, b);
            }
            out.add(new Cell(d, ring(cell)));
        }
        return out;
    }

    /** One Sutherland–Hodgman step: the part of {@code poly} where {@code ax·x + ay·y <= b}. */
    static List<double[]> clip(List<double[]> poly, double ax, double ay, double b) {
        List<double[]> out = new ArrayList<>();
        int n = poly.size();
        for (int i = 0; i < n; i++) {
            double[] cur = poly.get(i);
            double[] prev = poly.get((i + n - 1) % n);
            double fc = ax * cur[0] + ay * cur[1] - b;
            double fp = ax * prev[0] + ay * prev[1] - b;
            if (fc <= 0) {
                if (fp > 0) {
                    out.add(cross(prev, cur, fp, fc));
                }
                out.add(cur);
            } else if (fp <= 0) {
                out.add(cross(prev, cur, fp, fc));
            }
        }
        return out;
    }

    private static double[] cross(double[] p, double[] q, double fp, double fq) {
        double t = fp / (fp - fq);
        return new double[] {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])};
    }

    /** Back to [lon, lat], rounded, without repeated points, counter-clockwise and closed. */
    private static List<double[]> ring(List<double[]> projected) {
        List<double[]> r = new ArrayList<>();
        for (double[] p : projected) {
            double[] v = {round(p[0] / K), round(p[1])};
            double[] last = r.isEmpty() ? null : r.get(r.size() - 1);
            if (last == null || last[0] != v[0] || last[1] != v[1]) {
                r.add(v);
            }
        }
        while (r.size() > 1 && r.get(0)[0] == r.get(r.size() - 1)[0] && r.get(0)[1] == r.get(r.size() - 1)[1]) {
            r.remove(r.size() - 1);
        }
        if (signedArea(r) < 0) {
            java.util.Collections.reverse(r);
        }
        if (!r.isEmpty()) {
            r.add(r.get(0));
        }
        return r;
    }

    /** Twice the signed area of a ring in [x, y] (positive when counter-clockwise); closed or not. */
    static double signedArea(List<double[]> ring) {
        double a = 0;
        int n = ring.size();
        for (int i = 0; i < n; i++) {
            double[] p = ring.get(i);
            double[] q = ring.get((i + 1) % n);
            a += p[0] * q[1] - q[0] * p[1];
        }
        return a;
    }

    private static double round(double v) {
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }

    /** The GeoJSON text: one feature per line (readable diffs), the province's outline first. */
    static String geoJson(Regions regions) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"type\":\"FeatureCollection\",\n")
                .append("\"name\":\"fujian-districts\",\n")
                .append("\"schematic\":{\"zh\":\"示意图，界线不作为权属依据\",\"en\":\"Schematic map, not authoritative boundaries\"},\n")
                .append("\"note\":\"Generated by core DistrictMapGenerator from regions/fujian.yaml: cells of the approximate district seats")
                .append(" (Voronoi, clipped to a coarse outline of the province). Do not edit; regenerate.\",\n")
                .append("\"features\":[\n");
        Regions.Region province = regions.all().stream().filter(r -> "province".equals(r.level())).findFirst().orElseThrow();
        List<double[]> outline = new ArrayList<>();
        for (Regions.LatLon v : regions.outline()) {
            outline.add(new double[] {v.lon() * K, v.lat()});
        }
        sb.append("{\"type\":\"Feature\",\"properties\":{\"code\":\"").append(province.code()).append("\",\"level\":\"province\",")
                .append("\"zh\":\"").append(province.zh()).append("\",\"en\":\"").append(province.en()).append("\"},")
                .append("\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[").append(coordinates(ring(outline))).append("]}}");
        for (Cell c : cells(regions)) {
            Regions.Region d = c.district();
            sb.append(",\n{\"type\":\"Feature\",\"properties\":{\"code\":\"").append(d.code()).append("\",\"level\":\"district\",")
                    .append("\"zh\":\"").append(d.zh()).append("\",\"en\":\"").append(d.en().replace("\"", "\\\""))
                    .append("\",\"city\":\"").append(d.parent()).append("\",\"seat\":[").append(num(d.lon())).append(',')
                    .append(num(d.lat())).append("]},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[")
                    .append(coordinates(c.ring())).append("]}}");
        }
        sb.append("\n]}\n");
        return sb.toString();
    }

    private static String coordinates(List<double[]> ring) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ring.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('[').append(num(ring.get(i)[0])).append(',').append(num(ring.get(i)[1])).append(']');
        }
        return sb.append(']').toString();
    }

    private static String num(double v) {
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}

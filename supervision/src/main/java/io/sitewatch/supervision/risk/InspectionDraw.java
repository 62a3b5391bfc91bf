package io.sitewatch.supervision.risk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Projects drawn for unannounced inspection (四不两直): a weighted draw without replacement in which
 * a project's chance grows with its risk score (weight = score + 1, so a project without risk can
 * still be drawn: the site must never know it is safe from a visit). Pure: the same ranked items,
 * count and seed give the same picks (Efraimidis–Spirakis keys u^(1/w) over the items in id order).
 */
public final class InspectionDraw {

    private InspectionDraw() {
    }

    public static List<RiskItem> draw(List<RiskItem> items, int count, long seed) {
        List<RiskItem> ordered = new ArrayList<>(items);
        ordered.sort(Comparator.comparing(RiskItem::id));
        SplittableRandom random = new SplittableRandom(seed);
        record Keyed(RiskItem item, double key) {
        }
        List<Keyed> keyed = new ArrayList<>(ordered.size());
        for (RiskItem i : ordered) {
            double u = random.nextDouble();
            double w = i.score().doubleValue() + 1.0;
            keyed.add(new Keyed(i, Math.log(u) / w));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::key).reversed().thenComparing(k -> k.item().id()));
        List<RiskItem> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, keyed.size()); i++) {
            out.add(keyed.get(i).item());
        }
        return out;
    }
}

package io.sitewatch.supervision.risk;

import io.sitewatch.core.registry.Site;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The ranking for a window: facts through {@link RiskData}, scores through {@link RiskEvaluator},
 * by the model version asked for (the default when none). Blocking: call from a worker thread.
 */
public final class RiskRanking {

    private final RiskData data;
    private final Map<String, RiskModel> models = new ConcurrentHashMap<>();

    public RiskRanking(RiskData data) {
        this.data = data;
    }

    /** A bundled model version; {@link IllegalArgumentException} for one not shipped. */
    public RiskModel model(String version) {
        String v = version == null ? RiskModel.DEFAULT_VERSION : version;
        RiskModel m = models.get(v);
        if (m == null) {
            m = RiskModel.bundled(v);
            models.put(v, m);
        }
        return m;
    }

    /** Items of {@code scope} (project, enterprise, region) ranked from the projects whose region is in scope (null: all). */
    public List<RiskItem> rank(RiskModel model, String scope, Instant from, Instant to, Predicate<String> inScope) {
        return RiskEvaluator.evaluate(model, data.facts(model, from, to, inScope)).get(scope);
    }

    /** Every scope at once. */
    public Map<String, List<RiskItem>> rankAll(RiskModel model, Instant from, Instant to, Predicate<String> inScope) {
        return RiskEvaluator.evaluate(model, data.facts(model, from, to, inScope));
    }

    public RiskData data() {
        return data;
    }

    public List<Site> projects(Predicate<String> inScope) {
        return data.projects(inScope);
    }
}

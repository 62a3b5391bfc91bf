package io.sitewatch.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.alarms.eval.AlarmLifecycle;
import io.sitewatch.alarms.eval.MetricRuleEvaluator;
import io.sitewatch.alarms.eval.MetricWindow;
import io.sitewatch.alarms.eval.RuleContext;
import io.sitewatch.alarms.eval.Verdict;
import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.alarms.state.Alarm;
import io.sitewatch.alarms.state.AlarmChange;
import io.sitewatch.alarms.state.Subject;
import io.sitewatch.core.protocol.WireProtocol;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds timestamped samples through one bundled rule (evaluator + lifecycle, no engine) and
 * records the transitions as "level:transition@ts" strings, for table tests.
 */
final class RuleHarness implements RuleContext {

    static final RuleSet BUNDLED;

    static {
        try {
            BUNDLED = new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH)).load(RuleHarness.class.getResourceAsStream(RuleLoader.DEFAULT_RESOURCE), "test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final AlarmRule rule;
    private final Map<String, MetricWindow> windows = new HashMap<>();
    private final MetricRuleEvaluator evaluator = new MetricRuleEvaluator();
    private final ZoneId zone;
    private final JsonNode params;
    private final AtomicInteger ids = new AtomicInteger();
    private Alarm open;
    final List<String> transitions = new ArrayList<>();
    final List<Verdict> verdicts = new ArrayList<>();
    final List<String> alarmIds = new ArrayList<>();

    /** The bundled rule as it stands for a device with these params (their {@code rules.<id>} overrides applied, as the engine does). */
    RuleHarness(String ruleId, String zone, String paramsJson) throws Exception {
        AlarmRule bundled = BUNDLED.byId(ruleId);
        if (bundled == null) {
            throw new IllegalArgumentException("no rule " + ruleId);
        }
        this.zone = ZoneId.of(zone);
        this.params = new ObjectMapper().readTree(paramsJson == null ? "{}" : paramsJson);
        this.rule = bundled.withOverrides(params);
    }

    RuleHarness(String ruleId) throws Exception {
        this(ruleId, "Asia/Shanghai", null);
    }

    /** One sample of several metrics at {@code ts}; evaluates the rule at {@code ts}. */
    RuleHarness sample(long ts, Map<String, Double> values) {
        values.forEach((m, v) -> windows.computeIfAbsent(m, k -> new MetricWindow()).put(ts, v));
        Verdict v = evaluator.evaluate(rule, this, ts);
        verdicts.add(v);
        AlarmLifecycle.Step s = AlarmLifecycle.apply(open, v, new Subject("S", "350102", "D", "kind", rule.id(), rule.metric()),
                rule.below(), ts, () -> ts, ts, () -> "a" + ids.incrementAndGet());
        open = s.open();
        if (s.change() != null) {
            AlarmChange c = s.change();
            transitions.add(c.alarm().level().code() + ":" + c.transition().code() + "@" + ts);
            alarmIds.add(c.alarm().id());
        }
        return this;
    }

    /**
     * A work cycle from {@code start} to {@code end} reporting {@code reported} as the peak of the
     * rule's metric (its {@code peak.field}), received at {@code end}; only a raise or escalation
     * changes anything, as in the engine.
     */
    RuleHarness cycle(long start, long end, double reported) {
        Verdict v = evaluator.peak(rule, this, reported, start, end, open == null ? null : open.level());
        verdicts.add(v);
        if (v.level() != null) {
            step(v, end);
        }
        return this;
    }

    private void step(Verdict v, long ts) {
        AlarmLifecycle.Step s = AlarmLifecycle.apply(open, v, new Subject("S", "350102", "D", "kind", rule.id(), rule.metric()),
                rule.below(), ts, () -> ts, ts, () -> "a" + ids.incrementAndGet());
        open = s.open();
        if (s.change() != null) {
            AlarmChange c = s.change();
            transitions.add(c.alarm().level().code() + ":" + c.transition().code() + "@" + ts);
            alarmIds.add(c.alarm().id());
        }
    }

    AlarmRule rule() {
        return rule;
    }

    RuleHarness sample(long ts, double value) {
        return sample(ts, Map.of(rule.metric(), value));
    }

    Alarm open() {
        return open;
    }

    @Override
    public MetricWindow window(String metric) {
        return windows.get(metric);
    }

    @Override
    public JsonNode params() {
        return params;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }
}

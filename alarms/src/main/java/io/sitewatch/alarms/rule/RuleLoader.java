package io.sitewatch.alarms.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sitewatch.core.protocol.EventSpec;
import io.sitewatch.core.protocol.FieldType;
import io.sitewatch.core.protocol.KindSpec;
import io.sitewatch.core.protocol.WireProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks a rules file. Everything wrong is reported with the rule id and field, and
 * nothing is clamped or guessed: a file with one bad rule is refused as a whole, so the rules in
 * force stay as they were.
 */
public final class RuleLoader {

    public static final String DEFAULT_RESOURCE = "/alarm/rules.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    /** No window, sustain or clear time is longer than a year: what a rule could not mean. */
    private static final long MAX_DURATION_MS = 366 * 86_400_000L;
    private static final Set<String> KNOWN_FIELDS = Set.of("id", "deviceKind", "type", "metric", "direction", "abs",
            "strict", "warning", "alarm", "sustain", "clear", "window", "minSamples", "schedule", "day", "night", "days",
            "if", "operatingAbove", "periods", "certificateKinds", "source", "description", "when", "peak", "dayShare",
            "oneDay", "paper", "warnDays", "moving", "majorHazard");
    /** A clause of the 重大事故隐患判定标准 as the wire protocol writes it: edition-article[-item[-subitem]]. */
    private static final Pattern CLAUSE = Pattern.compile("[12][0-9]{3}-[1-9][0-9]?(-[1-9][0-9]?){0,2}");

    private final WireProtocol protocol;
    private final InstantSource clock;

    /** {@code clock} stamps each loaded set with when it was loaded ({@link RuleSet#loadedAt()}). */
    public RuleLoader(WireProtocol protocol, InstantSource clock) {
        this.protocol = protocol;
        this.clock = clock;
    }

    public RuleSet load(InputStream in, String origin) throws InvalidRulesException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new InvalidRulesException(origin + ": not readable YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("rules").isArray()) {
            throw new InvalidRulesException(origin + ": expected a top-level 'rules' list");
        }
        List<AlarmRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode r : root.get("rules")) {
            String where = origin + ": rule #" + (i++ + 1) + (r.hasNonNull("id") ? " (" + r.get("id").asText() + ")" : "");
            AlarmRule rule = parse(r, where);
            if (!ids.add(rule.id())) {
                throw new InvalidRulesException(where + ": duplicate id");
            }
            rules.add(rule);
        }
        return new RuleSet(root.path("version").asInt(1), origin, clock.millis(), rules);
    }

    private AlarmRule parse(JsonNode r, String where) throws InvalidRulesException {
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN_FIELDS.contains(f)) {
                throw new InvalidRulesException(where + ": unknown field '" + f + "'");
            }
        }
        String id = text(r, "id", where, true);
        if (!id.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
            throw new InvalidRulesException(where + ": id must be dotted lower-case words, e.g. tower_crane.moment");
        }
        RuleType type = type(text(r, "type", where, true), where);
        String source = text(r, "source", where, true);
        Set<String> kinds = kinds(r.get("deviceKind"), where);
        String metric = text(r, "metric", where, type.isMetricRule() || type == RuleType.NO_OPERATOR
                || type == RuleType.EQUIPMENT_PAPERS || type == RuleType.NIGHT_WORK);
        if (metric != null) {
            checkMetric(kinds, metric, where);
        }
        String direction = r.path("direction").asText("above");
        if (!direction.equals("above") && !direction.equals("below")) {
            throw new InvalidRulesException(where + ": direction must be above or below");
        }
        LevelRef warning = level(r.get("warning"), where + ": warning");
        LevelRef alarm = level(r.get("alarm"), where + ": alarm");
        AlarmRule.Sustain sustain = sustain(r.get("sustain"), where);
        AlarmRule.Clear clear = clear(r.get("clear"), where);
        long window = r.has("window") ? duration(r.get("window").asText(), where + ": window") : 0;
        int minSamples = r.path("minSamples").asInt(1);
        AlarmRule.Schedule schedule = schedule(r.path("schedule").asText("always"), where);
        AlarmRule.Limits day = limits(r.get("day"), where + ": day");
        AlarmRule.Limits night = limits(r.get("night"), where + ": night");
        // A whole number of days up to a year: asInt would cut 1e60 down to 2^31 - 1, whose horizon wraps around.
        if (r.has("days") && !(r.get("days").isIntegralNumber() && r.get("days").canConvertToInt()
                && r.get("days").intValue() >= 0 && r.get("days").intValue() <= 366)) {
            throw new InvalidRulesException(where + ": days must be a whole number of days from 1 to 366, got " + r.get("days"));
        }
        int days = r.path("days").asInt(0);
        AlarmRule.Guard guard = null;
        if (r.has("if")) {
            JsonNode g = r.get("if");
            String gm = text(g, "metric", where + ": if", true);
            checkMetric(kinds, gm, where + ": if");
            if (!g.path("above").isNumber()) {
                throw new InvalidRulesException(where + ": if.above must be a number");
            }
            guard = new AlarmRule.Guard(gm, g.path("abs").asBoolean(false), g.get("above").asDouble());
        }
        Map<String, List<String>> certKinds = certificateKinds(r.get("certificateKinds"), where);
        List<AlarmRule.Condition> when = conditions(r.get("when"), kinds, where);
        AlarmRule.Peak peak = peak(r.get("peak"), type, kinds, where);
        double dayShare = 1.0;
        if (r.has("dayShare")) {
            dayShare = r.get("dayShare").asDouble(-1);
            if (!r.get("dayShare").isNumber() || !(dayShare > 0 && dayShare <= 1)) {
                throw new InvalidRulesException(where + ": dayShare must be a number in (0, 1]");
            }
        }
        if (r.has("oneDay") && !r.get("oneDay").isBoolean()) {
            throw new InvalidRulesException(where + ": oneDay must be true or false");
        }
        if ((r.has("dayShare") || r.has("oneDay")) && type != RuleType.DAILY_RATE) {
            throw new InvalidRulesException(where + ": dayShare and oneDay are for daily_rate rules");
        }
        if (!when.isEmpty() && type != RuleType.MEDIAN) {
            throw new InvalidRulesException(where + ": when is for median rules");
        }

        if ((r.has("paper") || r.has("warnDays") || r.has("moving")) && type != RuleType.EQUIPMENT_PAPERS) {
            throw new InvalidRulesException(where + ": paper, warnDays and moving are for equipment_papers rules");
        }
        AlarmRule.Papers papers = null;
        switch (type) {
            case THRESHOLD, MEAN, MEDIAN, DAILY_RATE -> {
                if (alarm == null && warning == null) {
                    throw new InvalidRulesException(where + ": needs warning and/or alarm");
                }
                if ((type == RuleType.MEAN || type == RuleType.MEDIAN) && window <= 0) {
                    throw new InvalidRulesException(where + ": a " + type.yamlName() + " needs a window, e.g. 60m");
                }
                if (type == RuleType.DAILY_RATE && alarm == null) {
                    throw new InvalidRulesException(where + ": daily_rate needs alarm (the rate limit per day)");
                }
                if (type == RuleType.DAILY_RATE && days < 1) {
                    throw new InvalidRulesException(where + ": daily_rate needs days >= 1");
                }
                checkOrder(warning, alarm, direction.equals("below"), where);
            }
            case LEQ -> {
                if (window <= 0 || day == null || night == null) {
                    throw new InvalidRulesException(where + ": leq needs window, day and night limits");
                }
                checkOrder(day.warning(), day.alarm(), false, where + ": day");
                checkOrder(night.warning(), night.alarm(), false, where + ": night");
            }
            case OFFLINE -> {
                if (r.path("periods").asInt(0) < 1) {
                    throw new InvalidRulesException(where + ": offline needs periods >= 1");
                }
            }
            case NO_OPERATOR -> {
                if (!r.path("operatingAbove").isNumber()) {
                    throw new InvalidRulesException(where + ": no_operator needs operatingAbove");
                }
            }
            case OPERATOR_CERTIFICATE -> {
                if (certKinds.isEmpty()) {
                    throw new InvalidRulesException(where + ": operator_certificate needs certificateKinds");
                }
            }
            case EQUIPMENT_PAPERS -> {
                String paper = text(r, "paper", where, true);
                if (!AlarmRule.Papers.KINDS.contains(paper)) {
                    throw new InvalidRulesException(where + ": paper must be one of " + AlarmRule.Papers.KINDS);
                }
                if (!r.path("operatingAbove").isNumber()) {
                    throw new InvalidRulesException(where + ": equipment_papers needs operatingAbove (load that counts as use)");
                }
                if (r.has("warnDays") && (!r.get("warnDays").isInt() || r.get("warnDays").asInt() < 0)) {
                    throw new InvalidRulesException(where + ": warnDays must be a whole number of days >= 0");
                }
                AlarmRule.Guard moving = null;
                if (r.has("moving")) {
                    JsonNode g = r.get("moving");
                    String gm = text(g, "metric", where + ": moving", true);
                    checkMetric(kinds, gm, where + ": moving");
                    if (!g.path("above").isNumber()) {
                        throw new InvalidRulesException(where + ": moving.above must be a number");
                    }
                    moving = new AlarmRule.Guard(gm, g.path("abs").asBoolean(false), g.get("above").asDouble());
                }
                papers = new AlarmRule.Papers(paper, r.path("warnDays").asInt(30), moving);
            }
            case NIGHT_WORK -> {
                if (!r.path("operatingAbove").isNumber()) {
                    throw new InvalidRulesException(where + ": night_work needs operatingAbove (load that counts as lifting)");
                }
            }
            default -> {
                // device_alarm needs nothing more
            }
        }
        if (minSamples < 1) {
            throw new InvalidRulesException(where + ": minSamples must be at least 1");
        }
        AlarmRule.MajorHazard majorHazard = majorHazard(r.get("majorHazard"), where);
        return new AlarmRule(id, kinds, type, metric, direction.equals("below"), r.path("abs").asBoolean(false),
                r.path("strict").asBoolean(false), warning, alarm, sustain, clear, window, minSamples, schedule, day, night,
                days, guard, r.path("operatingAbove").asDouble(0), r.path("periods").asInt(0), certKinds, source, when, peak,
                dayShare, r.path("oneDay").asBoolean(false), papers, majorHazard);
    }

    /**
     * {@code majorHazard: {clause: "2024-5-4-1", category: 基坑, after: 24h}}: the clause in the wire
     * protocol's form, a category, and optionally how long the alarm must stay open to count.
     */
    private static AlarmRule.MajorHazard majorHazard(JsonNode n, String where) throws InvalidRulesException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new InvalidRulesException(where + ": majorHazard is {clause, category, after?}");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("clause", "category", "after").contains(f)) {
                throw new InvalidRulesException(where + ": majorHazard has no field '" + f + "' (clause, category, after)");
            }
        }
        String clause = text(n, "clause", where + ": majorHazard", true);
        if (!CLAUSE.matcher(clause).matches()) {
            throw new InvalidRulesException(where + ": majorHazard.clause must be edition-article[-item[-subitem]] as in the"
                    + " wire protocol, e.g. 2024-8-4 for the 2024 edition 第八条(四), got " + clause);
        }
        String category = text(n, "category", where + ": majorHazard", true);
        long after = n.has("after") ? duration(n.get("after").asText(), where + ": majorHazard.after") : 0;
        return new AlarmRule.MajorHazard(clause, category, after);
    }

    /** Device kind → one certificate kind or a list of them (any of which allows operating it). */
    private static Map<String, List<String>> certificateKinds(JsonNode n, String where) throws InvalidRulesException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new InvalidRulesException(where + ": certificateKinds maps a device kind to a certificate kind or a list");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> kinds = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(k -> kinds.add(k.asText()));
            } else {
                kinds.add(e.getValue().asText());
            }
            if (kinds.isEmpty() || kinds.stream().anyMatch(String::isBlank)) {
                throw new InvalidRulesException(where + ": certificateKinds." + e.getKey() + " names no certificate kind");
            }
            out.put(e.getKey(), List.copyOf(kinds));
        }
        return out;
    }

    /** {@code when}: a list of {metric, below|atMost|above|atLeast: N}. */
    private List<AlarmRule.Condition> conditions(JsonNode n, Set<String> kinds, String where) throws InvalidRulesException {
        List<AlarmRule.Condition> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new InvalidRulesException(where + ": when is a list of conditions, e.g. [{metric: load_pct, below: 5}]");
        }
        Map<String, AlarmRule.Condition.Op> ops = Map.of("below", AlarmRule.Condition.Op.BELOW, "atMost",
                AlarmRule.Condition.Op.AT_MOST, "above", AlarmRule.Condition.Op.ABOVE, "atLeast", AlarmRule.Condition.Op.AT_LEAST);
        for (JsonNode c : n) {
            String metric = text(c, "metric", where + ": when", true);
            checkMetric(kinds, metric, where + ": when");
            AlarmRule.Condition found = null;
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (f.equals("metric")) {
                    continue;
                }
                AlarmRule.Condition.Op op = ops.get(f);
                if (op == null || !c.get(f).isNumber() || found != null) {
                    throw new InvalidRulesException(where + ": a condition is {metric, one of below, atMost, above, atLeast: N}");
                }
                found = new AlarmRule.Condition(metric, op, c.get(f).asDouble());
            }
            if (found == null) {
                throw new InvalidRulesException(where + ": the condition on " + metric + " needs below, atMost, above or atLeast");
            }
            out.add(found);
        }
        return out;
    }

    /** {@code peak}: {event, field, percentOf?}; the event must carry the field as a number and be sent by the rule's kinds. */
    private AlarmRule.Peak peak(JsonNode n, RuleType type, Set<String> kinds, String where) throws InvalidRulesException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (type != RuleType.THRESHOLD) {
            throw new InvalidRulesException(where + ": peak is for threshold rules");
        }
        String event = text(n, "event", where + ": peak", true);
        String field = text(n, "field", where + ": peak", true);
        EventSpec spec = protocol.event(event);
        if (spec == null) {
            throw new InvalidRulesException(where + ": peak.event " + event + " is not a wire-protocol event");
        }
        FieldType ft = spec.fields().get(field);
        if (ft != FieldType.Simple.NUMBER && ft != FieldType.Simple.INTEGER) {
            throw new InvalidRulesException(where + ": peak.field " + field + " is not a number " + event + " carries");
        }
        if (kinds.isEmpty() || !kinds.stream().allMatch(spec::allowsKind)) {
            throw new InvalidRulesException(where + ": " + event + " is not sent by every kind the rule is for");
        }
        LevelRef per = level(n.get("percentOf"), where + ": peak.percentOf");
        if (per instanceof LevelRef.MetricRef) {
            throw new InvalidRulesException(where + ": peak.percentOf is a number or {param: ...}");
        }
        return new AlarmRule.Peak(event, field, per);
    }

    private Set<String> kinds(JsonNode node, String where) throws InvalidRulesException {
        if (node == null || node.isNull()) {
            throw new InvalidRulesException(where + ": deviceKind is required (a kind, a list, or any)");
        }
        Set<String> kinds = new LinkedHashSet<>();
        if (node.isTextual() && node.asText().equals("any")) {
            return kinds;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        for (JsonNode k : items) {
            if (!protocol.isKind(k.asText())) {
                throw new InvalidRulesException(where + ": deviceKind " + k.asText() + " is not a wire-protocol kind "
                        + protocol.kindNames());
            }
            kinds.add(k.asText());
        }
        return kinds;
    }

    private void checkMetric(Set<String> kinds, String metric, String where) throws InvalidRulesException {
        for (String k : kinds) {
            KindSpec spec = protocol.kind(k);
            if (spec.range(metric) == null) {
                throw new InvalidRulesException(where + ": " + k + " has no metric " + metric);
            }
        }
    }

    private static void checkOrder(LevelRef warning, LevelRef alarm, boolean below, String where) throws InvalidRulesException {
        if (warning instanceof LevelRef.Constant w && alarm instanceof LevelRef.Constant a) {
            if (below ? w.value() < a.value() : w.value() > a.value()) {
                throw new InvalidRulesException(where + ": the warning level must come before the alarm level");
            }
        }
    }

    static LevelRef level(JsonNode n, String where) throws InvalidRulesException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return new LevelRef.Constant(n.asDouble());
        }
        if (n.isObject() && n.has("param") && n.has("cases")) {
            if (!n.get("cases").isObject() || !n.path("default").isNumber()) {
                throw new InvalidRulesException(where + ": {param, cases: {value: level, ...}, default: N} needs cases and a default");
            }
            Map<String, Double> cases = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("cases").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new InvalidRulesException(where + ": cases." + e.getKey() + " must be a number");
                }
                cases.put(e.getKey(), e.getValue().asDouble());
            }
            double factor = n.path("factor").asDouble(1.0);
            if (!(factor > 0)) {
                throw new InvalidRulesException(where + ": factor must be positive");
            }
            return new LevelRef.Choice(n.get("param").asText(), cases, n.get("default").asDouble(), factor);
        }
        if (n.isObject() && n.has("param")) {
            Double dflt = n.has("default") ? n.get("default").asDouble() : null;
            if (n.has("default") && !n.get("default").isNumber()) {
                throw new InvalidRulesException(where + ": default must be a number");
            }
            double factor = n.path("factor").asDouble(1.0);
            if (!(factor > 0)) {
                throw new InvalidRulesException(where + ": factor must be positive");
            }
            return new LevelRef.Param(n.get("param").asText(), dflt, factor);
        }
        if (n.isObject() && n.has("metric")) {
            return new LevelRef.MetricRef(n.get("metric").asText());
        }
        throw new InvalidRulesException(where + ": a level is a number, {param: ...} or {metric: ...}");
    }

    private static AlarmRule.Sustain sustain(JsonNode n, String where) throws InvalidRulesException {
        if (n == null) {
            return AlarmRule.Sustain.IMMEDIATE;
        }
        int samples = n.path("samples").asInt(1);
        long ms = n.has("duration") ? duration(n.get("duration").asText(), where + ": sustain.duration") : 0;
        if (samples < 1) {
            throw new InvalidRulesException(where + ": sustain.samples must be at least 1");
        }
        return new AlarmRule.Sustain(samples, ms);
    }

    private static AlarmRule.Clear clear(JsonNode n, String where) throws InvalidRulesException {
        if (n == null) {
            return AlarmRule.Clear.IMMEDIATE;
        }
        int samples = n.path("samples").asInt(1);
        long ms = n.has("duration") ? duration(n.get("duration").asText(), where + ": clear.duration") : 0;
        if (samples < 1) {
            throw new InvalidRulesException(where + ": clear.samples must be at least 1");
        }
        return new AlarmRule.Clear(level(n.get("level"), where + ": clear.level"), samples, ms);
    }

    private static AlarmRule.Limits limits(JsonNode n, String where) throws InvalidRulesException {
        if (n == null) {
            return null;
        }
        return new AlarmRule.Limits(level(n.get("warning"), where + ".warning"), level(n.get("alarm"), where + ".alarm"));
    }

    private static AlarmRule.Schedule schedule(String s, String where) throws InvalidRulesException {
        try {
            return AlarmRule.Schedule.valueOf(s.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException(where + ": schedule must be always, day or night");
        }
    }

    private static RuleType type(String s, String where) throws InvalidRulesException {
        for (RuleType t : RuleType.values()) {
            if (t.yamlName().equals(s)) {
                return t;
            }
        }
        throw new InvalidRulesException(where + ": unknown type " + s);
    }

    private static String text(JsonNode n, String field, String where, boolean required) throws InvalidRulesException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw new InvalidRulesException(where + ": " + field + " is required");
            }
            return null;
        }
        return v.asText();
    }

    static long duration(String text, String where) throws InvalidRulesException {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidRulesException(where + ": a duration looks like 500ms, 30s, 20m, 2h or 1d, got " + text);
        }
        long unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        // Digits beyond a long, or a product beyond a year, are refused rather than wrapped around.
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 11 || Long.parseLong(digits) > MAX_DURATION_MS / unit) {
            throw new InvalidRulesException(where + ": a duration is at most 366d, got " + text);
        }
        return Long.parseLong(digits) * unit;
    }
}

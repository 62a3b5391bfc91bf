package io.sitewatch.supervision.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A version of the risk model, read from YAML ({@code risk/model-<version>.yaml}) and refused
 * unless complete and consistent, so an authority's typo never silently changes a ranking. The
 * computation of each factor is code ({@link FactorKind}); its weight, saturation and parameters,
 * and the reasons for them, are data.
 */
public record RiskModel(String version, String label, String labelEn, List<Factor> factors, Aggregation aggregation) {

    /** The version shipped as default. */
    public static final String DEFAULT_VERSION = "2026.2";
    /** Every version shipped, oldest first: each stays loadable so a past ranking reproduces with its own. */
    public static final List<String> SHIPPED = List.of("2026.1", "2026.2");
    /** Weights add up to this: a score is out of 100. */
    public static final int SCALE = 100;
    private static final Pattern VERSION = Pattern.compile("[0-9]{4}\\.[0-9]{1,3}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What a factor measures; how it is computed is {@link RiskEvaluator}'s. */
    public enum FactorKind {
        ALARMS("alarms", "per_device_day"),
        ACK_MINUTES("ack_minutes", "per_alarm"),
        DISPOSE_MINUTES("dispose_minutes", "per_alarm"),
        MAJOR_HAZARDS("major_hazards", "per_project"),
        OFFLINE("offline", "per_working_day"),
        ATTENDANCE("attendance", "per_working_day"),
        RECORDER("recorder", "per_working_day"),
        PAPERS("papers", "per_project"),
        LETTERS("letters", "per_project");

        private final String id;
        private final String normalisation;

        FactorKind(String id, String normalisation) {
            this.id = id;
            this.normalisation = normalisation;
        }

        public String id() {
            return id;
        }

        public String normalisation() {
            return normalisation;
        }

        static FactorKind of(String id) {
            for (FactorKind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * One factor. {@code params}: alarms — {@code levels} (level → weight) and {@code rules} (rule →
     * weight, default 1); ack_minutes and dispose_minutes — {@code capMinutes}; major_hazards and
     * letters — {@code overdueFactor}; offline and papers — {@code deviceKinds}; papers —
     * {@code expiringDays} (a paper valid for fewer days after the window's end is expiring) and
     * {@code expiringWeight} (what an expiring paper counts; an expired one counts 1).
     */
    public record Factor(FactorKind kind, String name, String nameEn, int weight, double saturation, String why,
                         String whyEn, Map<String, Double> levels, Map<String, Double> rules, double capMinutes,
                         double overdueFactor, Set<String> deviceKinds, int expiringDays, double expiringWeight) {

        public String id() {
            return kind.id();
        }

        /** An alarm's weight: its level's times its rule's (a rule not listed weighs 1). */
        public double alarmWeight(String rule, String level) {
            return levels.getOrDefault(level, 0.0) * rules.getOrDefault(rule, 1.0);
        }
    }

    /** How enterprises and regions aggregate their projects. */
    public record Aggregation(String rule, String weightBy, String why, String whyEn) {
    }

    /** The factor of this kind, or null when the model leaves it out. */
    public Factor factor(FactorKind kind) {
        for (Factor f : factors) {
            if (f.kind == kind) {
                return f;
            }
        }
        return null;
    }

    public Factor factor(String id) {
        FactorKind k = FactorKind.of(id);
        return k == null ? null : factor(k);
    }

    /** The bundled model of this version; {@link IllegalArgumentException} for a version not shipped. */
    public static RiskModel bundled(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("unknown risk model version '" + version + "'");
        }
        String resource = "/risk/model-" + version + ".yaml";
        try (InputStream in = RiskModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown risk model version '" + version + "'");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidRiskModelException e) {
            throw new IllegalStateException("bundled risk model " + version + " is invalid: " + e.getMessage(), e);
        }
    }

    public static RiskModel bundled() {
        return bundled(DEFAULT_VERSION);
    }

    public static RiskModel parse(String yaml) throws InvalidRiskModelException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new InvalidRiskModelException(List.of("not readable: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRiskModelException(List.of("not readable: expected a mapping"));
        }
        List<String> p = new ArrayList<>();
        unknownKeys(root, Set.of("version", "label", "labelEn", "factors", "aggregation"), "model", p);
        String version = root.path("version").asText("");
        if (!VERSION.matcher(version).matches()) {
            p.add("version must look like 2026.1, got '" + version + "'");
        }
        String label = required(root, "label", "model", p);
        String labelEn = required(root, "labelEn", "model", p);
        List<Factor> factors = new ArrayList<>();
        Set<FactorKind> seen = new LinkedHashSet<>();
        JsonNode list = root.path("factors");
        if (!list.isArray() || list.isEmpty()) {
            p.add("factors must be a non-empty list");
        } else {
            for (JsonNode n : list) {
                Factor f = factor(n, p);
                if (f != null && !seen.add(f.kind)) {
                    p.add("factor " + f.id() + " appears twice");
                } else if (f != null) {
                    factors.add(f);
                }
            }
            int sum = factors.stream().mapToInt(Factor::weight).sum();
            if (p.isEmpty() && sum != SCALE) {
                p.add("factor weights must add up to " + SCALE + ", they add up to " + sum);
            }
        }
        Aggregation aggregation = null;
        JsonNode a = root.path("aggregation");
        if (!a.isObject()) {
            p.add("aggregation is required");
        } else {
            unknownKeys(a, Set.of("rule", "weightBy", "why", "whyEn"), "aggregation", p);
            String rule = a.path("rule").asText("");
            String by = a.path("weightBy").asText("");
            if (!rule.equals("weighted_mean")) {
                p.add("aggregation.rule must be weighted_mean, got '" + rule + "'");
            }
            if (!Set.of("devices", "projects").contains(by)) {
                p.add("aggregation.weightBy must be devices or projects, got '" + by + "'");
            }
            aggregation = new Aggregation(rule, by, required(a, "why", "aggregation", p), required(a, "whyEn", "aggregation", p));
        }
        if (!p.isEmpty()) {
            throw new InvalidRiskModelException(p);
        }
        return new RiskModel(version, label, labelEn, List.copyOf(factors), aggregation);
    }

    private static Factor factor(JsonNode n, List<String> p) {
        String id = n.path("id").asText("");
        FactorKind kind = FactorKind.of(id);
        if (kind == null) {
            p.add("factor '" + id + "' is not known (one of " + String.join(", ",
                    java.util.Arrays.stream(FactorKind.values()).map(FactorKind::id).toList()) + ")");
            return null;
        }
        String at = "factor " + id;
        unknownKeys(n, Set.of("id", "name", "nameEn", "normalisation", "weight", "saturation", "why", "whyEn", "levels", "rules",
                "capMinutes", "overdueFactor", "deviceKinds", "expiringDays", "expiringWeight"), at, p);
        String norm = n.path("normalisation").asText("");
        if (!norm.equals(kind.normalisation())) {
            p.add(at + ": normalisation must be " + kind.normalisation() + ", got '" + norm + "'");
        }
        int weight = n.path("weight").canConvertToInt() && n.path("weight").isIntegralNumber() ? n.path("weight").asInt() : -1;
        if (weight < 1) {
            p.add(at + ": weight must be a whole number of points >= 1");
        }
        double saturation = n.path("saturation").asDouble(Double.NaN);
        if (!(saturation > 0) || !n.path("saturation").isNumber()) {
            p.add(at + ": saturation must be a positive number (the value at which the factor counts in full)");
        }
        Map<String, Double> levels = weights(n.path("levels"), at + ".levels", p);
        Map<String, Double> rules = weights(n.path("rules"), at + ".rules", p);
        if (kind == FactorKind.ALARMS) {
            if (!levels.keySet().equals(Set.of("alarm", "warning"))) {
                p.add(at + ": levels must give alarm and warning a weight");
            }
        } else if (!levels.isEmpty() || !rules.isEmpty()) {
            p.add(at + ": levels and rules are for the alarms factor");
        }
        double cap = n.path("capMinutes").asDouble(0);
        boolean timed = kind == FactorKind.ACK_MINUTES || kind == FactorKind.DISPOSE_MINUTES;
        if (timed && !(cap > 0)) {
            p.add(at + ": capMinutes must be positive (how long an alarm not handled counts at most)");
        } else if (!timed && n.has("capMinutes")) {
            p.add(at + ": capMinutes is for ack_minutes and dispose_minutes");
        }
        double overdue = n.path("overdueFactor").asDouble(0);
        boolean counted = kind == FactorKind.MAJOR_HAZARDS || kind == FactorKind.LETTERS;
        if (counted && !(overdue >= 1)) {
            p.add(at + ": overdueFactor must be >= 1");
        } else if (!counted && n.has("overdueFactor")) {
            p.add(at + ": overdueFactor is for major_hazards and letters");
        }
        Set<String> kinds = new LinkedHashSet<>();
        n.path("deviceKinds").forEach(k -> kinds.add(k.asText()));
        boolean byKind = kind == FactorKind.OFFLINE || kind == FactorKind.PAPERS;
        if (byKind && kinds.isEmpty()) {
            p.add(at + ": deviceKinds must name the device kinds the factor looks at");
        } else if (!byKind && !kinds.isEmpty()) {
            p.add(at + ": deviceKinds is for offline and papers");
        }
        int expiringDays = n.path("expiringDays").isIntegralNumber() ? n.path("expiringDays").asInt() : -1;
        double expiringWeight = n.path("expiringWeight").isNumber() ? n.path("expiringWeight").asDouble() : -1;
        if (kind == FactorKind.PAPERS) {
            if (expiringDays < 0 || expiringDays > 366) {
                p.add(at + ": expiringDays must be a whole number of days from 0 to 366");
            }
            if (!(expiringWeight >= 0 && expiringWeight <= 1)) {
                p.add(at + ": expiringWeight must be a number from 0 to 1 (an expired paper counts 1)");
            }
        } else if (n.has("expiringDays") || n.has("expiringWeight")) {
            p.add(at + ": expiringDays and expiringWeight are for papers");
        }
        return new Factor(kind, required(n, "name", at, p), required(n, "nameEn", at, p), weight, saturation,
                required(n, "why", at, p), required(n, "whyEn", at, p), Map.copyOf(levels), Map.copyOf(rules), cap, overdue,
                Set.copyOf(kinds), Math.max(0, expiringDays), Math.max(0, expiringWeight));
    }

    private static Map<String, Double> weights(JsonNode n, String at, List<String> p) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            p.add(at + " must be a mapping of name to weight");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                p.add(at + "." + e.getKey() + " must be a number >= 0");
            } else {
                out.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return out;
    }

    private static String required(JsonNode n, String field, String at, List<String> p) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            p.add(at + ": " + field + " is required");
        }
        return v;
    }

    private static void unknownKeys(JsonNode n, Set<String> known, String at, List<String> p) {
        n.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                p.add(at + ": unknown field '" + k + "'");
            }
        });
    }
}

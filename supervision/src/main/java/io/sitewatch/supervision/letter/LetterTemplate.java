package io.sitewatch.supervision.letter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sitewatch.supervision.risk.RiskLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the warning letter's wording, read from {@code letter/warning-letter-<version>.yaml}
 * (Chinese, with an English rendering), and its rendering from a {@link RiskSnapshot}. Pure: no
 * clock, no I/O once loaded. Placeholders of the body: {@code {target} {kind} {from} {to} {score}
 * {level} {rank} {count} {model} {factors} {days}}; of a factor line: {@code {n} {name} {value}
 * {contribution} {weight} {evidence}}. A placeholder the template names but the renderer does not
 * know is refused at load, so a typo never reaches a letter.
 */
public final class LetterTemplate {

    public static final String DEFAULT_VERSION = "2026.1";
    /** Dates of the window are days of the province. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final List<String> BODY_KEYS = List.of("target", "kind", "from", "to", "score", "level", "rank", "count", "model",
            "factors", "days");
    private static final List<String> FACTOR_KEYS = List.of("n", "name", "value", "contribution", "weight", "evidence");

    /** One language's wording. */
    record Wording(String title, Map<String, String> kinds, List<String> numbers, String factor, String noFactor, String noEvidence,
                   String body) {
    }

    /** The letter's title and body in both languages, as rendered for one risk item. */
    public record Rendered(String title, String titleEn, String body, String bodyEn) {
    }

    private final String version;
    private final int deadlineDays;
    private final Wording zh;
    private final Wording en;

    private LetterTemplate(String version, int deadlineDays, Wording zh, Wording en) {
        this.version = version;
        this.deadlineDays = deadlineDays;
        this.zh = zh;
        this.en = en;
    }

    public String version() {
        return version;
    }

    /** Days to answer from issue unless the regulator gives others. */
    public int deadlineDays() {
        return deadlineDays;
    }

    /** A shipped version; {@link IllegalArgumentException} for one not shipped. */
    public static LetterTemplate bundled(String version) {
        String v = version == null ? DEFAULT_VERSION : version;
        if (!v.matches("[0-9]{4}\\.[0-9]+")) {
            throw new IllegalArgumentException("no letter template " + v);
        }
        try (InputStream in = LetterTemplate.class.getResourceAsStream("/letter/warning-letter-" + v + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no letter template " + v);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LetterTemplate bundled() {
        return bundled(DEFAULT_VERSION);
    }

    /** Reads a template; {@link IllegalArgumentException} naming what is missing or wrong. */
    public static LetterTemplate parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("letter template not readable: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("letter template: expected a mapping");
        }
        String version = text(root, "version");
        int days = root.path("deadlineDays").asInt(0);
        if (days < 1 || days > 90) {
            throw new IllegalArgumentException("letter template " + version + ": deadlineDays must be 1..90");
        }
        return new LetterTemplate(version, days, wording(root, "zh"), wording(root, "en"));
    }

    private static Wording wording(JsonNode root, String lang) {
        JsonNode w = root.path(lang);
        if (!w.isObject()) {
            throw new IllegalArgumentException("letter template: " + lang + " is missing");
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String k : List.of("project", "enterprise")) {
            kinds.put(k, text(w.path("targetKind"), k));
        }
        List<String> numbers = new ArrayList<>();
        w.path("numbers").forEach(n -> numbers.add(n.asText()));
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("letter template: " + lang + ".numbers is missing");
        }
        String body = text(w, "body").strip();
        String factor = text(w, "factor");
        known(lang + ".body", body, BODY_KEYS);
        known(lang + ".factor", factor, FACTOR_KEYS);
        return new Wording(text(w, "title"), kinds, numbers, factor, text(w, "noFactor"), text(w, "noEvidence"), body);
    }

    private static void known(String where, String text, List<String> keys) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!keys.contains(m.group(1))) {
                throw new IllegalArgumentException("letter template: " + where + " names {" + m.group(1) + "}, which is none of " + keys);
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("letter template: " + field + " is missing");
        }
        return v.asText();
    }

    /**
     * The letter for {@code scope} ({@code project} or {@code enterprise}) {@code targetName},
     * from the risk item as it was; {@code days} to answer.
     */
    public Rendered render(String scope, String targetName, RiskSnapshot s, int days) {
        return new Rendered(zh.title(), en.title(), body(zh, scope, targetName, s, days, true), body(en, scope, targetName, s, days, false));
    }

    private static String body(Wording w, String scope, String target, RiskSnapshot s, int days, boolean zh) {
        String kind = w.kinds().get(scope);
        if (kind == null) {
            throw new IllegalArgumentException("scope must be project or enterprise, got " + scope);
        }
        RiskLevel level = RiskLevel.of(s.score());
        Map<String, String> v = new LinkedHashMap<>();
        v.put("target", target);
        v.put("kind", kind);
        v.put("from", date(s.from()).toString());
        // the window's end is exclusive: its last day is the day before
        v.put("to", date(s.to() - 1).toString());
        v.put("score", s.score().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        v.put("level", zh ? level.zh() : level.en() + " risk");
        v.put("rank", Integer.toString(s.rank()));
        v.put("count", Integer.toString(s.count()));
        v.put("model", s.model());
        v.put("days", Integer.toString(days));
        v.put("factors", factors(w, s, zh));
        return fill(w.body(), v);
    }

    /** The factors that contributed, the largest first (ties by id), one numbered line each. */
    static String factors(Wording w, RiskSnapshot s, boolean zh) {
        List<RiskSnapshot.Factor> scored = new ArrayList<>();
        for (RiskSnapshot.Factor f : s.factors()) {
            if (f.contribution().signum() > 0) {
                scored.add(f);
            }
        }
        scored.sort(Comparator.comparing(RiskSnapshot.Factor::contribution).reversed().thenComparing(RiskSnapshot.Factor::id));
        if (scored.isEmpty()) {
            return w.noFactor();
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            RiskSnapshot.Factor f = scored.get(i);
            Map<String, String> v = new LinkedHashMap<>();
            v.put("n", i < w.numbers().size() ? w.numbers().get(i) : (i + 1) + ".");
            v.put("name", zh ? f.name() : f.nameEn());
            v.put("value", number(f.value()));
            v.put("contribution", f.contribution().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            v.put("weight", Integer.toString(f.weight()));
            v.put("evidence", f.evidence().isEmpty() ? w.noEvidence() : String.join(zh ? "、" : ", ", f.evidence()));
            lines.add(fill(w.factor(), v));
        }
        return String.join("\n", lines);
    }

    static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A factor's value as people write it: at most four decimals, no trailing zeros. */
    static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    static LocalDate date(long ms) {
        return Instant.ofEpochMilli(ms).atZone(ZONE).toLocalDate();
    }
}

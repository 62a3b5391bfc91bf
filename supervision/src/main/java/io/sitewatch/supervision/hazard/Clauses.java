package io.sitewatch.supervision.hazard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The clauses of the 重大事故隐患判定标准 (2024版, 建质规〔2024〕5号) by their wire-protocol id
 * ({@code 2024-8-1}), with their text in Chinese and an English gloss ({@code hazard/clauses-2024.yaml}),
 * and the id written as a person reads it: {@code 第八条(一)}.
 */
public final class Clauses {

    public static final String RESOURCE = "/hazard/clauses-2024.yaml";
    /** The wire protocol's clause form: edition-article[-item[-subitem]]. */
    public static final Pattern ID = Pattern.compile("[12][0-9]{3}-[1-9][0-9]?(-[1-9][0-9]?){0,2}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String[] DIGITS = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    /** A clause with its text. */
    public record Clause(String id, String zh, String en) {
    }

    private static final Clauses BUNDLED = load();

    private final Map<String, Clause> byId;

    private Clauses(Map<String, Clause> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static Clauses bundled() {
        return BUNDLED;
    }

    private static Clauses load() {
        try (InputStream in = Clauses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode root = YAML.readTree(in);
            Map<String, Clause> out = new LinkedHashMap<>();
            for (JsonNode c : root.get("clauses")) {
                String id = c.get("id").asText();
                if (!ID.matcher(id).matches()) {
                    throw new IllegalStateException(RESOURCE + ": bad clause id " + id);
                }
                out.put(id, new Clause(id, c.get("zh").asText(), c.get("en").asText()));
            }
            return new Clauses(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The clause's text, or null for one the file does not list (another edition, an unknown item). */
    public Clause find(String id) {
        return id == null ? null : byId.get(id);
    }

    /**
     * The clause as a person cites it: {@code 2024-5-4-1} → {@code 第五条(四)1}; another edition is
     * named before it ({@code 2022版 第八条(六)}); null stays null.
     */
    public static String label(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return id;
        }
        String[] p = id.split("-");
        StringBuilder out = new StringBuilder();
        if (!p[0].equals("2024")) {
            out.append(p[0]).append("版 ");
        }
        out.append('第').append(chinese(Integer.parseInt(p[1]))).append('条');
        if (p.length > 2) {
            out.append('(').append(chinese(Integer.parseInt(p[2]))).append(')');
        }
        if (p.length > 3) {
            out.append(p[3]);
        }
        return out.toString();
    }

    /** The clause as cited in English: {@code 2024-5-4-1} → {@code Art. 5 (4) 1}; another edition is named before it. */
    public static String labelEn(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return id;
        }
        String[] p = id.split("-");
        StringBuilder out = new StringBuilder(p[0].equals("2024") ? "" : p[0] + " edition ");
        out.append("Art. ").append(p[1]);
        if (p.length > 2) {
            out.append(" (").append(p[2]).append(')');
        }
        if (p.length > 3) {
            out.append(' ').append(p[3]);
        }
        return out.toString();
    }

    /** 1–99 in Chinese numerals: 八, 十, 十五, 二十一. */
    static String chinese(int n) {
        if (n < 10) {
            return DIGITS[n];
        }
        int tens = n / 10;
        return (tens == 1 ? "" : DIGITS[tens]) + "十" + DIGITS[n % 10];
    }
}

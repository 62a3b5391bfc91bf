package io.sitewatch.rating.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rating's message bundles ({@code rating/messages_zh.properties}, {@code _en}, UTF-8): one
 * template per message id, with parameters as {@code {name}} or {@code {name,format}}. Formats:
 * <ul>
 *   <li>none: text as it is, a whole number as it is, a decimal to at most two places, a message
 *       in the same language, a list joined by the language's list separator ({@code sep.list});</li>
 *   <li>{@code pct} / {@code pct0}: a share (0..1) as a percentage to one decimal (a trailing .0
 *       left out) / to a whole number;</li>
 *   <li>{@code d1}: a decimal to one place;</li>
 *   <li>{@code code}, {@code quote}: an identifier as registered / a text as a person entered it,
 *       quoted verbatim (no translation changes them; HTML marks them {@code class="code"});</li>
 *   <li>{@code kind}, {@code sitekind}: device or project kinds by name ({@code kind.*},
 *       {@code sitekind.*}), several joined by "or";</li>
 *   <li>{@code lines}: a list joined by the clause separator ({@code sep.clause});
 *       {@code seq}: a list joined with nothing (optional tails that carry their own separator);</li>
 *   <li>{@code weekdays}: ISO day numbers by name; {@code cny}: an amount in yuan (万元/亿元 in Chinese).</li>
 * </ul>
 * A message of an unknown id says its id and parameters rather than failing: a stored rating stays
 * readable whatever the bundles of a later release hold.
 */
public final class Messages {

    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9_]*)(?:,([a-z0-9]+))?}");
    private static final Set<String> FORMATS = Set.of("pct", "pct0", "d1", "code", "quote", "kind", "sitekind", "lines", "seq",
            "weekdays", "cny");
    private static volatile Messages bundled;

    private final Map<Lang, Map<String, String>> bundles;

    Messages(Map<Lang, Map<String, String>> bundles) {
        this.bundles = bundles;
    }

    /** The bundles on the classpath, read once. */
    public static Messages get() {
        Messages m = bundled;
        if (m == null) {
            Map<Lang, Map<String, String>> b = new EnumMap<>(Lang.class);
            for (Lang l : Lang.values()) {
                b.put(l, load("/rating/messages_" + l.code() + ".properties"));
            }
            m = new Messages(b);
            bundled = m;
        }
        return m;
    }

    private static Map<String, String> load(String resource) {
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("message bundle " + resource + " missing from the build");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new java.util.HashMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of a language's bundle. */
    public Set<String> ids(Lang lang) {
        return new TreeSet<>(bundles.get(lang).keySet());
    }

    /** The template of an id, or null. */
    public String template(String id, Lang lang) {
        return bundles.get(lang).get(id);
    }

    /** The parameters a template names (with their formats), for checks that both languages agree. */
    public static Set<String> params(String template) {
        Set<String> out = new TreeSet<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            out.add(m.group(1) + (m.group(2) == null ? "" : "," + m.group(2)));
        }
        return out;
    }

    /** Whether a template uses only known formats. */
    public static boolean knownFormats(String template) {
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            if (m.group(2) != null && !FORMATS.contains(m.group(2))) {
                return false;
            }
        }
        return true;
    }

    public String text(Msg m, Lang lang) {
        return render(m, lang).text();
    }

    /**
     * A piece of rendered text: plain, or quoted verbatim — an identifier ({@code mark} "code") or
     * what a person entered ("quote").
     */
    public record Part(String text, String mark) {

        Part(String text) {
            this(text, null);
        }

        public boolean verbatim() {
            return mark != null;
        }
    }

    /** A message said in one language, in parts. */
    public record Rendered(List<Part> parts) {

        public String text() {
            StringBuilder b = new StringBuilder();
            parts.forEach(p -> b.append(p.text()));
            return b.toString();
        }

        /** The verbatim parts, each once, in order. */
        public List<String> verbatim() {
            List<String> out = new ArrayList<>();
            parts.stream().filter(p -> p.verbatim() && !p.text().isEmpty() && !out.contains(p.text())).forEach(p -> out.add(p.text()));
            return out;
        }

        /** HTML, escaped, the verbatim parts in {@code <span class="code">} (what people entered also {@code quote}). */
        public String html() {
            StringBuilder b = new StringBuilder();
            for (Part p : parts) {
                if (p.text().isEmpty()) {
                    continue;
                }
                b.append(p.verbatim() ? "<span class=\"" + ("quote".equals(p.mark()) ? "code quote" : "code") + "\">" + esc(p.text()) + "</span>"
                        : esc(p.text()));
            }
            return b.toString();
        }
    }

    public Rendered render(Msg m, Lang lang) {
        List<Part> parts = new ArrayList<>();
        append(parts, m, lang);
        // neighbouring plain parts as one
        List<Part> merged = new ArrayList<>();
        for (Part p : parts) {
            if (!merged.isEmpty() && !p.verbatim() && !merged.get(merged.size() - 1).verbatim()) {
                merged.set(merged.size() - 1, new Part(merged.get(merged.size() - 1).text() + p.text()));
            } else {
                merged.add(p);
            }
        }
        return new Rendered(List.copyOf(merged));
    }

    private void append(List<Part> out, Msg m, Lang lang) {
        if (m.isName()) {
            Object v = m.args().get(lang.code());
            out.add(new Part(String.valueOf(v == null || "".equals(v) ? m.args().getOrDefault(lang == Lang.ZH ? "en" : "zh", "") : v)));
            return;
        }
        String template = bundles.get(lang).get(m.id());
        if (template == null) {
            template = bundles.get(Lang.EN).get(m.id());
        }
        if (template == null) {
            // an id no bundle knows (a stored rating read by an older release): its id and parameters
            out.add(new Part(m.id(), "code"));
            if (!m.args().isEmpty()) {
                out.add(new Part(" "));
                out.add(new Part(m.args().toString(), "code"));
            }
            return;
        }
        Matcher x = PARAM.matcher(template);
        int at = 0;
        while (x.find()) {
            out.add(new Part(template.substring(at, x.start())));
            value(out, m.args().get(x.group(1)), x.group(2), lang);
            at = x.end();
        }
        out.add(new Part(template.substring(at)));
    }

    private void value(List<Part> out, Object v, String format, Lang lang) {
        if (v == null) {
            return;
        }
        String f = format == null ? "" : format;
        switch (f) {
            case "code", "quote" -> {
                List<?> all = v instanceof List<?> l ? l : List.of(v);
                for (int i = 0; i < all.size(); i++) {
                    if (i > 0) {
                        out.add(new Part(sep("sep.list", lang)));
                    }
                    out.add(new Part(plain(all.get(i), lang), f));
                }
            }
            case "kind", "sitekind" -> {
                List<?> all = v instanceof List<?> l ? l : List.of(v);
                List<String> names = new ArrayList<>();
                for (Object k : all) {
                    String key = ("kind".equals(f) ? "kind." : "sitekind.") + k;
                    String name = bundles.get(lang).get(key);
                    names.add(name == null ? String.valueOf(k) : name);
                }
                out.add(new Part(String.join(sep("sep.or", lang), names)));
            }
            case "lines", "seq" -> {
                List<?> all = v instanceof List<?> l ? l : List.of(v);
                for (int i = 0; i < all.size(); i++) {
                    if (i > 0 && "lines".equals(f)) {
                        out.add(new Part(sep("sep.clause", lang)));
                    }
                    value(out, all.get(i), null, lang);
                }
            }
            case "pct", "pct0" -> out.add(new Part(percent(number(v), "pct0".equals(f) ? 0 : 1)));
            case "d1" -> out.add(new Part(String.format(Locale.ROOT, "%.1f", number(v))));
            case "weekdays" -> {
                List<?> all = v instanceof List<?> l ? l : List.of(v);
                List<String> names = new ArrayList<>();
                all.forEach(d -> names.add(bundles.get(lang).getOrDefault("weekday." + d, String.valueOf(d))));
                out.add(new Part(String.join(sep("sep.list", lang), names)));
            }
            case "cny" -> out.add(new Part(cny(new BigDecimal(String.valueOf(v)), lang)));
            default -> {
                if (v instanceof Msg n) {
                    append(out, n, lang);
                } else if (v instanceof List<?> l) {
                    for (int i = 0; i < l.size(); i++) {
                        if (i > 0) {
                            out.add(new Part(sep("sep.list", lang)));
                        }
                        value(out, l.get(i), null, lang);
                    }
                } else {
                    out.add(new Part(plain(v, lang)));
                }
            }
        }
    }

    private String plain(Object v, Lang lang) {
        if (v instanceof Double d) {
            return num(d);
        }
        if (v instanceof Msg n) {
            return text(n, lang);
        }
        return String.valueOf(v);
    }

    private String sep(String key, Lang lang) {
        return bundles.get(lang).getOrDefault(key, ", ");
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }

    /** A decimal to at most two places, no trailing zeros: 60.41, 85, 12.5. */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A share as a percentage: 0.9354 → 93.5 (one place) or 94 (none); a whole percentage without ".0". */
    public static String percent(double share, int places) {
        BigDecimal p = BigDecimal.valueOf(share * 100).setScale(places, RoundingMode.HALF_UP);
        return p.stripTrailingZeros().scale() <= 0 ? p.setScale(0, RoundingMode.HALF_UP).toPlainString() : p.toPlainString();
    }

    /** 1.8 亿元 from 1 亿 up, else 万元 with thousands separated; in English CNY with separators. */
    public static String cny(BigDecimal yuan, Lang lang) {
        if (lang == Lang.EN) {
            return String.format(Locale.ROOT, "CNY %,.0f", yuan);
        }
        if (yuan.compareTo(BigDecimal.valueOf(100_000_000)) >= 0) {
            return yuan.divide(BigDecimal.valueOf(100_000_000), 2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " 亿元";
        }
        return String.format(Locale.ROOT, "%,.0f 万元", yuan.divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

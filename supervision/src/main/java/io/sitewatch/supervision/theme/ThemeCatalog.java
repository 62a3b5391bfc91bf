package io.sitewatch.supervision.theme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sitewatch.core.protocol.WireProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The monthly themes (一月一主题) of a year, read from YAML ({@code theme/themes-<year>.yaml}) and
 * refused unless complete and consistent: a typo in a rule id or a month would otherwise make a
 * theme's report silently count nothing. Which alarms, device kinds and hazard categories a theme
 * selects, and why, are data; how a report is computed is {@link ThemeReport}'s.
 */
public record ThemeCatalog(int version, Standout standout, List<Theme> themes) {

    /** The year shipped. */
    public static final int DEFAULT_VERSION = 2026;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    /** Rule prefixes that are not a device kind: they apply to several kinds. */
    private static final Set<String> ANY_KIND_PREFIXES = Set.of("device", "operator");

    /** When a site stands out on an indicator: rate ≥ factor × the report's rate and ≥ minEvents events. */
    public record Standout(double factor, int minEvents, String why, String whyEn) {
    }

    /** One indicator: alarms of {@code rules} per 100 device-days of {@code perKinds}. */
    public record Indicator(String id, List<String> rules, String label, String labelEn, List<String> perKinds) {
    }

    /** One theme. */
    public record Theme(String id, String name, String nameEn, List<YearMonth> months, List<String> rules, List<String> deviceKinds,
                        List<String> hazardCategories, List<Indicator> indicators, String why, String whyEn) {

        public boolean runsIn(YearMonth month) {
            return months.contains(month);
        }
    }

    public Theme theme(String id) {
        for (Theme t : themes) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }

    /** The theme that runs in the month, or null when none does. */
    public Theme themeOf(YearMonth month) {
        for (Theme t : themes) {
            if (t.runsIn(month)) {
                return t;
            }
        }
        return null;
    }

    public static ThemeCatalog bundled() {
        String resource = "/theme/themes-" + DEFAULT_VERSION + ".yaml";
        try (InputStream in = ThemeCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled themes missing: " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidThemesException e) {
            throw new IllegalStateException("bundled themes " + DEFAULT_VERSION + " are invalid: " + e.getMessage(), e);
        }
    }

    /** Reads and checks a themes file; every problem found is named in the exception. */
    public static ThemeCatalog parse(String yaml) throws InvalidThemesException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new InvalidThemesException(List.of("not readable: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidThemesException(List.of("not readable: expected a mapping"));
        }
        List<String> p = new ArrayList<>();
        unknownKeys(root, Set.of("version", "standout", "themes"), "themes file", p);
        int version = root.path("version").asInt(0);
        if (!root.path("version").isInt() || version < 2000 || version > 2999) {
            p.add("version must be a year such as 2026, got " + root.path("version").asText(""));
        }
        Standout standout = null;
        JsonNode s = root.path("standout");
        if (!s.isObject()) {
            p.add("standout is missing (factor, minEvents, why, whyEn)");
        } else {
            unknownKeys(s, Set.of("factor", "minEvents", "why", "whyEn"), "standout", p);
            double factor = s.path("factor").asDouble(0);
            if (!s.path("factor").isNumber() || factor <= 1) {
                p.add("standout.factor must be a number above 1, got " + s.path("factor").asText(""));
            }
            int minEvents = s.path("minEvents").asInt(0);
            if (!s.path("minEvents").isInt() || minEvents < 1) {
                p.add("standout.minEvents must be a whole number of at least 1, got " + s.path("minEvents").asText(""));
            }
            standout = new Standout(factor, minEvents, required(s, "why", "standout", p), required(s, "whyEn", "standout", p));
        }
        List<Theme> themes = new ArrayList<>();
        JsonNode list = root.path("themes");
        if (!list.isArray() || list.isEmpty()) {
            p.add("themes must be a non-empty list");
        } else {
            Set<String> ids = new HashSet<>();
            Map<YearMonth, String> monthOwner = new HashMap<>();
            for (JsonNode t : list) {
                Theme theme = theme(t, version, p);
                if (theme == null) {
                    continue;
                }
                if (!ids.add(theme.id())) {
                    p.add("theme " + theme.id() + " is listed twice");
                }
                for (YearMonth m : theme.months()) {
                    String other = monthOwner.putIfAbsent(m, theme.id());
                    if (other != null) {
                        p.add("month " + m + " has two themes (" + other + ", " + theme.id() + "): one theme a month");
                    }
                }
                themes.add(theme);
            }
        }
        if (!p.isEmpty()) {
            throw new InvalidThemesException(p);
        }
        return new ThemeCatalog(version, standout, List.copyOf(themes));
    }

    private static Theme theme(JsonNode n, int version, List<String> p) {
        if (!n.isObject()) {
            p.add("each theme must be a mapping");
            return null;
        }
        String id = n.path("id").asText("");
        String at = "theme " + (id.isEmpty() ? "(no id)" : id);
        if (!ID.matcher(id).matches()) {
            p.add(at + ": id must be lower-case letters, digits and _ (at most 40), got '" + id + "'");
        }
        unknownKeys(n, Set.of("id", "name", "nameEn", "months", "rules", "deviceKinds", "hazardCategories", "indicators", "why", "whyEn"),
                at, p);
        String name = required(n, "name", at, p);
        String nameEn = required(n, "nameEn", at, p);
        String why = required(n, "why", at, p);
        String whyEn = required(n, "whyEn", at, p);
        List<YearMonth> months = new ArrayList<>();
        for (String m : strings(n, "months", at, p)) {
            try {
                YearMonth ym = MONTH.matcher(m).matches() ? YearMonth.parse(m) : null;
                if (ym == null) {
                    p.add(at + ": month must be YYYY-MM, got '" + m + "'");
                } else if (version > 0 && ym.getYear() != version && ym.getYear() != version + 1) {
                    p.add(at + ": month " + m + " is not in " + version + " (or the January after)");
                } else if (months.contains(ym)) {
                    p.add(at + ": month " + m + " is listed twice");
                } else {
                    months.add(ym);
                }
            } catch (DateTimeParseException e) {
                p.add(at + ": month must be YYYY-MM, got '" + m + "'");
            }
        }
        if (n.path("months").isArray() && n.path("months").isEmpty()) {
            p.add(at + ": months must name at least one month");
        }
        List<String> kinds = strings(n, "deviceKinds", at, p);
        Set<String> known = WireProtocol.v1().kindNames();
        for (String k : kinds) {
            if (!known.contains(k)) {
                p.add(at + ": device kind '" + k + "' is not a wire-protocol kind " + new java.util.TreeSet<>(known));
            }
        }
        List<String> rules = strings(n, "rules", at, p);
        for (String r : rules) {
            if (!RULE.matcher(r).matches()) {
                p.add(at + ": rule '" + r + "' is not an alarm rule id (kind.name)");
            } else {
                String prefix = r.substring(0, r.indexOf('.'));
                if (!ANY_KIND_PREFIXES.contains(prefix) && !kinds.contains(prefix)) {
                    p.add(at + ": rule '" + r + "' is of kind " + prefix + ", which is not among the theme's deviceKinds " + kinds);
                }
            }
        }
        List<String> categories = strings(n, "hazardCategories", at, p);
        List<Indicator> indicators = new ArrayList<>();
        JsonNode list = n.path("indicators");
        if (!list.isArray()) {
            p.add(at + ": indicators must be a list (empty for a theme that counts hazards only)");
        } else {
            Set<String> ids = new HashSet<>();
            for (JsonNode i : list) {
                Indicator ind = indicator(i, at, rules, kinds, p);
                if (ind != null) {
                    if (!ids.add(ind.id())) {
                        p.add(at + ": indicator " + ind.id() + " is listed twice");
                    }
                    indicators.add(ind);
                }
            }
        }
        if (indicators.isEmpty() && categories.isEmpty() && list.isArray() && n.path("hazardCategories").isArray()) {
            p.add(at + ": a theme needs indicators or hazard categories, or its report is empty");
        }
        return new Theme(id, name, nameEn, List.copyOf(months), rules, kinds, categories, List.copyOf(indicators), why, whyEn);
    }

    private static Indicator indicator(JsonNode n, String theme, List<String> themeRules, List<String> themeKinds, List<String> p) {
        if (!n.isObject()) {
            p.add(theme + ": each indicator must be a mapping");
            return null;
        }
        String id = n.path("id").asText("");
        String at = theme + " indicator " + (id.isEmpty() ? "(no id)" : id);
        if (!ID.matcher(id).matches()) {
            p.add(at + ": id must be lower-case letters, digits and _, got '" + id + "'");
        }
        unknownKeys(n, Set.of("id", "rules", "label", "labelEn", "perKinds"), at, p);
        List<String> rules = strings(n, "rules", at, p);
        if (rules.isEmpty() && n.path("rules").isArray()) {
            p.add(at + ": rules must name at least one rule");
        }
        for (String r : rules) {
            if (!themeRules.contains(r)) {
                p.add(at + ": rule '" + r + "' is not among the theme's rules");
            }
        }
        List<String> per = strings(n, "perKinds", at, p);
        if (per.isEmpty() && n.path("perKinds").isArray()) {
            p.add(at + ": perKinds must name at least one device kind (the rate is per 100 device-days of them)");
        }
        for (String k : per) {
            if (!themeKinds.contains(k)) {
                p.add(at + ": perKinds '" + k + "' is not among the theme's deviceKinds " + themeKinds);
            }
        }
        return new Indicator(id, rules, required(n, "label", at, p), required(n, "labelEn", at, p), per);
    }

    private static List<String> strings(JsonNode n, String field, String at, List<String> p) {
        JsonNode v = n.path(field);
        if (!v.isArray()) {
            p.add(at + ": " + field + " must be a list");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) {
                p.add(at + ": " + field + " must hold non-empty texts, got " + e);
            } else if (!out.add(e.asText())) {
                p.add(at + ": " + field + " lists '" + e.asText() + "' twice");
            }
        }
        return List.copyOf(out);
    }

    private static String required(JsonNode n, String field, String at, List<String> p) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            p.add(at + ": " + field + " is missing");
            return "";
        }
        return v.asText();
    }

    private static void unknownKeys(JsonNode n, Set<String> known, String at, List<String> p) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                p.add(at + ": unknown key '" + k + "'");
            }
        }
    }
}

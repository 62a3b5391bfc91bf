package io.sitewatch.rating.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a catalogue from YAML and refuses it unless it is complete and consistent, so a typo in
 * an authority's edit never silently changes ratings.
 */
public final class CatalogueLoader {

    /** The catalogue shipped with SiteWatch: domain.md §1.8 placeholders, editable by authorities. */
    public static final String BUNDLED = "/rating/catalogue-default.yaml";
    /** The default before 2026.1 (kept loadable: ratings approved with it are recomputed with it). */
    public static final String PREVIOUS = "/rating/catalogue-2025.1.yaml";

    private static final Set<String> DEVICE_KINDS =
            Set.of("tower_crane", "hoist", "gondola", "env", "pit", "formwork", "recorder");
    /** Project kinds of the registry ({@code site.kind}). */
    private static final Set<String> SITE_KINDS = Set.of("building", "municipal");
    /**
     * Recorder items: the window around the clock-in (minutes either side) in which the previous
     * working day's safety log must be uploaded; present selects the campaign's rule (2026.1).
     */
    public static final String LOG_WINDOW_MINUTES = "logWindowMinutes";
    /** At most half a day either side: a longer window would no longer tie the log to the clock-in. */
    static final int MAX_LOG_WINDOW = 720;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private CatalogueLoader() {
    }

    public static String bundledYaml() {
        return resourceYaml(BUNDLED);
    }

    /** A catalogue shipped on the classpath ({@link #BUNDLED}, {@link #PREVIOUS}), as text. */
    public static String resourceYaml(String resource) {
        try (InputStream in = CatalogueLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled catalogue " + resource + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Catalogue parse(String yaml) throws InvalidCatalogueException {
        Catalogue c;
        try {
            c = YAML.readValue(yaml, Catalogue.class);
        } catch (IOException e) {
            throw new InvalidCatalogueException(List.of("not readable: " + unreadable(e)));
        }
        if (c == null) {
            // A YAML document of just null (~, null, or nothing after ---) reads as no catalogue.
            throw new InvalidCatalogueException(List.of("the catalogue is empty: it needs label, dataQuality, gates, items, bonus and stars"));
        }
        List<String> problems = validate(c);
        if (!problems.isEmpty()) {
            throw new InvalidCatalogueException(problems);
        }
        return c;
    }

    /**
     * Why the YAML could not be read, in the catalogue's terms: where (field path, line) and what
     * is wrong; never Jackson's own text, which names Java types.
     */
    static String unreadable(IOException e) {
        String where = "";
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            where = " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        }
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)) {
            return "not valid YAML" + where;
        }
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String at = path.isEmpty() ? "the document" : path.toString();
        if (m instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' in " + at + where;
        }
        // A value our own types refused says why in their words (an unknown project or device kind).
        Throwable cause = m.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return at + ": " + cause.getMessage() + where;
        }
        return at + ": a value of the wrong type or form" + where;
    }

    static List<String> validate(Catalogue c) {
        List<String> p = new ArrayList<>();
        if (blank(c.label())) {
            p.add("label is required (the authority's name for this version)");
        }
        if (c.dataQuality() == null) {
            p.add("dataQuality is required");
        } else {
            if (!(c.dataQuality().minOnlineRate() > 0 && c.dataQuality().minOnlineRate() <= 1)) { // NaN too
                p.add("dataQuality.minOnlineRate must be in (0, 1]");
            }
            if (c.dataQuality().maxGapMinutes() <= 0) {
                p.add("dataQuality.maxGapMinutes must be positive");
            }
        }
        if (c.bonus() == null) {
            p.add("bonus is required (cap: 0 and no items when there are none)");
            return p;
        }
        Set<String> ids = new HashSet<>();
        for (Gate g : c.gates()) {
            if (blank(g.id()) || !ids.add(g.id())) {
                p.add("gate id '" + g.id() + "' is missing or not unique");
            }
            if (g.star() < 1 || g.star() > 3) {
                p.add("gate " + g.id() + ": star must be 1..3");
            }
            if (g.check() == null) {
                p.add("gate " + g.id() + ": check is required");
            } else if ((g.check() == GateCheck.DURATION_DAYS || g.check() == GateCheck.COST_CNY) && g.min() == null) {
                p.add("gate " + g.id() + ": " + g.check().code() + " needs min");
            }
            if (g.min() != null && !Double.isFinite(g.min())) {
                p.add("gate " + g.id() + ": min must be a number");
            }
            if (blank(g.how())) {
                p.add("gate " + g.id() + ": how is required");
            }
        }
        if (c.items().isEmpty()) {
            p.add("items must not be empty");
        }
        for (Item i : c.allItems()) {
            String at = "item " + i.id();
            if (blank(i.id()) || !ids.add(i.id())) {
                p.add("item id '" + i.id() + "' is missing or not unique");
            }
            if (blank(i.module())) {
                p.add(at + ": module is required");
            }
            if (!(i.maxPoints() > 0) || Double.isInfinite(i.maxPoints())) {
                p.add(at + ": maxPoints must be positive");
            }
            if (i.evidence() == null) {
                p.add(at + ": evidence is required");
            } else if (i.evidence() == EvidenceKind.SYSTEM && (i.deviceKind() == null || !DEVICE_KINDS.contains(i.deviceKind()))) {
                p.add(at + ": system items need deviceKind, one of " + DEVICE_KINDS);
            }
            if (i.params().containsKey(LOG_WINDOW_MINUTES)) {
                Object w = i.params().get(LOG_WINDOW_MINUTES);
                if (i.evidence() != null && i.evidence() != EvidenceKind.RECORDER) {
                    p.add(at + ": " + LOG_WINDOW_MINUTES + " is for recorder items (the safety log uploaded around the clock-in)");
                }
                if (!(w instanceof Integer || w instanceof Long) || ((Number) w).longValue() < 1 || ((Number) w).longValue() > MAX_LOG_WINDOW) {
                    p.add(at + ": " + LOG_WINDOW_MINUTES + " must be a whole number of minutes from 1 to " + MAX_LOG_WINDOW
                            + " (the log counts from clock-in − that to clock-in + that), got '" + w + "'");
                }
            }
            double floor = i.param("floor", 0);
            double target = i.param("target", 1);
            if (!(floor >= 0 && target <= 1 && floor < target)) { // NaN too
                p.add(at + ": needs 0 <= floor < target <= 1");
            }
            if (blank(i.how())) {
                p.add(at + ": how is required (say how the evidence is obtained)");
            }
            boolean bonus = c.bonus().items().contains(i);
            if (i.applies() != null) {
                Applies a = i.applies();
                if (bonus) {
                    p.add(at + ": applies is for base items (a bonus item only adds, it never needs to leave the maximum)");
                }
                if (a.siteKinds().isEmpty() && a.devices().isEmpty()) {
                    p.add(at + ": applies needs siteKinds or devices (or leave applies out: the item always applies)");
                }
                a.siteKinds().stream().filter(k -> !SITE_KINDS.contains(k))
                        .forEach(k -> p.add(at + ": applies.siteKinds: unknown project kind '" + k + "', one of " + SITE_KINDS));
                a.devices().stream().filter(k -> !DEVICE_KINDS.contains(k))
                        .forEach(k -> p.add(at + ": applies.devices: unknown device kind '" + k + "', one of " + DEVICE_KINDS));
            }
            if (i.noEvidence() != null) {
                NoEvidence n = i.noEvidence();
                if (i.evidence() != null && !i.share()) {
                    p.add(at + ": noEvidence is for share items (alarm_ack, recorder, hazard_rectification, operator_cert)");
                }
                if ((n.share() == null) == !n.leavesMaximum()) {
                    p.add(at + ": noEvidence needs either share (0..1 of the points) or notApplicable: true");
                } else if (n.share() != null && !(n.share() >= 0 && n.share() <= 1)) {
                    p.add(at + ": noEvidence.share must be within 0..1 (a share of the item's points)");
                }
                if (n.notApplicable() != null && !n.notApplicable()) {
                    p.add(at + ": noEvidence.notApplicable can only be true (give share instead)");
                }
                if (n.leavesMaximum() && bonus) {
                    p.add(at + ": noEvidence.notApplicable is for base items (a bonus item with nothing to measure earns a share)");
                }
                if (blank(n.reason())) {
                    p.add(at + ": noEvidence.reason is required (it is shown in the breakdown)");
                }
            }
        }
        if (!c.modules().isEmpty()) {
            // names of modules are optional (older catalogues fall back), but once given they cover every item
            Set<String> modules = new HashSet<>();
            for (Module m : c.modules()) {
                if (blank(m.id()) || !modules.add(m.id())) {
                    p.add("module id '" + m.id() + "' is missing or not unique");
                }
                if (blank(m.nameEn())) {
                    p.add("module " + m.id() + ": nameEn is required (its English name)");
                }
            }
            c.allItems().stream().map(Item::module).filter(m -> !blank(m) && !modules.contains(m)).distinct()
                    .forEach(m -> p.add("modules: no entry for module '" + m + "' of the items (give its names)"));
        }
        if (c.notApplicable() != null && !Catalogue.SCALE.equals(c.notApplicable())) {
            p.add("notApplicable must be '" + Catalogue.SCALE + "' (base points scaled to the maximum of the items that apply), got '"
                    + c.notApplicable() + "'");
        } else if (c.notApplicable() == null && c.hasNotApplicableItems()) {
            p.add("notApplicable is required when items can be not applicable: say how the score counts them ('"
                    + Catalogue.SCALE + "')");
        }
        if (!(c.bonus().cap() >= 0) || Double.isInfinite(c.bonus().cap())) {
            p.add("bonus.cap must not be negative");
        }
        if (c.stars().isEmpty()) {
            p.add("stars must list the star levels");
        }
        int expected = 1;
        double last = -1;
        for (StarLevel s : c.stars()) {
            if (s.star() != expected++) {
                p.add("stars must be listed 1, 2, 3 in order");
            }
            if (!(s.minScore() > last) || Double.isInfinite(s.minScore())) { // NaN too
                p.add("star " + s.star() + ": minScore must be above the level below");
            }
            last = s.minScore();
            for (String r : s.requires()) {
                if (c.item(r).isEmpty()) {
                    p.add("star " + s.star() + " requires unknown item " + r);
                }
            }
        }
        if (c.stars().size() > 3) {
            p.add("at most three star levels");
        }
        if (last > c.maxScore()) {
            p.add("the top star needs " + last + " but at most " + c.maxScore() + " can be scored");
        }
        return p;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

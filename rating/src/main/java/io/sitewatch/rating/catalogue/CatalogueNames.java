package io.sitewatch.rating.catalogue;

import io.sitewatch.rating.text.Msg;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The names of a catalogue's items, gates, modules and star levels in Chinese and English, as
 * {@link Msg#name} texts. A catalogue gives them as data ({@code name}/{@code nameEn},
 * {@code modules}); one written before names were given in both languages (2025.1, or an
 * authority's copy of it) falls back, per id, to the name the bundled catalogue gives the same id,
 * then to the id itself (in English with its underscores as spaces), so an old catalogue still
 * reads in both languages.
 */
public final class CatalogueNames {

    private static volatile Catalogue bundled;

    private CatalogueNames() {
    }

    /** The catalogue this release bundles (the fallback for names), read once. */
    static Catalogue bundled() {
        Catalogue c = bundled;
        if (c == null) {
            try {
                c = CatalogueLoader.parse(CatalogueLoader.bundledYaml());
            } catch (InvalidCatalogueException e) {
                throw new IllegalStateException("the bundled catalogue is invalid: " + e.getMessage(), e);
            }
            bundled = c;
        }
        return c;
    }

    public static Msg item(Item i) {
        Optional<Item> b = bundled().item(i.id());
        String zh = first(i.name(), b.map(Item::name).orElse(null), i.id());
        String en = first(i.nameEn(), b.map(Item::nameEn).orElse(null), words(i.id()));
        return Msg.name(zh, en);
    }

    public static Msg gate(Gate g) {
        Optional<Gate> b = bundled().gates().stream().filter(x -> x.id().equals(g.id())).findFirst();
        String zh = first(g.name(), b.map(Gate::name).orElse(null), g.id());
        String en = first(g.nameEn(), b.map(Gate::nameEn).orElse(null), words(g.id()));
        return Msg.name(zh, en);
    }

    public static Msg module(Catalogue c, String module) {
        Optional<Module> own = c.modules().stream().filter(m -> m.id().equals(module)).findFirst();
        Optional<Module> b = bundled().modules().stream().filter(m -> m.id().equals(module)).findFirst();
        String zh = first(own.map(Module::name).orElse(null), b.map(Module::name).orElse(null), module);
        String en = first(own.map(Module::nameEn).orElse(null), b.map(Module::nameEn).orElse(null), words(module));
        return Msg.name(zh, en);
    }

    /** A star level's name (一星级 · One star); 0 is no star. */
    public static Msg star(Catalogue c, int star) {
        if (star <= 0) {
            return Msg.of("stars.none");
        }
        Optional<StarLevel> own = c.stars().stream().filter(s -> s.star() == star).findFirst();
        Optional<StarLevel> b = bundled().stars().stream().filter(s -> s.star() == star).findFirst();
        String zh = first(own.map(StarLevel::name).orElse(null), b.map(StarLevel::name).orElse(null), null);
        String en = first(own.map(StarLevel::nameEn).orElse(null), b.map(StarLevel::nameEn).orElse(null), null);
        return zh == null && en == null ? Msg.of("stars.n", "n", (long) star) : Msg.name(zh, en);
    }

    /**
     * The reason of an item's {@code noEvidence} rule; its Chinese from the bundled catalogue when
     * the catalogue gives none and its English is the bundled one's, else the English as written.
     */
    public static Msg noEvidenceReason(Item i) {
        NoEvidence n = i.noEvidence();
        String zh = n.reasonZh();
        if (zh == null) {
            zh = bundled().item(i.id()).map(Item::noEvidence).filter(b -> Objects.equals(b.reason(), n.reason()))
                    .map(NoEvidence::reasonZh).orElse(null);
        }
        return Msg.name(zh, n.reason());
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }

    /** tower_crane_monitor → Tower crane monitor. */
    static String words(String id) {
        if (id == null || id.isEmpty()) {
            return id;
        }
        String w = id.replace('_', ' ').replace('.', ' ');
        return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }
}

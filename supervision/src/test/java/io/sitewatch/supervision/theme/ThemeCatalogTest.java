package io.sitewatch.supervision.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.supervision.theme.ThemeCatalog.Theme;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped themes load; a file with a mistake is refused with the mistake named. */
class ThemeCatalogTest {

    private static final String GOOD = """
            version: 2026
            standout: {factor: 2, minEvents: 3, why: w, whyEn: w}
            themes:
              - id: gondola
                name: 吊篮安全治理
                nameEn: Gondola safety
                months: ["2026-11"]
                rules: [gondola.people, gondola.fall_arrest]
                deviceKinds: [gondola]
                hazardCategories: [高处作业]
                indicators:
                  - {id: people_over_limit, rules: [gondola.people], label: 吊篮超员, labelEn: People over the limit, perKinds: [gondola]}
                why: w
                whyEn: w
            """;

    @Test
    void theShippedThemesCoverTheCampaignsWorksAndEveryMonthOf2026() {
        ThemeCatalog c = ThemeCatalog.bundled();
        assertEquals(2026, c.version());
        assertEquals(Set.of("吊篮安全治理", "起重机械安拆", "高处作业", "汛期和台风", "消防"),
                c.themes().stream().map(Theme::name).collect(Collectors.toSet()));
        for (int m = 1; m <= 12; m++) {
            assertTrue(c.themeOf(YearMonth.of(2026, m)) != null, "no theme in 2026-" + m);
        }
        Theme gondola = c.theme("gondola");
        assertEquals(List.of("gondola.people"), gondola.indicators().get(0).rules());
        assertEquals(List.of("gondola.fall_arrest"), gondola.indicators().get(1).rules());
        assertEquals(List.of("gondola"), gondola.indicators().get(0).perKinds());
        assertEquals("gondola", c.themeOf(YearMonth.of(2026, 11)).id());
        assertEquals("fire", c.themeOf(YearMonth.of(2026, 12)).id());
        assertNull(c.theme("nope"));
        assertEquals(3, c.standout().minEvents());
    }

    @Test
    void aGoodFileLoads() throws Exception {
        ThemeCatalog c = ThemeCatalog.parse(GOOD);
        assertEquals(List.of(YearMonth.of(2026, 11)), c.theme("gondola").months());
    }

    private static String refused(String yaml) {
        return assertThrows(InvalidThemesException.class, () -> ThemeCatalog.parse(yaml)).getMessage();
    }

    private static void refusedWith(String from, String to, String expected) {
        assertTrue(GOOD.contains(from), from);
        String message = refused(GOOD.replace(from, to));
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    @Test
    void mistakesAreRefusedAndNamed() {
        refusedWith("months: [\"2026-11\"]", "months: [\"2026-13\"]", "theme gondola: month must be YYYY-MM, got '2026-13'");
        refusedWith("months: [\"2026-11\"]", "months: [\"11/2026\"]", "month must be YYYY-MM");
        refusedWith("months: [\"2026-11\"]", "months: [\"2031-11\"]", "month 2031-11 is not in 2026");
        refusedWith("months: [\"2026-11\"]", "months: []", "months must name at least one month");
        refusedWith("deviceKinds: [gondola]", "deviceKinds: [gondla]", "device kind 'gondla' is not a wire-protocol kind");
        refusedWith("rules: [gondola.people, gondola.fall_arrest]", "rules: [gondola.people, gondola fall arrest]",
                "rule 'gondola fall arrest' is not an alarm rule id");
        refusedWith("rules: [gondola.people, gondola.fall_arrest]", "rules: [gondola.people, hoist.load]",
                "rule 'hoist.load' is of kind hoist, which is not among the theme's deviceKinds");
        refusedWith("rules: [gondola.people], label", "rules: [gondola.tilt], label", "rule 'gondola.tilt' is not among the theme's rules");
        refusedWith("perKinds: [gondola]", "perKinds: [hoist]", "perKinds 'hoist' is not among the theme's deviceKinds");
        refusedWith("perKinds: [gondola]", "perKinds: []", "perKinds must name at least one device kind");
        refusedWith("labelEn: People over the limit, ", "", "indicator people_over_limit: labelEn is missing");
        refusedWith("    name: 吊篮安全治理\n", "", "theme gondola: name is missing");
        refusedWith("    why: w\n", "    wy: w\n", "unknown key 'wy'");
        refusedWith("  - id: gondola", "  - id: Gondola", "id must be lower-case letters");
        refusedWith("factor: 2,", "factor: 1,", "standout.factor must be a number above 1");
        refusedWith("minEvents: 3,", "minEvents: 0,", "standout.minEvents must be a whole number of at least 1");
        refusedWith("version: 2026", "version: twenty", "version must be a year");
        refusedWith("rules: [gondola.people, gondola.fall_arrest]", "rules: [gondola.people, gondola.people]", "lists 'gondola.people' twice");
        assertTrue(refused("- just a list").contains("expected a mapping"));
        assertTrue(refused("version: [").startsWith("not readable"));
        assertTrue(refused("version: 2026\nstandout: {factor: 2, minEvents: 3, why: w, whyEn: w}\nthemes: []\n")
                .contains("themes must be a non-empty list"));
    }

    @Test
    void oneThemeAMonthAndNoThemeTwice() {
        String second = GOOD + GOOD.substring(GOOD.indexOf("  - id: gondola")).replace("id: gondola", "id: gondola2");
        assertTrue(refused(second).contains("month 2026-11 has two themes (gondola, gondola2)"), refused(second));
        String twice = GOOD + GOOD.substring(GOOD.indexOf("  - id: gondola")).replace("2026-11", "2026-12");
        assertTrue(refused(twice).contains("theme gondola is listed twice"), refused(twice));
    }

    @Test
    void aThemeThatSelectsNothingIsRefused() {
        String empty = GOOD.replace("hazardCategories: [高处作业]", "hazardCategories: []")
                .replaceAll("(?s)indicators:\n.*?\n    why", "indicators: []\n    why");
        assertTrue(refused(empty).contains("a theme needs indicators or hazard categories"), refused(empty));
    }
}

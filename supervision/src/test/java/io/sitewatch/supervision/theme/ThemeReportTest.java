package io.sitewatch.supervision.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.supervision.theme.ThemeCatalog.Theme;
import io.sitewatch.supervision.theme.ThemeReport.HazardFact;
import io.sitewatch.supervision.theme.ThemeReport.Result;
import io.sitewatch.supervision.theme.ThemeReport.Row;
import io.sitewatch.supervision.theme.ThemeReport.SiteFacts;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report from facts: rates per 100 device-days, the roll-up from districts to cities, standouts, hazards. */
class ThemeReportTest {

    private static final ThemeCatalog CATALOG = ThemeCatalog.bundled();
    private static final Theme GONDOLA = CATALOG.theme("gondola");
    private static final YearMonth NOV = YearMonth.of(2026, 11);

    private static SiteFacts site(String id, String region, int gondolaDays, int people, int locks) {
        return new SiteFacts(id, id + " 项目", region, Map.of("gondola", gondolaDays),
                Map.of("gondola.people", people, "gondola.fall_arrest", locks));
    }

    private static Row row(List<Row> rows, String region) {
        return rows.stream().filter(r -> r.region().equals(region)).findFirst().orElseThrow();
    }

    private static BigDecimal bd(String v) {
        return new BigDecimal(v);
    }

    @Test
    void ratesArePer100DeviceDaysPerDistrictAndCitiesAddTheirDistrictsUp() {
        List<SiteFacts> sites = List.of(
                site("A", "350102", 40, 2, 1),   // 鼓楼: 40 gondola-days
                site("B", "350102", 60, 3, 0),   //        60
                site("C", "350103", 20, 0, 0),   // 台江
                site("D", "350203", 30, 6, 2));  // 思明 (Xiamen)
        Result r = ThemeReport.compute(GONDOLA, CATALOG.standout(), NOV, sites, List.of());
        assertTrue(r.scheduled());
        assertEquals(List.of("350102", "350103", "350203"), r.districts().stream().map(Row::region).toList());
        Row gulou = row(r.districts(), "350102");
        assertEquals(2, gulou.sites());
        assertEquals(100, gulou.deviceDays().get("gondola"));
        assertEquals(5, gulou.value("people_over_limit").count());
        assertEquals(0, bd("5.00").compareTo(gulou.value("people_over_limit").rate()));
        assertEquals(0, bd("1.00").compareTo(gulou.value("safety_lock").rate()));
        assertEquals(0, row(r.districts(), "350103").value("people_over_limit").rate().signum());
        assertEquals(0, bd("20.00").compareTo(row(r.districts(), "350203").value("people_over_limit").rate()));

        assertEquals(List.of("350100", "350200"), r.cities().stream().map(Row::region).toList());
        Row fuzhou = row(r.cities(), "350100");
        assertEquals(3, fuzhou.sites());
        assertEquals(120, fuzhou.value("people_over_limit").deviceDays());
        assertEquals(5, fuzhou.value("people_over_limit").count());
        assertEquals(0, bd("4.17").compareTo(fuzhou.value("people_over_limit").rate()), "5 × 100 / 120 to hundredths, half up");
        assertEquals(150, r.total().value("people_over_limit").deviceDays());
        assertEquals(11, r.total().value("people_over_limit").count());
        assertEquals(0, bd("7.33").compareTo(r.total().value("people_over_limit").rate()));
        assertEquals(0, bd("2.00").compareTo(r.total().value("safety_lock").rate()));
    }

    @Test
    void aSiteStandsOutAtTwiceTheReportsRateWithEnoughEvents() {
        List<SiteFacts> sites = List.of(
                site("A", "350102", 100, 2, 0),
                site("B", "350102", 100, 2, 0),
                site("HOT", "350103", 50, 8, 0),  // 16 per 100 against 14/260 = 5.38: 3×, 8 events
                site("FEW", "350103", 10, 2, 0)); // 20 per 100 but 2 events: noise
        Result r = ThemeReport.compute(GONDOLA, CATALOG.standout(), NOV, sites, List.of());
        assertEquals(0, bd("5.38").compareTo(r.total().value("people_over_limit").rate()), "14 × 100 / 260");
        assertEquals(1, r.standouts().size(), r.standouts().toString());
        ThemeReport.StandoutSite s = r.standouts().get(0);
        assertEquals("HOT", s.siteId());
        assertEquals("people_over_limit", s.indicator());
        assertEquals(8, s.count());
        assertEquals(0, bd("16.00").compareTo(s.rate()));
        assertEquals(0, bd("5.38").compareTo(s.reportRate()));
    }

    @Test
    void exactlyTwiceStandsOutAndJustBelowDoesNot() {
        // Report rate 10 per 100 (40 events on 400 days); X at 20.00 stands out, Y at 19.00 does not.
        List<SiteFacts> sites = List.of(site("X", "350102", 100, 20, 0), site("Y", "350102", 100, 19, 0), site("Z", "350102", 200, 1, 0));
        Result r = ThemeReport.compute(GONDOLA, CATALOG.standout(), NOV, sites, List.of());
        assertEquals(0, bd("10.00").compareTo(r.total().value("people_over_limit").rate()));
        assertEquals(List.of("X"), r.standouts().stream().map(ThemeReport.StandoutSite::siteId).toList());
    }

    @Test
    void noDeviceDaysMeansNoRateNotZero() {
        Result r = ThemeReport.compute(GONDOLA, CATALOG.standout(), YearMonth.of(2026, 7), List.of(site("A", "350102", 0, 0, 0)), List.of());
        assertNull(row(r.districts(), "350102").value("people_over_limit").rate());
        assertFalse(r.scheduled(), "July is the flood season's month, not the gondola's");
        assertTrue(r.standouts().isEmpty());
    }

    @Test
    void hazardsFoundAndClosedInTheMonthCountPerRegionAndTheNewestComeFirst() {
        List<HazardFact> hazards = List.of(
                new HazardFact("HZ-1", "A", "350102", "高处作业", "general", "closed", 1_000, true, true),
                new HazardFact("HZ-2", "A", "350102", "高处作业", "major", "open", 3_000, true, false),
                new HazardFact("HZ-3", "E", "350104", "吊篮", "general", "closed", 2_000, false, true));
        Result r = ThemeReport.compute(GONDOLA, CATALOG.standout(), NOV, List.of(site("A", "350102", 10, 0, 0)), hazards);
        Row gulou = row(r.districts(), "350102");
        assertEquals(2, gulou.hazardsFound());
        assertEquals(1, gulou.hazardsClosed());
        Row cangshan = row(r.districts(), "350104");
        assertEquals(0, cangshan.hazardsFound());
        assertEquals(1, cangshan.hazardsClosed());
        assertEquals(0, cangshan.sites(), "a district with hazards only has no gondola site");
        assertEquals(2, row(r.cities(), "350100").hazardsFound());
        assertEquals(2, row(r.cities(), "350100").hazardsClosed());
        assertEquals(List.of("HZ-2", "HZ-3", "HZ-1"), r.hazards().stream().map(HazardFact::id).toList());
    }

    @Test
    void aThemeWithoutDevicesReportsHazardsOnly() {
        Theme fire = CATALOG.theme("fire");
        Result r = ThemeReport.compute(fire, CATALOG.standout(), YearMonth.of(2026, 12), List.of(),
                List.of(new HazardFact("HZ-9", "A", "350102", "消防", "general", "open", 5, true, false)));
        assertEquals(1, r.total().hazardsFound());
        assertTrue(r.total().indicators().isEmpty());
        assertTrue(r.scheduled());
    }
}

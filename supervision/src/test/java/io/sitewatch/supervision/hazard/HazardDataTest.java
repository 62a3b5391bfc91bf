package io.sitewatch.supervision.hazard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's data files (deadlines with sources, the 2024 clauses), clause labels and the board's arithmetic. */
class HazardDataTest {

    @Test
    void deadlinesPerLevelComeFromTheFileWithTheirSources() throws Exception {
        Deadlines d = Deadlines.bundled();
        assertEquals(30, d.level("major").days());
        assertEquals(7, d.level("general").days());
        assertEquals(1_000 + 30 * 86_400_000L, d.deadline("major", 1_000));
        assertTrue(d.level("major").source().contains("158号") && d.level("major").source().contains("[I]"));
        String noSource = "levels:\n  major: {days: 30, zh: a, en: b}\n  general: {days: 7, zh: a, en: b, source: s}\n";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Deadlines.read(stream(noSource), "f.yaml"))
                .getMessage().contains("levels.major.source"));
        String zeroDays = "levels:\n  major: {days: 0, zh: a, en: b, source: s}\n  general: {days: 7, zh: a, en: b, source: s}\n";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Deadlines.read(stream(zeroDays), "f.yaml"))
                .getMessage().contains("levels.major.days"));
    }

    @Test
    void clausesReadAsPeopleCiteThem() {
        assertEquals("第五条(四)1", Clauses.label("2024-5-4-1"));
        assertEquals("第八条(一)", Clauses.label("2024-8-1"));
        assertEquals("第十五条(二)", Clauses.label("2024-15-2"));
        assertEquals("第十七条", Clauses.label("2024-17"));
        assertEquals("2022版 第八条(六)", Clauses.label("2022-8-6"));
        assertNull(Clauses.label(null));
        assertEquals("Art. 5 (4) 1", Clauses.labelEn("2024-5-4-1"));
        assertEquals("2022 edition Art. 8 (6)", Clauses.labelEn("2022-8-6"));
        assertEquals("第二十一条", "第" + Clauses.chinese(21) + "条");
        assertTrue(Clauses.bundled().find("2024-4-3").zh().contains("特种作业人员"));
        assertTrue(Clauses.bundled().find("2024-9-5").en().contains("gondola"));
        assertNull(Clauses.bundled().find("2022-8-6"), "the repealed edition's clauses are not listed");
    }

    private static Hazard h(String id, String site, String region, String level, HazardState state, long reported, long deadline,
                            Long closed) {
        return new Hazard(id, site, region, level, "c", null, "t", null, "regulator", null, null, null, null, "r", state, reported,
                deadline, null, closed, null);
    }

    @Test
    void theBoardCountsOpenMajorsOverdueTheOldestAndThisMonthsClosedPerRegionAndSite() {
        long now = Instant.parse("2026-12-10T04:00:00Z").toEpochMilli();
        long day = 86_400_000L;
        List<Hazard> hazards = List.of(
                h("H1", "FZ-A", "350102", "major", HazardState.OPEN, now - 40 * day, now - 10 * day, null),
                h("H2", "FZ-A", "350102", "major", HazardState.RECTIFIED, now - 5 * day, now + 25 * day, null),
                h("H3", "FZ-B", "350102", "major", HazardState.CLOSED, now - 20 * day, now + 10 * day, now - 2 * day),
                h("H4", "FZ-B", "350102", "general", HazardState.OPEN, now - day, now + 6 * day, null),
                h("H5", "XM-A", "350203", "major", HazardState.OPEN, now - 2 * day, now + 28 * day, null));
        Map<String, Object> board = HazardBoard.compute(hazards, List.of(new HazardStore.Span(now - 40 * day, null),
                new HazardStore.Span(now - 20 * day, now - 2 * day)), now, 30, id -> id.equals("FZ-A") ? "鼓楼A" : null);
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) board.get("totals");
        assertEquals(Map.of("openMajors", 3, "rectifiedMajors", 1, "overdueMajors", 1, "oldestOpenTs", now - 40 * day,
                "oldestOpenDays", 40L, "closedThisMonth", 1, "openGeneral", 1), totals);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> regions = (List<Map<String, Object>>) board.get("regions");
        assertEquals(List.of("350102", "350203"), regions.stream().map(r -> r.get("region")).toList(), "overdue first");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> gulou = (List<Map<String, Object>>) regions.get(0).get("sites");
        assertEquals(List.of("FZ-A", "FZ-B"), gulou.stream().map(s -> s.get("siteId")).toList());
        assertEquals("鼓楼A", gulou.get(0).get("name"));
        assertEquals(2, gulou.get(0).get("openMajors"));
        assertEquals(1, gulou.get(1).get("closedThisMonth"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> trend = (List<Map<String, Object>>) board.get("trend");
        assertEquals(30, trend.size());
        assertEquals(Map.of("date", "2026-12-10", "openMajors", 1), trend.get(29), "today: one of the two spans still open");
        assertEquals(2, trend.get(26).get("openMajors"), "on 12-07 both were open (the second closed on 12-08)");
        assertEquals("2026-12-01", Instant.ofEpochMilli(HazardBoard.monthStart(now)).atZone(HazardBoard.ZONE).toLocalDate().toString());
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}

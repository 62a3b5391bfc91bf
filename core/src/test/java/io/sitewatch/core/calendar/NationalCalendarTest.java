package io.sitewatch.core.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class NationalCalendarTest {

    private final NationalCalendar cn = NationalCalendar.bundled();

    @Test
    void theNoticesOf2025And2026AreLoadedWithTheirSources() {
        assertTrue(cn.source(2025).orElseThrow().contains("国办发明电〔2024〕12号"));
        assertTrue(cn.source(2026).orElseThrow().contains("国办发明电〔2025〕7号"));
    }

    @Test
    void springFestival2026IsNineDaysWithTwoSaturdaysWorked() {
        assertEquals(NationalCalendar.Kind.ORDINARY, cn.kindOf(LocalDate.of(2026, 2, 13)));
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            assertEquals(NationalCalendar.Kind.HOLIDAY, cn.kindOf(d), d.toString());
            assertEquals("春节", cn.holiday(d).orElseThrow().name());
        }
        assertEquals(NationalCalendar.Kind.MAKEUP_WORKDAY, cn.kindOf(LocalDate.of(2026, 2, 14)));
        assertEquals(NationalCalendar.Kind.MAKEUP_WORKDAY, cn.kindOf(LocalDate.of(2026, 2, 28)));
        assertTrue(cn.isOfficeWorkday(LocalDate.of(2026, 2, 28)), "a Saturday worked in its place");
    }

    @Test
    void everyHolidayAndMakeUpDayOfTheNoticesIsThere() {
        // Days off per notice: 2025: 1 + 8 + 3 + 5 + 3 + 8; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
        assertEquals(28, count(2025, NationalCalendar.Kind.HOLIDAY));
        assertEquals(33, count(2026, NationalCalendar.Kind.HOLIDAY));
        assertEquals(5, count(2025, NationalCalendar.Kind.MAKEUP_WORKDAY));
        assertEquals(6, count(2026, NationalCalendar.Kind.MAKEUP_WORKDAY));
        assertEquals(NationalCalendar.Kind.HOLIDAY, cn.kindOf(LocalDate.of(2025, 10, 8)), "国庆 + 中秋, 8 days");
        assertEquals(NationalCalendar.Kind.MAKEUP_WORKDAY, cn.kindOf(LocalDate.of(2025, 9, 28)));
    }

    @Test
    void aYearWithoutItsNoticeIsNotGuessed() {
        assertFalse(cn.covers(2027));
        assertEquals(NationalCalendar.Kind.NOT_PUBLISHED, cn.kindOf(LocalDate.of(2027, 2, 6)));
    }

    @Test
    void aWrongFileIsRefusedWithTheYearAndFieldNamed() {
        String wrong = """
                years:
                  2030:
                    published: true
                    source: test
                    holidays: [{name: 元旦, en: x, from: 2031-01-01, to: 2031-01-01}]
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NationalCalendar.read(new ByteArrayInputStream(wrong.getBytes(StandardCharsets.UTF_8))));
        assertEquals("calendar file: 2030 holidays.from 2031-01-01 lies in another year", e.getMessage());
    }

    private long count(int year, NationalCalendar.Kind kind) {
        return LocalDate.of(year, 1, 1).datesUntil(LocalDate.of(year + 1, 1, 1)).filter(d -> cn.kindOf(d) == kind).count();
    }
}

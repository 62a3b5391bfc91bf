package io.sitewatch.supervision.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.core.calendar.NationalCalendar;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.port.DeviceEvents.DutyEvent;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.Site;
import io.sitewatch.supervision.risk.ProjectFacts.Paper;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderCheck;
import io.sitewatch.supervision.risk.ProjectFacts.RecorderMiss;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the facts of the recorder and papers factors are derived from what the ports return. */
class RiskDataTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Monday to Saturday, 07:00–18:00. */
    static final WorkingHours HOURS = new WorkingHours(7 * 60, 18 * 60, EnumSet.complementOf(EnumSet.of(DayOfWeek.SUNDAY)));
    static final Site SITE = new Site("S", "一号", "350102", null, "building", "Asia/Shanghai", null, "2026-11-03", null, null, null, HOURS);
    static final SiteCalendar CALENDAR = new SiteCalendar(ZONE, HOURS, NationalCalendar.bundled(), Map.of());

    static DutyEvent log(String logDate, LocalDate at, int hour) {
        return new DutyEvent("S", "REC", at.atTime(hour, 0).atZone(ZONE).toInstant(), RiskData.SAFETY_LOG, "SO", null, null, logDate);
    }

    @Test
    void aWorkingDayNeedsTheRecorderOnAndThePreviousWorkingDaysLogByItsEnd() {
        // Tue 11-03 (the site's first day: no log due) .. Mon 11-09; Sunday 11-08 is off.
        List<LocalDate> working = RiskData.workingDays(SITE, CALENDAR, LocalDate.of(2026, 11, 3).atStartOfDay(ZONE).toInstant(),
                LocalDate.of(2026, 11, 10).atStartOfDay(ZONE).toInstant());
        assertEquals(6, working.size());
        Device recorder = new Device("REC", "S", "recorder", "记录仪", 60, null);
        Device crane = new Device("TC", "S", "tower_crane", "塔吊", 60, null);
        Map<String, Set<LocalDate>> active = Map.of(
                "REC", Set.of(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 6), LocalDate.of(2026, 11, 7),
                        LocalDate.of(2026, 11, 9)),
                "TC", Set.of(LocalDate.of(2026, 11, 5)));   // another kind reporting does not count
        List<DutyEvent> events = List.of(
                log("2026-11-03", LocalDate.of(2026, 11, 4), 8),     // on time
                log("2026-11-04", LocalDate.of(2026, 11, 5), 8),     // on time (but no recorder on 11-05)
                log("2026-11-05", LocalDate.of(2026, 11, 7), 8),     // a day late: 11-06 misses it
                // 11-06's log never came: 11-07 misses it
                log("2026-11-07", LocalDate.of(2026, 11, 9), 7));    // Saturday's log on Monday: on time
        RecorderCheck check = RiskData.recorder(SITE, CALENDAR, working, List.of(recorder, crane), active, events);
        assertEquals(6, check.workingDays());
        assertEquals(List.of(new RecorderMiss("2026-11-05", true, false), new RecorderMiss("2026-11-06", false, true),
                new RecorderMiss("2026-11-07", false, true)), check.misses());
        // without any recorder every working day misses it
        assertEquals(6, RiskData.recorder(SITE, CALENDAR, working, List.of(crane), active, events).misses().size());
    }

    @Test
    void papersAreStatedValiditiesOfDevicesInServiceCountedFromTheWindowsLastDay() {
        DeviceService crane = new DeviceService(null, null, null, new DeviceService.Registration("闽A-1", "2026-11-25"),
                new DeviceService.Validity("2027-05-01"), null);
        DeviceService hoist = new DeviceService(null, null, null, null, null, new DeviceService.Validity("2026-12-10"));
        DeviceService removed = new DeviceService(null, "2026-11-10", null, new DeviceService.Registration("闽A-3", "2026-01-01"), null, null);
        List<Device> devices = List.of(new Device("TC", "S", "tower_crane", "塔吊", 60, null, crane),
                new Device("HS", "S", "hoist", "升降机", 60, null, hoist),
                new Device("OLD", "S", "tower_crane", "已拆", 60, null, removed),
                new Device("ENV", "S", "env", "扬尘", 60, null));
        // the window's last day is 11-30 (to is 12-01 00:00 China time)
        List<Paper> papers = RiskData.papers(SITE, devices, LocalDate.of(2026, 12, 1).atStartOfDay(ZONE).toInstant());
        assertEquals(List.of(new Paper("TC", "tower_crane", "registration", "2026-11-25", -5),
                new Paper("TC", "tower_crane", "inspection", "2027-05-01", 152),
                new Paper("HS", "hoist", "fall_arrester", "2026-12-10", 10)), papers);
        RiskItem item = RiskEvaluator.project(RiskModel.bundled("2026.2"), new ProjectFacts("S", "一号", null, null, "350102", 4, 0, List.of(),
                List.of(), List.of(), List.of(), RecorderCheck.NONE, papers, List.of()));
        assertEquals(1.25, item.factor("papers").value());
        assertEquals(List.of("TC", "HS"), item.factor("papers").evidence());
    }
}

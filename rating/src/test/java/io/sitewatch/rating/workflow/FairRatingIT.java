package io.sitewatch.rating.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.store.Submission;
import io.sitewatch.rating.testsupport.RatingDb;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 2026.1 against real PostgreSQL through the ports the service wires, over 30 days around
 * Labour Day 2026 (05-01..05-05 national holiday):
 * <ul>
 * <li>WH, a building working 07:00–19:00 Monday to Saturday, with a regulator's typhoon stop on
 *     04-29 and a night-pour permit (22:00–24:00) on 05-12: its machines and recorder report only
 *     in working time, pit, formwork and dust around the clock; a crane installed mid-window, a
 *     hoist removed before it; no alarm all month;</li>
 * <li>RD, a municipal road with a dust station, pit points and a recorder (and a hoist removed
 *     before the window), everything else met.</li>
 * </ul>
 */
class FairRatingIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate FIRST = LocalDate.parse("2026-04-20");
    static final LocalDate END = LocalDate.parse("2026-05-20");
    static final Instant FROM = FIRST.atStartOfDay(ZONE).toInstant();
    static final Instant TO = END.atStartOfDay(ZONE).toInstant();
    static final Predicate<LocalDate> HOLIDAY = d -> !d.isBefore(LocalDate.parse("2026-05-01")) && !d.isAfter(LocalDate.parse("2026-05-05"));
    static final LocalDate TYPHOON = LocalDate.parse("2026-04-29");
    static final LocalDate PERMIT = LocalDate.parse("2026-05-12");

    static RatingDb db;
    static RatingWorkflow workflow;
    static List<LocalDate> whDays;

    /** Working time of these days: 07:00–19:00, and 22:00–24:00 on WH's permit day. */
    static List<Instant[]> windows(List<LocalDate> days, boolean permit) {
        List<Instant[]> out = new ArrayList<>();
        for (LocalDate d : days) {
            out.add(new Instant[] {d.atTime(7, 0).atZone(ZONE).toInstant(), d.atTime(19, 0).atZone(ZONE).toInstant()});
            if (permit && d.equals(PERMIT)) {
                out.add(new Instant[] {d.atTime(22, 0).atZone(ZONE).toInstant(), d.plusDays(1).atStartOfDay(ZONE).toInstant()});
            }
        }
        return out;
    }

    static List<LocalDate> days(Predicate<LocalDate> working) {
        return FIRST.datesUntil(END).filter(working).toList();
    }

    static void inWindows(String device, String metric, List<Instant[]> windows, int perMinute) throws Exception {
        for (Instant[] w : windows) {
            db.minutesOnly(device, metric, w[0], w[1], perMinute, 1);
        }
    }

    /** The safety officer's clock-in on each working day with the previous working day's log; a hazard reported and closed. */
    static void duty(String site, String recorder, List<LocalDate> working, LocalDate lastBefore) throws Exception {
        LocalDate previous = lastBefore;
        for (LocalDate d : working) {
            Instant morning = d.atTime(7, 30).atZone(ZONE).toInstant();
            db.event(recorder, site, morning, "clock_in", "{\"officer_id\":\"O-" + site + "\",\"role\":\"safety_officer\"}");
            db.event(recorder, site, morning.plusSeconds(300), "safety_log",
                    "{\"officer_id\":\"O-" + site + "\",\"log_date\":\"" + previous + "\",\"sha256\":\"" + "c".repeat(64) + "\"}");
            db.event(recorder, site, morning.plusSeconds(5400), "hazard_report", "{\"hazard_id\":\"H-" + site + d + "\",\"level\":\"general\"}");
            db.event(recorder, site, morning.plusSeconds(27_000), "hazard_rectified", "{\"hazard_id\":\"H-" + site + d + "\"}");
            previous = d;
        }
    }

    @BeforeAll
    static void data() throws Exception {
        db = new RatingDb();
        // WH: a building, Monday to Saturday, a typhoon stop and a night permit
        db.site("WH", "building", 150_000_000L, "2025-06-01", "2027-06-01");
        db.workingHours("WH", 7 * 60, 19 * 60, 1, 2, 3, 4, 5, 6);
        db.mark("WH", TYPHOON.toString(), false, "typhoon", "regulator", null, null);
        db.mark("WH", PERMIT.toString(), true, null, "site", 22 * 60, 24 * 60);
        db.device("TC", "WH", "tower_crane", 30);
        db.device("TC2", "WH", "tower_crane", 30, "2026-05-11", null, null);
        db.device("HO", "WH", "hoist", 10);
        db.device("HO-OLD", "WH", "hoist", 10, "2025-07-01", "2026-04-01", null);
        db.device("GD", "WH", "gondola", 10);
        db.device("ENV", "WH", "env", 60);
        db.device("PIT", "WH", "pit", 600);
        db.device("FW", "WH", "formwork", 60);
        db.device("REC", "WH", "recorder", 60);
        whDays = days(d -> d.getDayOfWeek() != DayOfWeek.SUNDAY && !d.equals(TYPHOON) && !HOLIDAY.test(d));
        List<Instant[]> work = windows(whDays, true);
        // the crane stops for 20 minutes one morning
        Instant stop = LocalDate.parse("2026-05-07").atTime(10, 0).atZone(ZONE).toInstant();
        for (Instant[] w : work) {
            if (w[0].isBefore(stop) && w[1].isAfter(stop)) {
                db.minutesOnly("TC", "moment_pct", w[0], stop, 2, 1);
                db.minutesOnly("TC", "moment_pct", stop.plusSeconds(20 * 60), w[1], 2, 1);
            } else {
                db.minutesOnly("TC", "moment_pct", w[0], w[1], 2, 1);
            }
        }
        inWindows("TC2", "moment_pct", windows(whDays.stream().filter(d -> !d.isBefore(LocalDate.parse("2026-05-11"))).toList(), true), 2);
        inWindows("HO", "load_t", work, 6);
        inWindows("GD", "load_kg", work, 6);
        inWindows("REC", "battery_pct", work, 1);
        db.minutesOnly("ENV", "pm10", FROM, TO, 1, 1);
        db.minutesOnly("PIT", "disp_mm", FROM, TO, 1, 10);
        db.minutesOnly("FW", "settle_mm", FROM, TO, 1, 1);
        duty("WH", "REC", whDays, LocalDate.parse("2026-04-18"));
        db.cert("C-TC", "tower_crane_driver", "2024-01-01", "2030-01-01");
        db.cert("C-HO", "hoist_driver", "2024-01-01", "2030-01-01");
        for (LocalDate d : whDays) {
            db.event("TC", "WH", d.atTime(7, 5).atZone(ZONE).toInstant(), "operator_login", "{\"cert_no\":\"C-TC\"}");
            db.event("HO", "WH", d.atTime(7, 6).atZone(ZONE).toInstant(), "operator_login", "{\"cert_no\":\"C-HO\"}");
        }

        // RD: a municipal road, 07:00–19:00 every day (the default), national holidays off
        db.site("RD", "municipal", 120_000_000L, "2025-09-01", "2027-03-31");
        db.device("RD-ENV", "RD", "env", 60);
        db.device("RD-PIT", "RD", "pit", 300);
        db.device("RD-REC", "RD", "recorder", 60);
        db.device("RD-HO", "RD", "hoist", 10, "2025-09-10", "2025-12-20", null);
        List<LocalDate> rdDays = days(HOLIDAY.negate());
        inWindows("RD-REC", "battery_pct", windows(rdDays, false), 1);
        db.minutesOnly("RD-ENV", "pm10", FROM, TO, 1, 1);
        db.minutesOnly("RD-PIT", "disp_mm", FROM, TO, 1, 5);
        duty("RD", "RD-REC", rdDays, LocalDate.parse("2026-04-19"));
        for (LocalDate d : rdDays.subList(0, 6)) {
            Instant t = d.atTime(11, 0).atZone(ZONE).toInstant();
            db.alarm("A-RD-" + d, "RD", "RD-PIT", t, t.plusSeconds(600));
        }
        db.rebuildHours();
        db.exec("ANALYZE");

        workflow = new RatingWorkflow(new RatingStore(db.ds), db.data(), Clock.fixed(TO.plusSeconds(3600), ZoneOffset.UTC));
        for (String site : List.of("WH", "RD")) {
            workflow.putManual(site, "no_accident", 1, "质安站记录核查：无", null, "rater1");
            workflow.putManual(site, "no_wage_arrears", 1, "无欠薪投诉", null, "rater1");
            workflow.putManual(site, "bim", 6, "BIM 模型与碰撞报告已核", null, "rater1");
        }
        workflow.putManual("RD", "safety_training", 4, "三级教育记录已核", null, "rater1");
    }

    static Map<String, RatingResult.DeviceVerdict> verdicts(RatingResult r) {
        return r.dataQuality().devices().stream().collect(Collectors.toMap(RatingResult.DeviceVerdict::deviceId, Function.identity()));
    }

    static RatingResult.ItemResult item(RatingResult r, String id) {
        return r.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void machinesReportingOnlyInWorkingHoursAreAvailableAndTheSiteGetsThePredictedStar() throws Exception {
        assertEquals(21, whDays.size(), "30 days less 4 Sundays, the typhoon day and 4 days of the Labour Day holiday");
        RatingResult r = workflow.compute("WH", FROM, TO).result();
        String text = RatingReport.render(r, RatingReport.Format.TEXT);
        Map<String, RatingResult.DeviceVerdict> v = verdicts(r);
        for (String id : List.of("TC", "TC2", "HO", "GD", "ENV", "PIT", "FW", "REC")) {
            assertTrue(v.get(id).ok(), id + ": " + v.get(id).why());
            assertTrue(v.get(id).onlineRate() >= 0.99, id + ": " + v.get(id).why());
        }
        // 21 working days × 12 h and the 2-hour night permit; the 20-minute stop is the crane's only gap
        assertEquals(21 * 720 + 120, v.get("TC").expectedMinutes());
        assertEquals(20, v.get("TC").longestGapMinutes());
        assertEquals(1 - 20.0 / (21 * 720 + 120), v.get("TC").onlineRate(), 1e-9);
        assertEquals(30.0, v.get("TC").periodS(), 0.01);
        assertEquals("working_hours", v.get("HO").schedule());
        assertEquals(10.0, v.get("HO").periodS(), 0.01);
        // installed 05-11: expected from then on only (8 working days and the permit night)
        assertEquals(8 * 720 + 120, v.get("TC2").expectedMinutes());
        assertEquals(30 * 1440, v.get("ENV").expectedMinutes());
        assertEquals("continuous", v.get("PIT").schedule());
        // removed before the window: not in service, neither passes nor fails the hoist system
        assertEquals(0L, v.get("HO-OLD").expectedMinutes());
        assertEquals("not in service in the window", v.get("HO-OLD").why());
        assertEquals(8, item(r, "hoist_monitor").points(), item(r, "hoist_monitor").evidence());

        RatingResult.ItemResult recorder = item(r, "recorder_compliance");
        assertTrue(recorder.evidence().startsWith("21 of 21 working days on which the safety officer clocked in inside the site's fence and uploaded"
                + " the previous working day's safety log within 120 min of that clock-in (no safety officer registered"),
                recorder.evidence());
        assertEquals(10, recorder.points());
        RatingResult.ItemResult alarms = item(r, "alarm_handling");
        assertEquals(RatingResult.NO_EVIDENCE, alarms.status());
        assertEquals(5, alarms.points());
        assertEquals("no alarms were raised in the window — no evidence: no alarm was raised in the window: nothing shows how alarms are"
                + " handled, so half the points (50 % of the points by the catalogue's rule)", alarms.evidence());
        assertEquals(8, item(r, "operator_certificates").points());
        // systems 10 + 8 + 4 + 10 + 8 + 6 + 6, recorder 10, hazards 10, alarms 5 (no evidence), certificates 8, BIM 6
        assertEquals(91, r.score(), 0.001, text);
        assertEquals(3, r.stars(), r.starReason());
        assertEquals(List.of(), r.scaling().notApplicable());
        assertEquals("sitewatch-default-2026.1", r.catalogueLabel());
    }

    @Test
    void aRoadProjectWithoutCraneOrHoistReachesThreeStars() throws Exception {
        RatingResult r = workflow.compute("RD", FROM, TO).result();
        String text = RatingReport.render(r, RatingReport.Format.TEXT);
        assertEquals(List.of("tower_crane_monitor", "hoist_monitor", "gondola_monitor", "formwork_monitor", "operator_certificates"),
                r.scaling().notApplicable(), text);
        assertEquals(64, r.scaling().applicableMaxPoints());
        assertEquals(64, r.scaling().earnedPoints(), text);
        assertEquals(100, r.score(), 0.001, text);
        assertEquals(3, r.stars(), r.starReason());
        assertEquals("3 star(s): score 100 ≥ 85, its gates and mandatory systems met (not applicable: tower_crane_monitor, hoist_monitor)",
                r.starReason());
        RatingResult.ItemResult hoist = item(r, "hoist_monitor");
        assertEquals(RatingResult.NOT_APPLICABLE, hoist.status());
        assertTrue(hoist.evidence().endsWith("this is a municipal project with no hoist in service in the window"), hoist.evidence());
        assertEquals("not in service in the window", verdicts(r).get("RD-HO").why());
        assertTrue(item(r, "recorder_compliance").evidence().startsWith("25 of 25 working days"), item(r, "recorder_compliance").evidence());
        assertEquals(10, item(r, "alarm_handling").points());
        assertTrue(text.contains("Base: 64 of 64 applicable points × 100/64 = 100 (not applicable: tower_crane_monitor, hoist_monitor,"), text);
        String page = RatingReport.render(r, RatingReport.Format.HTML);
        assertTrue(page.contains("<tr data-item=\"hoist_monitor\"><td>施工升降机安全监控</td><td class=\"num\"><span class=\"na\">不适用</span> / 8"), page);
        // the same in Chinese, as every sentence the evidence gives
        assertTrue(hoist.evidenceText().zh().endsWith("本工地为市政项目，评价期内没有在用的施工升降机"), hoist.evidenceText().zh());
        assertTrue(item(r, "recorder_compliance").evidenceText().zh().startsWith("25 个工作日中 25 天安全员在工地围栏内打卡"),
                item(r, "recorder_compliance").evidenceText().zh());

        Submission s = workflow.submit("admin", "RD", 3, FROM, TO, "市政道路申报三星");
        workflow.review(s.id(), "rater1", List.of(), "核查无误");
        Submission a = workflow.approve(s.id(), "chief", "同意");
        assertEquals(3, a.result().stars());
        assertEquals(a.result(), workflow.reproduce(s.id()));
        assertEquals(RatingStore.JSON.writeValueAsString(a.result()), RatingStore.JSON.writeValueAsString(workflow.reproduce(s.id())));
    }
}

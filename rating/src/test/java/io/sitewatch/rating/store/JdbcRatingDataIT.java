package io.sitewatch.rating.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.Catalogue;
import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.evidence.DeviceQuality;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.EvidenceCollector;
import io.sitewatch.rating.evidence.RateFact;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.score.Scorer;
import io.sitewatch.rating.testsupport.RatingDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of automatic evidence from constructed rows in PostgreSQL, through the real queries. */
class JdbcRatingDataIT {

    static final Instant FROM = Instant.parse("2026-03-01T16:00:00Z"); // 00:00 in Asia/Shanghai
    static final Instant TO = FROM.plus(Duration.ofDays(3));
    static RatingDb db;
    static Evidence ev;
    static RatingResult result;

    @BeforeAll
    static void data() throws Exception {
        db = new RatingDb();
        db.site("S", 200_000_000L, "2025-01-01", "2027-01-01");
        db.device("TC", "S", "tower_crane", 30);
        db.device("TC-SILENT", "S", "tower_crane", 30);
        db.device("HO", "S", "hoist", 10);
        db.device("ENV", "S", "env", 60);
        db.device("REC", "S", "recorder", 60);
        db.minutes("TC", "moment_pct", FROM, TO, 2);
        db.minutes("TC", "load_t", FROM, TO.minus(Duration.ofHours(1)), 1);   // a second metric, less often
        db.minutes("HO", "load_t", FROM, FROM.plus(Duration.ofHours(10)), 6);
        db.minutes("HO", "load_t", FROM.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(31)), TO, 6);
        db.minutes("ENV", "pm10", FROM, TO, 1);
        db.minutes("REC", "battery_pct", FROM, TO, 1);

        db.alarm("A1", "S", "TC", FROM.plusSeconds(3600), FROM.plusSeconds(3600 + 600));
        db.alarm("A2", "S", "TC", FROM.plusSeconds(7200), FROM.plusSeconds(7200 + 45 * 60));
        db.alarm("A3", "S", "TC", FROM.plusSeconds(9000), null);
        db.alarm("A-OLD", "S", "TC", FROM.minusSeconds(60), null);           // before the window: not counted

        Instant day1 = FROM.plus(Duration.ofHours(8));
        Instant day2 = day1.plus(Duration.ofDays(1));
        Instant day3 = day2.plus(Duration.ofDays(1));
        String officer = "{\"officer_id\":\"O1\",\"role\":\"safety_officer\",\"lat\":26.0,\"lon\":119.3}";
        db.event("REC", "S", day1, "clock_in", officer);
        db.event("REC", "S", day1.plusSeconds(60), "safety_log", "{\"officer_id\":\"O1\",\"log_date\":\"2026-03-01\",\"sha256\":\"x\"}");
        db.event("REC", "S", day2, "clock_in", officer);                   // day 2: no log of day 1? it was uploaded on day 1 for 03-01
        db.event("REC", "S", day3, "clock_in", "{\"officer_id\":\"O2\",\"role\":\"supervisor\"}");
        db.event("REC", "S", day3.plusSeconds(60), "safety_log", "{\"officer_id\":\"O1\",\"log_date\":\"2026-03-03\",\"sha256\":\"y\"}");

        db.event("REC", "S", day1.plusSeconds(120), "hazard_report", "{\"hazard_id\":\"H1\",\"level\":\"general\"}");
        db.event("REC", "S", day1.plusSeconds(180), "hazard_report", "{\"hazard_id\":\"H2\",\"level\":\"major\"}");
        db.event("REC", "S", day2.plusSeconds(120), "hazard_rectified", "{\"hazard_id\":\"H1\"}");

        db.cert("C-OK", "tower_crane_driver", "2025-01-01", "2030-01-01");
        db.cert("C-OLD", "tower_crane_driver", "2020-01-01", "2025-12-31");
        db.cert("C-HOIST", "hoist_driver", "2025-01-01", "2030-01-01");
        db.event("TC", "S", day1.plusSeconds(5), "operator_login", "{\"cert_no\":\"C-OK\"}");
        db.event("TC", "S", day2.plusSeconds(5), "operator_login", "{\"cert_no\":\"C-OLD\"}");
        db.event("TC", "S", day3.plusSeconds(5), "operator_login", "{\"cert_no\":\"C-NONE\"}");
        db.event("TC", "S", day3.plusSeconds(6), "operator_login", "{\"cert_no\":\"C-HOIST\"}");

        Catalogue c = CatalogueLoader.parse(CatalogueLoader.bundledYaml());
        ev = new EvidenceCollector(db.data()).collect(c, "S", FROM, TO, TO);
        result = Scorer.score(c, 1, ev);
    }

    static Map<String, DeviceQuality> devices() {
        return ev.devices().stream().collect(Collectors.toMap(DeviceQuality::deviceId, Function.identity()));
    }

    @Test
    void aFlowingDeviceIsFullyOnlineFromItsMostReportedMetric() {
        DeviceQuality tc = devices().get("TC");
        assertEquals(1.0, tc.onlineRate());
        assertEquals(0, tc.longestGapMinutes());
        assertEquals(30.0, tc.observedPeriodS(), 1e-9);
    }

    @Test
    void aRegisteredSilentDeviceEarnsNothingForItsSystem() {
        assertEquals(0, devices().get("TC-SILENT").samples());
        RatingResult.ItemResult crane = item("tower_crane_monitor");
        assertEquals(0, crane.points(), crane.evidence());
        assertEquals(false, crane.met());
    }

    @Test
    void aGapOf31MinutesFailsTheHoist() {
        DeviceQuality ho = devices().get("HO");
        assertEquals(31, ho.longestGapMinutes());
        assertEquals(10.0, ho.observedPeriodS(), 0.01);
        RatingResult.ItemResult hoist = item("hoist_monitor");
        assertEquals(0, hoist.points());
        assertEquals(true, hoist.evidence().contains("gap of 31 min > 30 min"), hoist.evidence());
        assertEquals(10, item("dust_noise_monitor").points());
    }

    @Test
    void alarmHandlingCountsAcknowledgementsWithinTheLimit() {
        assertEquals(1, ev.rates().get("alarm_handling").numerator());
        assertEquals(3, ev.rates().get("alarm_handling").denominator());
    }

    @Test
    void recorderComplianceNeedsTheOfficersClockInAndYesterdaysLog() throws Exception {
        // day 1 (03-02): clock-in + log of 03-01; day 2: clock-in, the log of 03-02 is missing; day 3: no officer clock-in
        RateFact f = ev.rates().get("recorder_compliance");
        assertEquals(1, f.numerator(), f.explanation());
        assertEquals(3, f.denominator());
        // 2026.1: the campaign's rule; the site registered neither safety officers nor a fence
        assertEquals(List.of("2026-03-03: O1: log of 2026-03-02 missing", "2026-03-04: no clock-in by any safety_officer"), f.details());
        assertTrue(f.explanation().contains("no safety officer registered among the site's key personnel")
                && f.explanation().contains("no fence registered: clock-in location not checked"), f.explanation());
        // 2025.1 keeps its rule and its sentence
        Catalogue previous = CatalogueLoader.parse(CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS));
        RateFact legacy = new EvidenceCollector(db.data()).collect(previous, "S", FROM, TO, TO).rates().get("recorder_compliance");
        assertEquals(1, legacy.numerator(), legacy.explanation());
        assertEquals(3, legacy.denominator());
        assertEquals(List.of(), legacy.details());
        assertTrue(legacy.explanation().startsWith("1 of 3 working days with the safety officer's clock-in and the previous working day's log"),
                legacy.explanation());
    }

    @Test
    void recorderComplianceReadsTheSitesSafetyOfficersAndFenceFromTheRegistry() throws Exception {
        db.site("K", 200_000_000L, "2025-01-01", "2027-01-01");
        db.exec("UPDATE site SET location_lat = 26.08, location_lon = 119.30, location_radius_m = 300 WHERE site_id = 'K'");
        db.exec("INSERT INTO site_person (site_id, person_id, name, role) VALUES ('K', 'SO-1', '李四', 'safety_officer'),"
                + " ('K', 'PM-1', '张三', 'project_manager')");
        db.device("REC-K", "K", "recorder", 60);
        Instant day1 = FROM.plus(Duration.ofHours(8));
        String inside = "\"lat\":26.0805,\"lon\":119.3002";
        for (int d = 0; d < 3; d++) {
            Instant morning = day1.plus(Duration.ofDays(d));
            String where = d == 1 ? "\"lat\":26.10,\"lon\":119.30" : inside;     // day 2: 2.2 km north
            db.event("REC-K", "K", morning, "clock_in", "{\"officer_id\":\"SO-1\",\"role\":\"safety_officer\"," + where + "}");
            db.event("REC-K", "K", morning.plusSeconds(d == 2 ? 3 * 3600 : 600), "safety_log",   // day 3: 3 h later
                    "{\"officer_id\":\"SO-1\",\"log_date\":\"" + FROM.plus(Duration.ofDays(d - 1)).atZone(java.time.ZoneId.of("Asia/Shanghai"))
                            .toLocalDate() + "\",\"sha256\":\"x\"}");
        }
        Catalogue c = CatalogueLoader.parse(CatalogueLoader.bundledYaml());
        RateFact f = new EvidenceCollector(db.data()).collect(c, "K", FROM, TO, TO).rates().get("recorder_compliance");
        assertEquals(1, f.numerator(), f.explanation());
        assertEquals(3, f.denominator());
        assertEquals(List.of("2026-03-03: SO-1 李四: clock-in outside the fence (2224 m from the fence's centre, radius 300 m)",
                "2026-03-04: SO-1 李四: log of 2026-03-03 outside the window (uploaded 03-04 11:00, clock-in 03-04 08:00, ±120 min)"),
                f.details());
        assertTrue(f.explanation().contains("(required: SO-1 李四; fence 300 m around 26.080000, 119.300000;"), f.explanation());
    }

    @Test
    void hazardRectificationRate() {
        assertEquals(1, ev.rates().get("hazard_rectification").numerator());
        assertEquals(1, ev.rates().get("hazard_rectification").denominator(), ev.rates().get("hazard_rectification").explanation());
    }

    @Test
    void operatorCertificatesMustBeKnownValidAndOfTheRightKind() {
        assertEquals(1, ev.rates().get("operator_certificates").numerator(), ev.rates().get("operator_certificates").explanation());
        assertEquals(4, ev.rates().get("operator_certificates").denominator());
    }

    static RatingResult.ItemResult item(String id) {
        return result.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }
}

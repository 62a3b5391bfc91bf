package io.sitewatch.rating.workflow;

import io.sitewatch.rating.store.Submission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.ingest.store.StorageLayout;
import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.testsupport.RatingDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A site simulated for three days (raw telemetry and events generated in accelerated time, rolled
 * up by the service's own rollup) gets the star the bundled catalogue predicts; the workflow
 * freezes it; a later catalogue leaves the approved rating alone; a missing mandatory system caps
 * it and an expired eligibility gate gives no star.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RatingEndToEndIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant TO = LocalDate.now(ZONE).atStartOfDay(ZONE).toInstant();
    static final Instant FROM = TO.minus(Duration.ofDays(3));
    static RatingDb db;
    static RatingWorkflow workflow;
    static long submissionId;
    static RatingResult approved;
    static String approvedHtml;

    @BeforeAll
    static void simulate() throws Exception {
        db = new RatingDb();
        db.site("FZ", 150_000_000L, "2025-01-01", "2027-12-31");
        db.device("TC", "FZ", "tower_crane", 30);
        db.device("HO", "FZ", "hoist", 10);
        db.device("ENV", "FZ", "env", 60);
        db.device("PIT", "FZ", "pit", 600);
        db.device("REC", "FZ", "recorder", 60);
        StorageLayout layout = StorageLayout.of(db.mode, 400, 2);
        try (Connection c = db.ds.getConnection()) {
            Set<LocalDate> days = new TreeSet<>();
            for (Instant d = FROM.minus(Duration.ofDays(1)); d.isBefore(TO.plus(Duration.ofDays(1))); d = d.plus(Duration.ofHours(12))) {
                days.add(d.atZone(ZoneOffset.UTC).toLocalDate());
            }
            layout.prepareDays(c, days);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry_sample (device_no, ts, metric_set, vals) VALUES (?, ?, ?, ?)")) {
                sample(ps, "TC", 30, List.of("moment_pct", "load_t"));
                sample(ps, "HO", 10, List.of("load_t", "speed_ms"));
                sample(ps, "ENV", 60, List.of("pm10", "noise_db"));
                sample(ps, "PIT", 600, List.of("disp_mm"));
                sample(ps, "REC", 60, List.of("battery_pct"));
            }
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO rollup_pending (bucket) SELECT DISTINCT date_bin('1 minute', ts, TIMESTAMPTZ 'epoch') FROM telemetry ON CONFLICT DO NOTHING");
            }
            c.commit();
            c.setAutoCommit(true);
            while (layout.rollup(c) > 0) {
                // loops until every closed minute is rolled up
            }
        }
        db.cert("C1", "tower_crane_driver", "2024-01-01", "2030-01-01");
        for (LocalDate day = FROM.atZone(ZONE).toLocalDate(); day.isBefore(TO.atZone(ZONE).toLocalDate()); day = day.plusDays(1)) {
            Instant morning = day.atTime(8, 0).atZone(ZONE).toInstant();
            db.event("REC", "FZ", morning, "clock_in", "{\"officer_id\":\"O1\",\"role\":\"safety_officer\",\"lat\":26.08,\"lon\":119.3}");
            db.event("REC", "FZ", morning.plusSeconds(300), "safety_log",
                    "{\"officer_id\":\"O1\",\"log_date\":\"" + day.minusDays(1) + "\",\"sha256\":\"" + "a".repeat(64) + "\"}");
            db.event("REC", "FZ", morning.plusSeconds(7200), "hazard_report", "{\"hazard_id\":\"H-" + day + "\",\"level\":\"general\"}");
            db.event("REC", "FZ", morning.plusSeconds(25200), "hazard_rectified", "{\"hazard_id\":\"H-" + day + "\"}");
            db.event("TC", "FZ", morning.plusSeconds(600), "operator_login", "{\"cert_no\":\"C1\"}");
            db.alarm("A-" + day, "FZ", "TC", morning.plusSeconds(3600), morning.plusSeconds(3900));
        }
        workflow = new RatingWorkflow(new RatingStore(db.ds), db.data(), Clock.systemUTC());
        workflow.putManual("FZ", "no_accident", 1, "no accident on record at 质安站", null, "rater1");
        workflow.putManual("FZ", "no_wage_arrears", 1, "no 欠薪 complaint", null, "rater1");
    }

    /** Every device reports on its period for the whole window, in accelerated time. */
    /** One stored sample per period with these metrics (the plain layout's row shape). */
    static void sample(PreparedStatement ps, String device, int periodS, List<String> metrics) throws Exception {
        Connection c = ps.getConnection();
        Integer[] ids = new Integer[metrics.size()];
        for (int i = 0; i < ids.length; i++) {
            try (PreparedStatement id = c.prepareStatement("SELECT metric_id(?)")) {
                id.setString(1, metrics.get(i));
                try (ResultSet rs = id.executeQuery()) {
                    rs.next();
                    ids[i] = rs.getInt(1);
                }
            }
        }
        Arrays.sort(ids);
        int deviceNo = number(c, "SELECT device_no(?)", device);
        int metricSet = number(c, "SELECT metric_set_id(?)", c.createArrayOf("integer", ids));
        int n = 0;
        for (Instant t = FROM; t.isBefore(TO); t = t.plusSeconds(periodS)) {
            Double[] values = new Double[ids.length];
            Arrays.fill(values, 10.0 + (n % 7));
            ps.setInt(1, deviceNo);
            ps.setTimestamp(2, Timestamp.from(t));
            ps.setInt(3, metricSet);
            ps.setArray(4, c.createArrayOf("float8", values));
            ps.addBatch();
            if (++n % 2000 == 0) {
                ps.executeBatch();
            }
        }
        ps.executeBatch();
    }

    private static int number(Connection c, String sql, Object key) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    @Order(1)
    void theSimulatedSiteGetsTheStarTheCataloguePredicts() throws Exception {
        RatingResult r = workflow.compute("FZ", FROM, TO).result();
        // systems 10 + 8 + 10 + 8 + 6, shares 4 × full (10 + 10 + 10 + 8); no gondola, formwork or manual items
        assertEquals(80, r.score(), 0.001, RatingReport.render(r, RatingReport.Format.TEXT));
        assertEquals(2, r.stars(), r.starReason());
        assertTrue(r.dataQuality().devices().stream().allMatch(RatingResult.DeviceVerdict::ok));
        assertTrue(r.gates().stream().allMatch(RatingResult.GateResult::met));
    }

    @Test
    @Order(2)
    void selfAssessmentReviewAndApprovalFreezeTheRating() throws Exception {
        Submission s = workflow.submit("site-admin", "FZ", 3, FROM, TO, "we apply for three stars");
        submissionId = s.id();
        assertEquals(Submission.SUBMITTED, s.state());
        assertEquals(2, s.result().stars());
        assertThrows(WorkflowException.class, () -> workflow.approve(submissionId, "rater1", "too early"));
        assertThrows(WorkflowException.class, () -> workflow.review(submissionId, "rater1",
                List.of(new Submission.Adjustment("tower_crane_monitor", 10, "not manual", null, null)), ""));

        Submission reviewed = workflow.review(submissionId, "rater1",
                List.of(new Submission.Adjustment("bim", 6, "BIM model and clash reports checked on site", null, null)), "ok");
        assertEquals(Submission.REVIEWED, reviewed.state());
        assertEquals(86, reviewed.result().score(), 0.001);
        assertEquals(3, reviewed.result().stars(), reviewed.result().starReason());

        Submission a = workflow.approve(submissionId, "chief-rater", "approved");
        assertEquals(Submission.APPROVED, a.state());
        assertTrue(a.validUntil() > Instant.now().plus(Duration.ofDays(364)).toEpochMilli());
        assertEquals(3, workflow.published("FZ").orElseThrow().result().stars());
        approved = a.result();
        approvedHtml = RatingReport.render(approved, RatingReport.Format.HTML);
        assertEquals(List.of("submitted", "reviewed", "approved"),
                workflow.store().history("FZ").stream().map(Submission.HistoryEntry::state).toList());
    }

    @Test
    @Order(3)
    void aLaterCatalogueLeavesTheApprovedRatingAndItsReportUnchanged() throws Exception {
        String stricter = CatalogueLoader.bundledYaml()
                .replace("label: sitewatch-default-2026.1", "label: stricter-2026")
                .replace("{star: 3, minScore: 85", "{star: 3, minScore: 95");
        workflow.store().addCatalogue(stricter, "authority");
        RatingResult now = workflow.compute("FZ", FROM, TO).result();
        assertEquals(2, now.catalogueVersion());
        assertEquals(80, now.score(), 0.001);                       // manual bim only lives in the review

        Submission s = workflow.get(submissionId);
        assertEquals(approved, s.result());
        assertEquals(approvedHtml, RatingReport.render(s.result(), RatingReport.Format.HTML));
        assertEquals(approved, workflow.reproduce(submissionId));
        assertEquals(1, s.result().catalogueVersion());
    }

    @Test
    @Order(4)
    void removingAMandatorySystemCapsTheStar() throws Exception {
        db.exec("DELETE FROM telemetry_1m WHERE device_id = 'HO'");
        db.exec("DELETE FROM telemetry_1h WHERE device_id = 'HO'");
        RatingResult r = workflow.compute("FZ", FROM, TO).result();
        assertEquals(72, r.score(), 0.001);
        assertEquals(0, r.items().stream().filter(i -> i.id().equals("hoist_monitor")).findFirst().orElseThrow().points());
        assertEquals(1, r.stars(), r.starReason());
        assertTrue(r.starReason().contains("mandatory hoist_monitor not met"), r.starReason());
    }

    @Test
    @Order(5)
    void anExpiredEligibilityGateGivesNoStar() throws Exception {
        db.exec("UPDATE site SET end_date = ?::date WHERE site_id = 'FZ'", FROM.atZone(ZONE).toLocalDate().minusDays(10).toString());
        RatingResult r = workflow.compute("FZ", FROM, TO).result();
        assertEquals(0, r.stars(), r.starReason());
        assertNotEquals(true, r.gates().stream().filter(g -> g.id().equals("in_construction")).findFirst().orElseThrow().met());
    }
}

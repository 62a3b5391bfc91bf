package io.sitewatch.rating.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.rating.catalogue.CatalogueLoader;
import io.sitewatch.rating.catalogue.CatalogueVersion;
import io.sitewatch.rating.report.RatingReport;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.store.RatingStore;
import io.sitewatch.rating.store.Submission;
import io.sitewatch.rating.testsupport.RatingDb;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Ratings approved with the 2025.1 catalogue stay exactly what they were once the default moves
 * on to 2026.1: recomputed from their snapshot and stored catalogue version, byte for byte.
 */
class LegacyApprovalIT {

    static String fixture(String name) throws Exception {
        try (InputStream in = LegacyApprovalIT.class.getResourceAsStream("/legacy-2025.1/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String json(Object o) throws Exception {
        return RatingStore.JSON.writeValueAsString(o);
    }

    /**
     * A database as a release before 2026.1 left it: the 2025.1 default stored as version 1 by
     * SiteWatch and an approval made by that release's code (fixtures written by it). Opening the
     * current catalogue stores 2026.1 as version 2; the approval is reproduced byte for byte.
     */
    @Test
    void anApprovalMadeBeforeTheChangeReproducesByteForByteAfterTheDefaultMovesOn() throws Exception {
        RatingDb db = new RatingDb();
        RatingStore store = new RatingStore(db.ds);
        String previousYaml = CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS);
        assertEquals(1, store.addCatalogue(previousYaml, RatingStore.BUNDLED_BY).version());
        Submission old = RatingStore.JSON.readValue(fixture("submission.json"), Submission.class);
        db.exec("""
                INSERT INTO rating_submission (id, site_id, target_star, window_from, window_to, state, catalogue_version,
                    evidence_snapshot, result, submitted_by, submitted_at, self_comment, reviewed_by, reviewed_at, review_comment,
                    adjustments, approved_by, approved_at, valid_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""",
                old.id(), old.siteId(), old.targetStar(), Instant.ofEpochMilli(old.from()), Instant.ofEpochMilli(old.to()), old.state(),
                old.catalogueVersion(), fixture("snapshot.json"), fixture("result.json"), old.submittedBy(),
                Instant.ofEpochMilli(old.submittedAt()), old.selfComment(), old.reviewedBy(), Instant.ofEpochMilli(old.reviewedAt()),
                old.reviewComment(), json(old.adjustments()), old.approvedBy(), Instant.ofEpochMilli(old.approvedAt()),
                Instant.ofEpochMilli(old.validUntil()));
        db.site("S", 200_000_000L, "2025-01-01", "2027-01-01");
        RatingWorkflow workflow = new RatingWorkflow(store, db.data(), Clock.fixed(Instant.ofEpochMilli(old.to()), ZoneOffset.UTC));

        // A read-only look (rating compute) sees the catalogue that will be in force, and stores nothing.
        CatalogueVersion looked = store.catalogueInUse(old.to());
        assertEquals(List.of(1), store.catalogues().stream().map(CatalogueVersion::version).toList(), "nothing stored by a look");
        assertEquals(2, workflow.preview("S", Instant.ofEpochMilli(old.from()), Instant.ofEpochMilli(old.to())).result().catalogueVersion());
        assertEquals(1, store.catalogues().size(), "nor by a preview");

        CatalogueVersion current = store.currentCatalogue();
        assertEquals(List.of(looked.version(), looked.label(), looked.yaml()), List.of(current.version(), current.label(), current.yaml()));
        assertEquals(current, store.catalogueInUse(old.to()), "once stored, the stored one");
        assertEquals(2, current.version());
        assertEquals("sitewatch-default-2026.1", current.label());
        assertEquals(RatingStore.BUNDLED_BY, current.createdBy());
        assertEquals(2, store.currentCatalogue().version(), "stored once");
        assertEquals(previousYaml, store.catalogue(1).orElseThrow().yaml());
        assertEquals(2, workflow.compute("S", Instant.ofEpochMilli(old.from()), Instant.ofEpochMilli(old.to())).result().catalogueVersion());

        RatingResult again = workflow.reproduce(old.id());
        assertEquals(fixture("result.json"), json(again));
        Submission stored = workflow.get(old.id());
        assertEquals(again, stored.result());
        assertEquals(1, stored.catalogueVersion());
        // the exports as they were; the printable 评价报告 is today's page, with the sentences as recorded
        for (RatingReport.Format f : List.of(RatingReport.Format.TEXT, RatingReport.Format.JSON, RatingReport.Format.CSV)) {
            assertEquals(fixture("report." + f.name().toLowerCase(Locale.ROOT)), RatingReport.render(stored.result(), f), f.name());
        }
        String page = RatingReport.render(stored.result(), RatingReport.Format.HTML);
        stored.result().items().forEach(i -> assertTrue(page.contains(i.evidence().replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;").replace("\"", "&quot;")), i.id()));
    }

    /**
     * With today's code: an authority's copy of 2025.1 in force (never replaced by the bundled
     * default), a quiet site approved with it, then 2026.1 put in force; the approval stays.
     */
    @Test
    void anApprovalWithTheOldCatalogueStaysWhenTheNewOneIsPutInForce() throws Exception {
        RatingDb db = new RatingDb();
        RatingStore store = new RatingStore(db.ds);
        Instant to = Instant.parse("2026-03-04T16:00:00Z");
        Instant from = to.minus(Duration.ofDays(3));
        db.site("Q", 150_000_000L, "2025-06-01", "2027-06-01");
        db.device("Q-ENV", "Q", "env", 60);
        db.device("Q-REC", "Q", "recorder", 60);
        db.minutes("Q-ENV", "pm10", from, to, 1);
        db.minutes("Q-REC", "battery_pct", from, to, 1);
        RatingWorkflow workflow = new RatingWorkflow(store, db.data(), Clock.fixed(to.plusSeconds(600), ZoneOffset.UTC));
        store.addCatalogue(CatalogueLoader.resourceYaml(CatalogueLoader.PREVIOUS), "authority");
        assertEquals("sitewatch-default-2025.1", store.currentCatalogue().label(), "an authority's catalogue is never replaced by the default");
        assertEquals(store.currentCatalogue(), store.catalogueInUse(to.toEpochMilli()), "nor in a read-only look");
        workflow.putManual("Q", "no_accident", 1, "none", null, "rater1");
        workflow.putManual("Q", "no_wage_arrears", 1, "none", null, "rater1");
        Submission s = workflow.submit("admin", "Q", 1, from, to, "quiet site");
        workflow.review(s.id(), "rater1", List.of(new Submission.Adjustment("bim", 6, "BIM checked", null, null)), "ok");
        RatingResult approved = workflow.approve(s.id(), "chief", "approved").result();
        String approvedJson = json(approved);
        // 2025.1: no alarm, no hazard and no login count as met
        assertEquals(10, approved.items().stream().filter(i -> i.id().equals("alarm_handling")).findFirst().orElseThrow().points());

        assertEquals(2, store.addCatalogue(CatalogueLoader.bundledYaml(), "authority").version());
        RatingResult now = workflow.compute("Q", from, to).result();
        assertEquals("sitewatch-default-2026.1", now.catalogueLabel());
        assertEquals(RatingResult.NO_EVIDENCE, now.items().stream().filter(i -> i.id().equals("alarm_handling")).findFirst().orElseThrow().status());
        assertNotEquals(approved.score(), now.score());

        assertEquals(approvedJson, json(workflow.reproduce(s.id())));
        assertEquals(approvedJson, json(workflow.get(s.id()).result()));
        assertEquals(approved, workflow.published("Q").orElseThrow().result());
    }
}

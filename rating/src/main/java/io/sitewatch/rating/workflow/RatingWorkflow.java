package io.sitewatch.rating.workflow;

import io.sitewatch.rating.store.Submission;
import io.sitewatch.rating.catalogue.Catalogue;
import io.sitewatch.rating.catalogue.CatalogueVersion;
import io.sitewatch.rating.catalogue.Gate;
import io.sitewatch.rating.catalogue.GateCheck;
import io.sitewatch.rating.catalogue.Item;
import io.sitewatch.rating.evidence.Evidence;
import io.sitewatch.rating.evidence.EvidenceCollector;
import io.sitewatch.rating.evidence.ManualEntry;
import io.sitewatch.rating.evidence.RatingData;
import io.sitewatch.rating.score.RatingResult;
import io.sitewatch.rating.score.Scorer;
import io.sitewatch.rating.store.RatingStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The rating's use cases: compute now; the site's self-assessment → rater review → approval with a
 * validity period; manual evidence. A submission freezes its evidence and catalogue version, and
 * every later step recomputes only from that snapshot, so later catalogues never change it.
 */
public final class RatingWorkflow {

    /** How long a published star holds (Xiamen evaluates once a year). */
    public static final Duration VALIDITY = Duration.ofDays(365);

    private final RatingStore store;
    private final EvidenceCollector collector;
    private final RatingData data;
    private final Clock clock;

    public RatingWorkflow(RatingStore store, RatingData data, Clock clock) {
        this.store = store;
        this.collector = new EvidenceCollector(data);
        this.data = data;
        this.clock = clock;
    }

    public RatingStore store() {
        return store;
    }

    /** Evidence and rating over the window with the current catalogue (nothing stored). */
    public Computed compute(String siteId, Instant from, Instant to) throws SQLException {
        return compute(store.currentCatalogue(), siteId, from, to);
    }

    /**
     * {@link #compute} that writes nothing at all, not even this release's catalogue on first use
     * ({@link RatingStore#catalogueInUse}): for a look over a read-only connection.
     */
    public Computed preview(String siteId, Instant from, Instant to) throws SQLException {
        return compute(store.catalogueInUse(clock.millis()), siteId, from, to);
    }

    private Computed compute(CatalogueVersion cv, String siteId, Instant from, Instant to) throws SQLException {
        Evidence ev = collector.collect(cv.catalogue(), siteId, from, to, clock.instant());
        return new Computed(cv, ev, Scorer.score(cv.catalogue(), cv.version(), ev));
    }

    public record Computed(CatalogueVersion catalogue, Evidence evidence, RatingResult result) {
    }

    public Submission submit(String actor, String siteId, int targetStar, Instant from, Instant to, String comment)
            throws SQLException, WorkflowException {
        if (targetStar < 1 || targetStar > 3) {
            throw new WorkflowException(false, "targetStar must be 1, 2 or 3");
        }
        Computed c = compute(siteId, from, to);
        long id = store.insertSubmission(siteId, targetStar, from, to, c.catalogue().version(), c.evidence(), c.result(),
                actor, clock.instant(), comment);
        return get(id);
    }

    /** A rater adjusts manual items or declarations, each with a reason; the result is recomputed from the snapshot. */
    public Submission review(long id, String actor, List<Submission.Adjustment> changes, String comment)
            throws SQLException, WorkflowException {
        Submission s = get(id);
        requireState(s, Submission.SUBMITTED, Submission.REVIEWED);
        Catalogue catalogue = catalogueOf(s);
        Evidence ev = store.snapshot(id).orElseThrow();
        Map<String, ManualEntry> manual = new HashMap<>(ev.manual());
        List<Submission.Adjustment> all = new ArrayList<>(s.adjustments());
        Instant now = clock.instant();
        for (Submission.Adjustment a : changes) {
            checkManualKey(catalogue, a.key(), a.value());
            if (a.reason() == null || a.reason().isBlank()) {
                throw new WorkflowException(false, "adjustment of " + a.key() + " needs a reason");
            }
            ManualEntry old = manual.get(a.key());
            manual.put(a.key(), new ManualEntry(a.value(), a.reason(), old == null ? null : old.attachmentSha256(), actor, now.toEpochMilli()));
            all.add(new Submission.Adjustment(a.key(), a.value(), a.reason(), actor, now.toEpochMilli()));
        }
        Evidence adjusted = ev.withManual(manual);
        RatingResult result = Scorer.score(catalogue, s.catalogueVersion(), adjusted);
        if (!store.transition(id, List.of(Submission.SUBMITTED, Submission.REVIEWED), Submission.REVIEWED, actor, now, comment,
                adjusted, result, all, null)) {
            throw new WorkflowException(true, "rating " + id + " changed state meanwhile");
        }
        return get(id);
    }

    public Submission approve(long id, String actor, String comment) throws SQLException, WorkflowException {
        Submission s = get(id);
        requireState(s, Submission.REVIEWED);
        Instant now = clock.instant();
        // recomputed from the stored snapshot and version: what is approved is exactly reproducible
        RatingResult result = reproduce(id);
        if (!store.transition(id, List.of(Submission.REVIEWED), Submission.APPROVED, actor, now, comment, null, result, null,
                now.plus(VALIDITY))) {
            throw new WorkflowException(true, "rating " + id + " changed state meanwhile");
        }
        return get(id);
    }

    public Submission reject(long id, String actor, String comment) throws SQLException, WorkflowException {
        Submission s = get(id);
        requireState(s, Submission.SUBMITTED, Submission.REVIEWED);
        if (comment == null || comment.isBlank()) {
            throw new WorkflowException(false, "a rejection needs a comment");
        }
        if (!store.transition(id, List.of(Submission.SUBMITTED, Submission.REVIEWED), Submission.REJECTED, actor,
                clock.instant(), comment, null, null, null, null)) {
            throw new WorkflowException(true, "rating " + id + " changed state meanwhile");
        }
        return get(id);
    }

    /** The result recomputed from the submission's snapshot with its own catalogue version. */
    public RatingResult reproduce(long id) throws SQLException, WorkflowException {
        Submission s = get(id);
        return Scorer.score(catalogueOf(s), s.catalogueVersion(), store.snapshot(id).orElseThrow());
    }

    public Submission get(long id) throws SQLException, WorkflowException {
        return store.submission(id).orElseThrow(() -> new NoSuchElementException("rating " + id));
    }

    /** The star in force: the newest approved rating whose validity has not ended. */
    public Optional<Submission> published(String siteId) throws SQLException {
        Instant now = clock.instant();
        return store.submissions(siteId).stream()
                .filter(s -> Submission.APPROVED.equals(s.state()) && s.validUntil() != null && s.validUntil() > now.toEpochMilli())
                .findFirst();
    }

    public Map<String, ManualEntry> manualEntries(String siteId) {
        return data.manualEntries(siteId);
    }

    /** Rating staff enter a manual item's points or a declaration (1 holds, 0 not); audited. */
    public void putManual(String siteId, String key, double value, String comment, String sha256, String actor)
            throws SQLException, WorkflowException {
        checkManualKey(store.currentCatalogue().catalogue(), key, value);
        if (comment == null || comment.isBlank()) {
            throw new WorkflowException(false, "manual evidence needs a comment");
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new WorkflowException(false, "attachmentSha256 must be 64 lower-case hex digits");
        }
        store.putManual(siteId, key, value, comment, sha256, actor, clock.instant());
    }

    private Catalogue catalogueOf(Submission s) throws SQLException {
        return store.catalogue(s.catalogueVersion())
                .orElseThrow(() -> new IllegalStateException("catalogue version " + s.catalogueVersion() + " missing"))
                .catalogue();
    }

    private static void checkManualKey(Catalogue c, String key, double value) throws WorkflowException {
        Optional<Item> item = c.item(key).filter(Item::manual);
        if (item.isPresent()) {
            if (value < 0 || value > item.get().maxPoints()) {
                throw new WorkflowException(false, key + " takes 0.." + item.get().maxPoints() + " points");
            }
            return;
        }
        Optional<Gate> gate = c.gates().stream().filter(g -> g.id().equals(key) && g.check() == GateCheck.DECLARATION).findFirst();
        if (gate.isPresent()) {
            if (value != 0 && value != 1) {
                throw new WorkflowException(false, key + " is a declaration: 1 (holds) or 0 (does not)");
            }
            return;
        }
        throw new WorkflowException(false, key + " is neither a manual item nor a declaration gate of the catalogue");
    }

    private static void requireState(Submission s, String... states) throws WorkflowException {
        if (!List.of(states).contains(s.state())) {
            throw new WorkflowException(true, "rating " + s.id() + " is " + s.state() + "; this needs " + String.join(" or ", states));
        }
    }
}

package io.sitewatch.supervision.letter;

import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.supervision.risk.RiskItem;
import io.sitewatch.supervision.risk.RiskLevel;
import io.sitewatch.supervision.risk.RiskModel;
import io.sitewatch.supervision.risk.RiskRanking;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The letter workflow: a draft made from a risk item of the ranking (its facts copied, its text
 * rendered from the template), and each later step ({@link LetterMachine}) with its event, in one
 * transaction per change; what committed is then handed to {@code published} (the event bus).
 * Blocking: call from a worker. Time is the injected clock's.
 */
public final class LetterDesk {

    /** Where committed changes are published (JSON: {@link LetterJson#change}). */
    public static final String ADDRESS = "sitewatch.letters";

    /** What a draft is made from: a ranked item of {@code scope} over [from, to) by {@code model}, among the regions in scope. */
    public record DraftRequest(String scope, String id, Instant from, Instant to, RiskModel model, Predicate<String> regions,
                               Integer deadlineDays) {
    }

    /** The item asked for is not in the ranking the caller may see, or the letter does not exist. */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** A committed change: the letter after it and its transition. */
    public record Change(Letter letter, LetterEvent event) {
    }

    private final LetterStore store;
    private final RiskRanking ranking;
    private final RegistryLookup registry;
    private final InstantSource clock;
    private final LetterTemplate template;
    private final Consumer<Change> published;

    public LetterDesk(LetterStore store, RiskRanking ranking, RegistryLookup registry, InstantSource clock, LetterTemplate template,
                      Consumer<Change> published) {
        this.store = store;
        this.ranking = ranking;
        this.registry = registry;
        this.clock = clock;
        this.template = template;
        this.published = published;
    }

    public LetterStore store() {
        return store;
    }

    public InstantSource clock() {
        return clock;
    }

    public LetterTemplate template() {
        return template;
    }

    /**
     * Drafts a letter from the risk item: {@link NotFound} when the caller's ranking has no such
     * item; {@link IllegalArgumentException} when an enterprise's projects lie in regions no one
     * code of the caller's covers.
     */
    public Letter draft(DraftRequest r, String by) throws SQLException {
        Map<String, List<RiskItem>> all = ranking.rankAll(r.model(), r.from(), r.to(), r.regions());
        List<RiskItem> items = all.get(r.scope());
        RiskItem item = items.stream().filter(i -> i.id().equals(r.id())).findFirst()
                .orElseThrow(() -> new NotFound(r.scope() + " " + r.id()));
        List<String> sites = new ArrayList<>();
        String region;
        if (Letter.PROJECT.equals(r.scope())) {
            sites.add(item.id());
            Site s = registry.site(item.id());
            region = s == null ? item.region() : s.region();
        } else {
            TreeSet<String> regions = new TreeSet<>();
            for (Site s : ranking.projects(r.regions())) {
                if (s.enterprise() != null && r.id().equals(s.enterprise().code())) {
                    sites.add(s.siteId());
                    regions.add(s.region());
                }
            }
            region = covering(regions);
        }
        if (region == null) {
            throw new IllegalArgumentException(r.scope() + " " + r.id() + " has projects in regions of more than one province: "
                    + "draft it for one region (region)");
        }
        RiskSnapshot facts = snapshot(r.model(), r.from(), r.to(), item, items.size());
        int days = r.deadlineDays() == null ? template.deadlineDays() : r.deadlineDays();
        LetterTemplate.Rendered text = template.render(r.scope(), item.name(), facts, days);
        long now = clock.millis();
        List<Change> out = new ArrayList<>();
        try (Connection c = store.begin()) {
            try {
                Letter l = new Letter(store.nextId(c), r.scope(), item.id(), item.name(), region, sites, LetterState.DRAFT,
                        template.version(), text.title(), text.titleEn(), text.body(), text.bodyEn(), facts, days, by, now,
                        null, null, null, null, null, null, null, null);
                store.insert(c, l);
                LetterEvent e = new LetterEvent(now, LetterMachine.DRAFTED, l.state().code(), by, null, null, null);
                store.event(c, l.id(), e);
                c.commit();
                out.add(new Change(l, e));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        out.forEach(published);
        return out.get(0).letter();
    }

    /** The risk item as the letter keeps it. */
    static RiskSnapshot snapshot(RiskModel model, Instant from, Instant to, RiskItem item, int count) {
        List<RiskSnapshot.Factor> factors = new ArrayList<>();
        for (RiskItem.FactorScore f : item.factors()) {
            RiskModel.Factor mf = model.factor(f.id());
            factors.add(new RiskSnapshot.Factor(f.id(), mf == null ? f.id() : mf.name(), mf == null ? f.id() : mf.nameEn(), f.value(),
                    f.weight(), f.contribution(), f.evidence()));
        }
        return new RiskSnapshot(model.version(), from.toEpochMilli(), to.toEpochMilli(), item.score(), RiskLevel.of(item.score()).code(),
                item.rank(), count, factors);
    }

    /** The narrowest 行政区划 code covering every one of {@code regions}: the district, its city, the province; null if none. */
    static String covering(java.util.Collection<String> regions) {
        if (regions.isEmpty()) {
            return null;
        }
        String first = regions.iterator().next();
        if (regions.stream().allMatch(first::equals)) {
            return first;
        }
        if (regions.stream().allMatch(x -> x.startsWith(first.substring(0, 4)))) {
            return first.substring(0, 4) + "00";
        }
        if (regions.stream().allMatch(x -> x.startsWith(first.substring(0, 2)))) {
            return first.substring(0, 2) + "0000";
        }
        return null;
    }

    public Letter issue(String id, String by) throws SQLException {
        long now = clock.millis();
        return change(id, l -> LetterMachine.issue(l, by, now));
    }

    public Letter answer(String id, String by, String text, String attachmentSha256) throws SQLException {
        long now = clock.millis();
        return change(id, l -> LetterMachine.answer(l, by, now, text, attachmentSha256));
    }

    public Letter returnAnswer(String id, String by, String reason) throws SQLException {
        long now = clock.millis();
        return change(id, l -> LetterMachine.returnAnswer(l, by, now, reason));
    }

    public Letter close(String id, String by, String comment) throws SQLException {
        long now = clock.millis();
        return change(id, l -> LetterMachine.close(l, by, now, comment));
    }

    public Letter withdraw(String id, String by) throws SQLException {
        long now = clock.millis();
        return change(id, l -> LetterMachine.withdraw(l, by, now));
    }

    private Letter change(String id, java.util.function.Function<Letter, LetterMachine.Step> step) throws SQLException {
        Change done;
        try (Connection c = store.begin()) {
            try {
                Letter l = store.lock(c, id);
                if (l == null) {
                    throw new NotFound("letter " + id);
                }
                LetterMachine.Step s = step.apply(l);
                store.update(c, s.letter());
                store.event(c, id, s.event());
                c.commit();
                done = new Change(s.letter(), s.event());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        published.accept(done);
        return done.letter();
    }
}

package io.sitewatch.supervision.hazard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.port.CommitListener;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hazard ledger (重大事故隐患台账, 动态清零). Hazards come from three places: a recorder's
 * {@code hazard_report} (told after commit, as a {@link CommitListener}), an alarm of a rule the
 * rules file marks as a major hazard (the alarm engine's stored transitions on
 * {@link #ALARMS}), and a regulator (HTTP). Alarms of one clause on one site make one hazard: a
 * repeated alarm attaches to it while it is not closed. An alarm whose mark says it counts only
 * after a while (a deformation left untreated) waits as a candidate until then, and drops out if
 * it clears first.
 *
 * <p>Every change runs on one worker thread in one transaction, then is published on
 * {@link #ADDRESS} (JSON: {@link HazardJson#change}). Overdue hazards and due candidates are found
 * by a timer re-armed every second that reads the injected clock, so a test moves time forward.
 * A recorder event delivered twice, or read again at start (the last three days are, in case the
 * service stopped between storing an event and recording it here), changes nothing the second time.
 */
public final class HazardLedger implements CommitListener {

    /** Where the ledger publishes every committed transition (docs/architecture.md, "Hazard ledger"). */
    public static final String ADDRESS = "sitewatch.hazards";
    /** The alarm engine's address for its stored transitions (the alarms module's AlarmEngine.ADDRESS). */
    public static final String ALARMS = "sitewatch.alarms";
    /** Who the ledger's own transitions are by (overdue, alarm-born hazards). */
    public static final String SYSTEM = "sitewatch";
    static final long TICK_MS = 1000;
    /** How far back recorder events are read again at start and after a failure. */
    static final Duration CATCH_UP = Duration.ofDays(3);
    private static final long REFRESH_MS = 60_000;
    private static final Set<String> RECORDER_TYPES = Set.of("hazard_report", "hazard_rectified");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HazardLedger.class);

    /** A change that the hazard's state does not allow (rectify what is not open, review what is not rectified). */
    public static final class StateException extends RuntimeException {
        private final String code;

        StateException(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A hazard a regulator enters. {@code deadlineTs} null: the level's deadline from the data file. */
    public record Report(String siteId, String level, String category, String clause, String text, String deviceId,
                         String location, Long deadlineTs) {
    }

    private final Vertx vertx;
    private final HazardStore store;
    private final RegistryLookup registry;
    private final DeviceEvents events;
    private final InstantSource clock;
    private final Deadlines deadlines;
    private final HazardMetrics metrics;
    private WorkerExecutor worker;
    private MessageConsumer<JsonObject> alarmConsumer;
    private volatile long nextDue = Long.MIN_VALUE;
    private volatile long lastRefresh;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean catchUpNeeded = new AtomicBoolean(true);
    private volatile boolean stopped;
    private long timer = -1;

    public HazardLedger(Vertx vertx, HazardStore store, RegistryLookup registry, DeviceEvents events, InstantSource clock,
                        Deadlines deadlines, HazardMetrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.deadlines = deadlines;
        this.metrics = metrics;
    }

    /** Listens to the alarm engine and starts the timer; the first tick reads the last days' recorder events again. */
    public HazardLedger start() {
        worker = vertx.createSharedWorkerExecutor("sitewatch-hazards", 1);
        alarmConsumer = vertx.eventBus().<JsonObject>consumer(ALARMS, m -> onAlarm(m.body()));
        // The first duties (reading the last days' recorder events again) are queued before anything else.
        tick();
        return this;
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        if (alarmConsumer != null) {
            alarmConsumer.unregister();
        }
    }

    public InstantSource clock() {
        return clock;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    // ------------------------------------------------------------------ intake

    @Override
    public CompletionStage<Void> committed(List<Received> records) {
        List<IngestRecord.Event> hazardEvents = new ArrayList<>();
        for (Received r : records) {
            if (r.record() instanceof IngestRecord.Event e && e.knownType() && RECORDER_TYPES.contains(e.type())) {
                hazardEvents.add(e);
            }
        }
        if (hazardEvents.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> {
            List<HazardChange> out = new ArrayList<>();
            for (IngestRecord.Event e : hazardEvents) {
                out.addAll(recorderEventOrSkip(e.device().siteId(), e.device().deviceId(), e.ts(), e.type(),
                        JSON.readTree(e.dataJson())));
            }
            return out;
        }).onComplete(ar -> {
            if (ar.failed()) {
                // Stored by ingest all the same: read again from there once the database answers.
                LOG.warn("recorder hazard events not recorded yet, will read them again: {}", ar.cause().toString());
                catchUpNeeded.set(true);
            }
            done.complete(null);
        });
        return done;
    }

    /** A stored alarm transition: an alarm of a marked rule reaching level alarm, or any marked alarm clearing. */
    void onAlarm(JsonObject a) {
        JsonObject mark = a.getJsonObject("majorHazard");
        String transition = a.getString("transition");
        if (mark == null || a.getString("id") == null) {
            return;
        }
        boolean counts = "alarm".equals(a.getString("level")) && ("raised".equals(transition) || "escalated".equals(transition));
        if (!counts && !"cleared".equals(transition)) {
            return;
        }
        run(() -> alarm(a, mark)).onFailure(e -> LOG.error("alarm {} not recorded in the hazard ledger", a.getString("id"), e));
    }

    private List<HazardChange> alarm(JsonObject a, JsonObject mark) throws SQLException {
        String alarmId = a.getString("id");
        long at = a.getLong("at", clock.millis());
        if ("cleared".equals(a.getString("transition"))) {
            store.alarmCleared(alarmId, at);
            return List.of();
        }
        String clause = mark.getString("clause");
        String category = mark.getString("category");
        long afterMs = mark.getLong("afterMs", 0L);
        String siteId = a.getString("siteId");
        String region = a.getString("region");
        // The engine's sentence in English and, when it is of a known form, in Chinese (the text is NOT NULL).
        String detail = a.getString("detail") != null ? a.getString("detail") : a.getString("rule");
        String zh = a.getString("detailZh") != null ? a.getString("detailZh") : detail;
        String text = afterMs > 0 ? zh + "（告警持续 " + hours(afterMs) + " 小时未解除）" : zh;
        String textEn = afterMs > 0 ? detail + " (the alarm stayed open for " + hours(afterMs) + " h)" : detail;
        HazardStore.Candidate k = new HazardStore.Candidate(alarmId, siteId, region, a.getString("deviceId"), a.getString("rule"),
                clause, category, text, textEn, at, at + afterMs);
        List<HazardChange> out = new ArrayList<>();
        try (Connection c = store.begin()) {
            try {
                Hazard open = store.byOrigin(c, siteId, Hazard.ALARM, alarmOrigin(clause));
                if (open != null) {
                    attach(c, open, k, at, out);
                } else if (afterMs > 0) {
                    store.addCandidate(c, k);
                } else {
                    openFromAlarm(c, k, at, out);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return out;
    }

    private static String hours(long ms) {
        double h = ms / 3_600_000.0;
        return h == Math.rint(h) ? Long.toString((long) h) : String.format("%.1f", h);
    }

    private static String alarmOrigin(String clause) {
        return "alarm:" + clause;
    }

    private void openFromAlarm(Connection c, HazardStore.Candidate k, long at, List<HazardChange> out) throws SQLException {
        Hazard h = new Hazard(store.nextId(c), k.siteId(), k.region(), Hazard.MAJOR, k.category(), k.clause(), k.text(), k.textEn(),
                Hazard.ALARM, k.alarmId(), k.deviceId(), null, null, SYSTEM, HazardState.OPEN, at,
                deadlines.deadline(Hazard.MAJOR, at), null, null, null);
        store.insert(c, h, alarmOrigin(k.clause()));
        store.event(c, h.id(), at, HazardTransition.OPENED, HazardState.OPEN, SYSTEM, null, k.text(), null, k.alarmId());
        store.attach(c, h.id(), k.alarmId(), k.rule(), k.deviceId(), at);
        out.add(new HazardChange(h, HazardTransition.OPENED, at, SYSTEM));
    }

    private void attach(Connection c, Hazard h, HazardStore.Candidate k, long at, List<HazardChange> out) throws SQLException {
        if (store.attach(c, h.id(), k.alarmId(), k.rule(), k.deviceId(), at)) {
            store.event(c, h.id(), at, HazardTransition.ATTACHED, h.state(), SYSTEM, null, k.text(), null, k.alarmId());
            out.add(new HazardChange(h, HazardTransition.ATTACHED, at, SYSTEM));
        }
    }

    /**
     * A recorder's {@code hazard_report} opens a hazard (once: its {@code hazard_id}, or for a 1.0
     * report without one its device and time, is its origin on the site); a {@code hazard_rectified}
     * rectifies the open hazard it names. Times are the recorder's.
     */
    List<HazardChange> recorderEvent(String siteId, String deviceId, long ts, String type, JsonNode data) throws SQLException {
        Site site = registry.site(siteId);
        if (site == null) {
            LOG.warn("{} from {} of site {}, which is no longer registered: not recorded", type, deviceId, siteId);
            return List.of();
        }
        String ref = "event:" + deviceId + "@" + ts;
        String officer = text(data, "officer_id");
        List<HazardChange> out = new ArrayList<>();
        try (Connection c = store.begin()) {
            try {
                if (type.equals("hazard_report")) {
                    String recorderId = text(data, "hazard_id");
                    String origin = recorderId != null ? "recorder:" + recorderId : "recorder@" + deviceId + "@" + ts;
                    if (store.byOrigin(c, siteId, Hazard.RECORDER, origin) == null) {
                        String level = Hazard.MAJOR.equals(text(data, "level")) ? Hazard.MAJOR : Hazard.GENERAL;
                        String photo = photo(text(data, "photo_sha256"));
                        String category = text(data, "category") == null ? "未分类" : text(data, "category");
                        String description = text(data, "text") == null ? category : text(data, "text");
                        String clause = text(data, "clause");
                        Hazard h = new Hazard(store.nextId(c), siteId, site.region(), level, category,
                                clause != null && Clauses.ID.matcher(clause).matches() ? clause : null, description, null,
                                Hazard.RECORDER, recorderId, text(data, "device_id"), text(data, "location"), photo,
                                officer == null ? deviceId : officer, HazardState.OPEN, ts, deadlines.deadline(level, ts),
                                null, null, null);
                        store.insert(c, h, origin);
                        store.event(c, h.id(), ts, HazardTransition.OPENED, HazardState.OPEN, h.reportedBy(), null, h.text(), photo, ref);
                        out.add(new HazardChange(h, HazardTransition.OPENED, ts, h.reportedBy()));
                    }
                } else {
                    String named = text(data, "hazard_id");
                    Hazard h = named == null ? null : store.byRecorderRef(c, siteId, named);
                    if (h == null) {
                        metrics.unmatched();
                        LOG.info("hazard_rectified from {} names {}, no hazard of site {}: not recorded", deviceId, named, siteId);
                    } else if (h.state() == HazardState.OPEN) {
                        rectify(c, h, ts, officer == null ? deviceId : officer, text(data, "text"), photo(text(data, "photo_sha256")),
                                ref, out);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return out;
    }

    /**
     * One recorder event; an event the database refuses for what it holds is logged and skipped, so
     * it cannot hold up the others (or be read again at every start). A database that does not
     * answer fails the whole run, to be read again later.
     */
    private List<HazardChange> recorderEventOrSkip(String siteId, String deviceId, long ts, String type, JsonNode data)
            throws SQLException {
        try {
            return recorderEvent(siteId, deviceId, ts, type, data);
        } catch (SQLException e) {
            if (e instanceof java.sql.SQLTransientException || e.getSQLState() == null || e.getSQLState().startsWith("08")) {
                throw e;
            }
            LOG.warn("{} from {} at {} not recorded in the hazard ledger: {}", type, deviceId, ts, e.getMessage());
            return List.of();
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** A photo's SHA-256 as stored: 64 lower-case hex digits, else none (the wire protocol asks only for text). */
    private static String photo(String s) {
        if (s == null) {
            return null;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        return lower.matches("[0-9a-f]{64}") ? lower : null;
    }

    private void rectify(Connection c, Hazard h, long at, String by, String text, String photo, String ref, List<HazardChange> out)
            throws SQLException {
        if (!store.event(c, h.id(), at, HazardTransition.RECTIFIED, HazardState.RECTIFIED, by, null, text, photo, ref)) {
            return;
        }
        Hazard now = with(h, HazardState.RECTIFIED, at, h.closedTs(), h.overdueTs());
        store.update(c, now);
        out.add(new HazardChange(now, HazardTransition.RECTIFIED, at, by));
    }

    private static Hazard with(Hazard h, HazardState state, Long rectifiedTs, Long closedTs, Long overdueTs) {
        return new Hazard(h.id(), h.siteId(), h.region(), h.level(), h.category(), h.clause(), h.text(), h.textEn(), h.source(),
                h.sourceRef(), h.deviceId(), h.location(), h.photoSha256(), h.reportedBy(), state, h.reportedTs(), h.deadlineTs(),
                rectifiedTs, closedTs, overdueTs);
    }

    // ---------------------------------------------------------------- people

    /** A regulator enters a hazard found on site; published once committed. */
    public Future<Hazard> report(Report r, String by) {
        long now = clock.millis();
        return run(() -> {
            Site site = registry.site(r.siteId());
            List<HazardChange> out = new ArrayList<>();
            try (Connection c = store.begin()) {
                try {
                    String id = store.nextId(c);
                    long deadline = r.deadlineTs() != null ? r.deadlineTs() : deadlines.deadline(r.level(), now);
                    Hazard h = new Hazard(id, r.siteId(), site.region(), r.level(), r.category(), r.clause(), r.text(), null,
                            Hazard.REGULATOR, null, r.deviceId(), r.location(), null, by, HazardState.OPEN, now, deadline, null, null, null);
                    store.insert(c, h, "regulator:" + id);
                    store.event(c, id, now, HazardTransition.OPENED, HazardState.OPEN, by, null, r.text(), null, null);
                    c.commit();
                    out.add(new HazardChange(h, HazardTransition.OPENED, now, by));
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            return out;
        }).map(out -> out.get(0).hazard());
    }

    /** The site reports the hazard rectified (text and a photo's hash); only an open hazard can be. */
    public Future<Hazard> rectify(String id, String by, String text, String photoSha256) {
        long now = clock.millis();
        return change(id, h -> {
            if (h.state() != HazardState.OPEN) {
                throw new StateException("not_open", "hazard " + id + " is " + h.state().code() + ", not open: there is nothing to rectify");
            }
        }, (c, h, out) -> rectify(c, h, now, by, text, photoSha256, null, out));
    }

    /**
     * The regulator's review of a rectification: accepted, the hazard is closed (销号); rejected, it
     * is open again, under its first deadline.
     */
    public Future<Hazard> review(String id, String by, boolean accept, String comment) {
        long now = clock.millis();
        return change(id, h -> {
            if (h.state() != HazardState.RECTIFIED) {
                throw new StateException("not_rectified", "hazard " + id + " is " + h.state().code()
                        + ": only a rectified hazard is reviewed");
            }
        }, (c, h, out) -> {
            Hazard next = accept ? with(h, HazardState.CLOSED, h.rectifiedTs(), now, h.overdueTs())
                    : with(h, HazardState.OPEN, null, null, null);
            HazardTransition t = accept ? HazardTransition.CLOSED : HazardTransition.REOPENED;
            store.event(c, id, now, t, next.state(), by, comment, null, null, null);
            store.update(c, next);
            out.add(new HazardChange(next, t, now, by));
        });
    }

    @FunctionalInterface
    private interface Step {
        void apply(Connection c, Hazard h, List<HazardChange> out) throws SQLException;
    }

    private Future<Hazard> change(String id, java.util.function.Consumer<Hazard> check, Step step) {
        return run(() -> {
            List<HazardChange> out = new ArrayList<>();
            try (Connection c = store.begin()) {
                try {
                    Hazard h = store.lock(c, id);
                    if (h == null) {
                        throw new StateException("not_found", "hazard " + id + " not found");
                    }
                    check.accept(h);
                    step.apply(c, h, out);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            return out;
        }).map(out -> out.get(out.size() - 1).hazard());
    }

    // ------------------------------------------------------------------ time

    /** Every second: candidates that came due, hazards that fell overdue, and recorder events to read again. */
    void tick() {
        if (stopped) {
            return;
        }
        long now = clock.millis();
        if ((now >= nextDue || catchUpNeeded.get() || now - lastRefresh >= REFRESH_MS) && busy.compareAndSet(false, true)) {
            boolean catchUp = catchUpNeeded.getAndSet(false);
            run(() -> duties(now, catchUp)).onComplete(ar -> {
                busy.set(false);
                if (ar.failed()) {
                    LOG.warn("hazard ledger duties failed, will try again: {}", ar.cause().toString());
                    if (catchUp) {
                        catchUpNeeded.set(true);
                    }
                }
            });
        }
        timer = vertx.setTimer(TICK_MS, id -> tick());
    }

    private List<HazardChange> duties(long now, boolean catchUp) throws SQLException {
        List<HazardChange> out = new ArrayList<>();
        if (catchUp) {
            out.addAll(catchUp(now));
        }
        for (HazardStore.Candidate k : store.dueCandidates(now)) {
            try (Connection c = store.begin()) {
                try {
                    if (store.takeCandidate(c, k.alarmId())) {
                        Hazard open = store.byOrigin(c, k.siteId(), Hazard.ALARM, alarmOrigin(k.clause()));
                        if (open != null) {
                            attach(c, open, k, now, out);
                        } else {
                            openFromAlarm(c, k, now, out);
                        }
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
        try (Connection c = store.begin()) {
            try {
                for (Hazard h : store.newlyOverdue(c, now)) {
                    Hazard next = with(h, h.state(), h.rectifiedTs(), h.closedTs(), now);
                    store.update(c, next);
                    store.event(c, h.id(), now, HazardTransition.OVERDUE, h.state(), SYSTEM, null, null, null, null);
                    out.add(new HazardChange(next, HazardTransition.OVERDUE, now, SYSTEM));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        lastRefresh = now;
        return out;
    }

    /** Reads the recorders' hazard events of the last days again; what is recorded already changes nothing. */
    private List<HazardChange> catchUp(long now) throws SQLException {
        List<HazardChange> out = new ArrayList<>();
        Instant from = Instant.ofEpochMilli(now).minus(CATCH_UP);
        Instant to = Instant.ofEpochMilli(now).plus(Duration.ofMinutes(5));
        for (Site s : registry.sites()) {
            for (DeviceEvents.Event e : events.ofSite(s.siteId(), RECORDER_TYPES, from, to)) {
                out.addAll(recorderEventOrSkip(s.siteId(), e.deviceId(), e.ts().toEpochMilli(), e.type(), e.data()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- plumbing

    /** Runs a change on the ledger's one worker, then publishes what it committed and notes when something is due next. */
    private Future<List<HazardChange>> run(Callable<List<HazardChange>> work) {
        return worker.executeBlocking(() -> {
            List<HazardChange> out = work.call();
            nextDue = store.nextDue();
            return out;
        }, true).onSuccess(this::publish);
    }

    private void publish(List<HazardChange> changes) {
        for (HazardChange ch : changes) {
            metrics.transition(ch.transition());
            vertx.eventBus().publish(ADDRESS, HazardJson.change(ch));
        }
    }
}

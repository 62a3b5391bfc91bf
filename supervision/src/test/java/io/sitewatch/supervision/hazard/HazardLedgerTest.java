package io.sitewatch.supervision.hazard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Received;
import io.sitewatch.core.port.DeviceEvents;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.RegistryLookup;
import io.sitewatch.core.registry.Site;
import io.sitewatch.platform.db.SchemaMigrator;
import io.sitewatch.supervision.SupervisionSchema;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ledger on a real database and a real Vert.x, its server time a virtual clock the test moves:
 * alarms of marked rules open one hazard per site and clause (repeats attach; an alarm that must
 * stay open waits, and drops out when it clears), the lifecycle with every transition stored and
 * published, overdue once per open spell, recorder reports and rectifications (a repeat or a reading
 * again at start changes nothing).
 */
class HazardLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-12-07T02:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final AtomicLong now = new AtomicLong(T0);
    private final InstantSource clock = new InstantSource() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final List<JsonObject> published = new CopyOnWriteArrayList<>();
    private final List<DeviceEvents.Event> stored = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Vertx vertx;
    private PGSimpleDataSource ds;
    private HazardStore store;
    private HazardLedger ledger;

    private static final Site FZ = new Site("FZ-1", "鼓楼工地", "350102", new Enterprise("91350100X", "建设公司"), "building",
            null, null, null, null, null);
    private static final Site XM = new Site("XM-1", "思明工地", "350203", new Enterprise("91350200X", "建设公司"), "building",
            null, null, null, null, null);
    private static final Device REC = new Device("FZ-1-REC", "FZ-1", "recorder", "记录仪", 60, null);

    private final RegistryLookup registry = new RegistryLookup() {
        @Override
        public Site site(String siteId) {
            return Map.of("FZ-1", FZ, "XM-1", XM).get(siteId);
        }

        @Override
        public OperatorCert operator(String certNo) {
            return null;
        }

        @Override
        public long generation() {
            return 1;
        }

        @Override
        public Collection<Site> sites() {
            return List.of(FZ, XM);
        }

        @Override
        public Collection<Device> devices() {
            return List.of(REC);
        }

        @Override
        public Device device(String deviceId) {
            return deviceId.equals(REC.deviceId()) ? REC : null;
        }
    };

    @BeforeEach
    void start() throws Exception {
        ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser(TestPostgres.user());
        SchemaMigrator.migrate(ds, List.of(SupervisionSchema.SCHEMA));
        vertx = Vertx.vertx();
        vertx.eventBus().<JsonObject>consumer(HazardLedger.ADDRESS, m -> published.add(m.body()));
        store = new HazardStore(ds);
        ledger = newLedger();
    }

    private HazardLedger newLedger() {
        DeviceEvents events = new DeviceEvents() {
            @Override
            public List<Event> ofSite(String siteId, java.util.Set<String> types, Instant from, Instant to) {
                return stored.stream().filter(e -> siteId.equals("FZ-1") && types.contains(e.type())).toList();
            }

            @Override
            public List<OperatorEvent> latestOperatorEvents(Duration lookback) {
                return List.of();
            }
        };
        return new HazardLedger(vertx, store, registry, events, clock, Deadlines.bundled(), new HazardMetrics(meters)).start();
    }

    @AfterEach
    void stop() throws Exception {
        ledger.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JsonObject alarm(String id, String site, String region, String device, String rule, String level,
                                    String transition, long at, JsonObject mark) {
        return new JsonObject().put("id", id).put("siteId", site).put("region", region).put("deviceId", device).put("rule", rule)
                .put("level", level).put("state", transition.equals("cleared") ? "cleared" : "active").put("transition", transition)
                .put("at", at).put("detail", "operator cert expired").put("detailZh", "操作证书已过期").put("majorHazard", mark);
    }

    private static JsonObject mark(String clause, long afterMs) {
        return new JsonObject().put("clause", clause).put("category", "施工安全管理").put("afterMs", afterMs);
    }

    private List<String> seen() {
        List<String> out = new ArrayList<>();
        for (JsonObject m : published) {
            out.add(m.getString("hazardId") + " " + m.getString("transition") + " " + m.getString("state"));
        }
        return out;
    }

    private void awaitPublished(String what, int count) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(10), () -> published.size() >= count);
    }

    private <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void alarmsOfOneClauseOnOneSiteMakeOneHazardAndAWarningOrAnUnmarkedAlarmNone() throws Exception {
        JsonObject cert = mark("2024-4-3", 0);
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("A1", "FZ-1", "350102", "TC1", "operator.certificate", "alarm", "raised", T0, cert));
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("A2", "FZ-1", "350102", "HS1", "operator.certificate", "alarm", "raised", T0 + 5, cert));
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("W1", "FZ-1", "350102", "TC1", "tower_crane.tilt", "warning", "raised", T0 + 6,
                mark("2024-8-7", 0)));
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("N1", "FZ-1", "350102", "ENV", "env.noise_leq", "alarm", "raised", T0 + 7, null));
        // The marker: a later alarm of another site, through the same address.
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("X1", "XM-1", "350203", "XTC", "operator.certificate", "alarm", "raised", T0 + 8, cert));
        awaitPublished("three transitions", 3);
        List<Hazard> fz = store.list(new HazardStore.Query(null, null, null, "FZ-1", null, null, null, now.get(), 100));
        assertEquals(1, fz.size(), "one hazard for the clause on the site: " + fz);
        Hazard h = fz.get(0);
        assertEquals(List.of(h.id() + " opened open", h.id() + " attached open"), seen().subList(0, 2));
        assertEquals(List.of("major", "2024-4-3", "alarm", "A1", "TC1", HazardLedger.SYSTEM), List.of(h.level(), h.clause(), h.source(),
                h.sourceRef(), h.deviceId(), h.reportedBy()));
        assertEquals(T0 + 30 * DAY, h.deadlineTs(), "the major deadline of the data file");
        assertEquals(List.of("A1", "A2"), store.alarms(h.id()).stream().map(AttachedAlarm::alarmId).toList());
        JsonObject opened = published.get(0);
        assertEquals(List.of("hazardId", "siteId", "region", "level", "category", "clause", "text", "transition", "state",
                "deadlineTs", "ts", "by"), List.copyOf(opened.fieldNames()));
        assertEquals("350102", opened.getString("region"));
        assertEquals(T0, opened.getLong("ts"));
    }

    @Test
    void anAlarmThatMustStayOpenWaitsAndDropsOutWhenItClearsFirst() throws Exception {
        JsonObject pit = mark("2024-5-4-1", DAY);
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("P1", "FZ-1", "350102", "PIT1", "pit.disp_cumulative", "alarm", "raised", T0, pit));
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("P2", "FZ-1", "350102", "PIT2", "pit.disp_cumulative", "alarm", "raised", T0, pit));
        Await.untilChecked("two candidates", Duration.ofSeconds(10), () -> count("SELECT count(*) FROM hazard_candidate") == 2);
        vertx.eventBus().publish(HazardLedger.ALARMS, alarm("P2", "FZ-1", "350102", "PIT2", "pit.disp_cumulative", "alarm", "cleared",
                T0 + HOUR, pit));
        Await.untilChecked("P2 cleared", Duration.ofSeconds(10), () -> count("SELECT count(*) FROM hazard_candidate") == 1);
        // A regulator's hazard due just before the day is over: its overdue is the marker that the
        // ledger looked at the clock after 23 h.
        Hazard marker = await(ledger.report(new HazardLedger.Report("XM-1", "general", "临边防护", null, "临边无防护", null, null,
                T0 + 23 * HOUR), "xm-reg"));
        now.set(T0 + 23 * HOUR);
        Await.until("the marker overdue", Duration.ofSeconds(10), () -> seen().contains(marker.id() + " overdue open"));
        assertEquals(List.of(marker.id() + " opened open", marker.id() + " overdue open"), seen(), "nothing else after 23 h");

        now.set(T0 + DAY + 1);
        awaitPublished("the pit hazard", 3);
        Hazard h = store.list(new HazardStore.Query(null, null, null, "FZ-1", null, null, null, now.get(), 100)).get(0);
        assertEquals(h.id() + " opened open", seen().get(2));
        assertEquals(List.of("P1"), store.alarms(h.id()).stream().map(AttachedAlarm::alarmId).toList(), "P2 cleared within the day");
        assertEquals(T0 + DAY + 1, h.reportedTs(), "opened when the day was over");
        assertTrue(h.text().contains("告警持续 24 小时未解除") && h.textEn().contains("stayed open for 24 h"), h.text() + " / " + h.textEn());
        assertEquals("第五条(四)1", Clauses.label(h.clause()));
    }

    @Test
    void rectifiedRejectedOverdueOnceThenRectifiedAndClosedEveryTransitionWithWhoAndWhen() throws Exception {
        Hazard h = await(ledger.report(new HazardLedger.Report("FZ-1", "major", "基坑", "2024-5-2", "土方超挖未采取措施", null, "北侧",
                null), "fz-reg"));
        assertEquals(T0 + 30 * DAY, h.deadlineTs());
        now.set(T0 + HOUR);
        await(ledger.rectify(h.id(), "site-a", "已回填并加设支撑", "ab".repeat(32)));
        Throwable twice = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> await(ledger.rectify(h.id(), "site-a", "again", "ab".repeat(32)))).getCause();
        assertEquals("not_open", ((HazardLedger.StateException) twice).code());
        now.set(T0 + 2 * HOUR);
        Hazard reopened = await(ledger.review(h.id(), "fz-reg", false, "支撑未按方案设置"));
        assertEquals(HazardState.OPEN, reopened.state());
        assertNull(reopened.rectifiedTs());

        now.set(T0 + 31 * DAY);
        awaitPublished("overdue", 4);
        assertEquals(h.id() + " overdue open", seen().get(3));
        // Later ticks do not say it again; the next transition comes after it.
        now.set(T0 + 32 * DAY);
        await(ledger.rectify(h.id(), "site-a", "按方案补设支撑", "cd".repeat(32)));
        await(ledger.review(h.id(), "fz-reg", true, "复查合格，销号"));
        awaitPublished("closed", 6);
        assertEquals(List.of("opened open", "rectified rectified", "reopened open", "overdue open", "rectified rectified",
                "closed closed"), seen().stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList());

        List<String> history = new ArrayList<>();
        for (HazardEvent e : store.history(h.id())) {
            history.add(e.transition() + " " + e.by() + " " + (e.at() - T0) / HOUR);
        }
        assertEquals(List.of("opened fz-reg 0", "rectified site-a 1", "reopened fz-reg 2", "overdue sitewatch " + 31 * 24,
                "rectified site-a " + 32 * 24, "closed fz-reg " + 32 * 24), history);
        Hazard closed = store.get(h.id());
        assertEquals(HazardState.CLOSED, closed.state());
        assertEquals(T0 + 32 * DAY, closed.closedTs());
    }

    private Received event(long ts, String type, String data) {
        return new Received(new IngestRecord.Event(REC, ts, type, data, true), ts);
    }

    @Test
    void recorderReportsAndRectificationsOnceEachAlsoWhenReadAgainAtStart() throws Exception {
        String report = "{\"hazard_id\":\"REC-1\",\"officer_id\":\"SO01\",\"category\":\"临时用电\",\"level\":\"general\","
                + "\"text\":\"配电箱无漏电保护\",\"photo_sha256\":\"" + "0a".repeat(32) + "\"}";
        String fixed = "{\"hazard_id\":\"REC-1\",\"officer_id\":\"SO01\",\"text\":\"已更换配电箱\",\"photo_sha256\":\"" + "0b".repeat(32) + "\"}";
        String old = "{\"officer_id\":\"SO01\",\"category\":\"脚手架\",\"level\":\"major\",\"text\":\"连墙件缺失\",\"photo_sha256\":\"x\"}";
        List<Received> batch = List.of(event(T0, "hazard_report", report), event(T0 + 60_000, "hazard_rectified", fixed),
                event(T0 + 120_000, "hazard_report", old));
        ledger.committed(batch).toCompletableFuture().get(10, TimeUnit.SECONDS);
        // Delivered again (QoS 1): nothing changes.
        ledger.committed(batch).toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<Hazard> all = store.list(new HazardStore.Query(null, List.of("FZ-1"), null, null, null, null, null, now.get(), 100));
        assertEquals(2, all.size());
        Hazard withId = all.stream().filter(h -> "REC-1".equals(h.sourceRef())).findFirst().orElseThrow();
        Hazard assigned = all.stream().filter(h -> h.sourceRef() == null).findFirst().orElseThrow();
        assertEquals(List.of("rectified", "SO01", T0 + 7 * DAY), List.of(withId.state().code(), withId.reportedBy(), withId.deadlineTs()));
        assertEquals(T0 + 60_000, withId.rectifiedTs(), "the recorder's time");
        assertTrue(assigned.id().matches("HZ-\\d{6}"), assigned.id());
        assertEquals("major", assigned.level());
        assertNull(assigned.photoSha256(), "not a SHA-256: not kept as one");

        // A 1.0 recorder rectifies the hazard by the id SiteWatch gave it; an unknown id is counted.
        String byAssigned = "{\"hazard_id\":\"" + assigned.id() + "\",\"officer_id\":\"SO01\",\"text\":\"已补设\",\"photo_sha256\":\""
                + "0c".repeat(32) + "\"}";
        ledger.committed(List.of(event(T0 + 180_000, "hazard_rectified", byAssigned),
                event(T0 + 181_000, "hazard_rectified", "{\"hazard_id\":\"NOPE\",\"officer_id\":\"SO01\",\"text\":\"x\",\"photo_sha256\":\"y\"}")))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(HazardState.RECTIFIED, store.get(assigned.id()).state());
        assertEquals(1.0, meters.get(HazardMetrics.UNMATCHED).counter().count());

        // The regulator rejects the first one; a second ledger reads the stored events again at
        // start: the old rectification does not rectify it again.
        await(ledger.review(withId.id(), "fz-reg", false, "漏电保护器型号不符"));
        // The review's event is published after its commit, so after the review's future: wait for
        // it (the ledger's last event so far) before counting what the second ledger adds.
        Await.until("the review published", Duration.ofSeconds(10), () -> published.stream()
                .anyMatch(m -> withId.id().equals(m.getString("hazardId")) && "reopened".equals(m.getString("transition"))));
        for (Received r : batch) {
            IngestRecord.Event e = (IngestRecord.Event) r.record();
            stored.add(new DeviceEvents.Event(e.device().deviceId(), Instant.ofEpochMilli(e.ts()), e.type(), JSON.readTree(e.dataJson())));
        }
        int before = published.size();
        HazardLedger second = newLedger();
        try {
            // Its first duties (the catch-up) were queued at its start, on the ledger's one worker:
            // a report made through it after that is published after them.
            await(second.report(new HazardLedger.Report("FZ-1", "general", "消防", null, "灭火器过期", null, null, null), "fz-reg"));
            awaitPublished("the report", before + 1);
            assertEquals(HazardState.OPEN, store.get(withId.id()).state());
            assertEquals(List.of("opened", "rectified", "reopened"), store.history(withId.id()).stream().map(HazardEvent::transition).toList());
            assertEquals(before + 1, published.size(), "nothing published again: " + seen());
        } finally {
            second.stop();
        }
    }

    private long count(String sql) throws Exception {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void confirmedByDataWhenEveryAlarmClearedAndNoneCameBackSinceTheRectification() {
        Hazard rectified = new Hazard("HZ-1", "FZ-1", "350102", "major", "基坑", "2024-5-4-1", "t", null, "alarm", "A1", "PIT1", null, null,
                "sitewatch", HazardState.RECTIFIED, 0, 10, 500L, null, null);
        AttachedAlarm cleared = new AttachedAlarm("A1", "pit.disp_cumulative", "PIT1", 0, 400L);
        assertEquals(true, HazardJson.confirmedByData(rectified, List.of(cleared)));
        assertEquals(false, HazardJson.confirmedByData(rectified, List.of(cleared, new AttachedAlarm("A2", "r", "PIT1", 600, 700L))));
        assertEquals(false, HazardJson.confirmedByData(rectified, List.of(new AttachedAlarm("A1", "r", "PIT1", 0, null))));
        Hazard recorder = new Hazard("HZ-2", "FZ-1", "350102", "general", "c", null, "t", null, "recorder", "R", null, null, null,
                "SO01", HazardState.RECTIFIED, 0, 10, 500L, null, null);
        assertNull(HazardJson.confirmedByData(recorder, List.of()));
    }
}

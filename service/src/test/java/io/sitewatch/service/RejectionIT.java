package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.awaitQuery;
import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rejection reason of the wire protocol, end to end over a real broker into a real
 * database: the bad message becomes a dead-letter row with topic, reason and raw payload, the
 * counter for its reason goes up by one, and the next valid message is stored.
 */
class RejectionIT {

    private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis() - 60_000);
    private static SiteWatchService service;
    private static TestDevices device;

    @BeforeAll
    static void start() throws Exception {
        String db = TestPostgres.newDatabase();
        service = new SiteWatchService(ServiceFixture.config(db, TestBroker.shared().url(), "rejection-it", Map.of())).start();
        ServiceFixture.registerCraneSite(service.httpPort(), "S1", "350102", "TC1");
        ServiceFixture.registerCraneSite(service.httpPort(), "S2", "350203", "TC2");
        device = new TestDevices(TestBroker.shared().url(), "rejection-it-device");
        ServiceFixture.awaitConnected(service);
        // A rule of this database alone, so that a message valid by the protocol is refused on write.
        try (Connection c = service.database().pool().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE device_event ADD CONSTRAINT rejection_it_refuses CHECK (type <> '" + REFUSED_TYPE + "')");
        }
    }

    private static final String REFUSED_TYPE = "refused_by_this_database";

    @AfterAll
    static void stop() throws Exception {
        device.close();
        service.close();
    }

    static Stream<Arguments> rejections() {
        long now = System.currentTimeMillis();
        return Stream.of(
                Arguments.of("payload_too_large", "sitewatch/v1/S1/TC1/telemetry",
                        "{\"ts\":" + now + ",\"values\":{\"load_t\":1},\"pad\":\"" + "x".repeat(70_000) + "\"}"),
                Arguments.of("bad_topic", "sitewatch/v1/S1/TC1/telemetri", "{\"ts\":" + now + ",\"values\":{\"load_t\":1}}"),
                Arguments.of("unknown_device", "sitewatch/v1/S1/GHOST/telemetry", "{\"ts\":" + now + ",\"values\":{\"load_t\":1}}"),
                Arguments.of("wrong_site", "sitewatch/v1/S2/TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"load_t\":1}}"),
                Arguments.of("bad_json", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"load_t\":1"),
                Arguments.of("missing_ts", "sitewatch/v1/S1/TC1/telemetry", "{\"values\":{\"load_t\":1}}"),
                Arguments.of("future_ts", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + (now + 3_600_000) + ",\"values\":{\"load_t\":1}}"),
                // Seconds for milliseconds, and a clock never set: refused before they reach storage.
                Arguments.of("past_ts", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + now / 1000 + ",\"values\":{\"load_t\":1}}"),
                Arguments.of("past_ts", "sitewatch/v1/S1/TC1/event", "{\"ts\":" + now / 1000 + ",\"type\":\"firmware_note\"}"),
                Arguments.of("past_ts", "sitewatch/v1/S1/TC1/status", "{\"online\":true,\"ts\":" + now / 1000 + "}"),
                Arguments.of("past_ts", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":-400000000000000,\"values\":{\"load_t\":1}}"),
                Arguments.of("out_of_range", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"wind_ms\":95}}"),
                Arguments.of("bad_value", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + now + ",\"values\":{\"load_t\":\"2.4t\"}}"),
                Arguments.of("bad_schema", "sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + now + ",\"values\":{}}"),
                Arguments.of("bad_event", "sitewatch/v1/S1/TC1/event", "{\"ts\":" + now + ",\"type\":\"work_cycle\",\"data\":{}}"),
                Arguments.of("bad_value", "sitewatch/v1/S1/TC1/event",
                        "{\"ts\":" + now + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"A\\u0000B\"}}"),
                // Valid by the protocol, refused by the database: isolated from its batch and dead-lettered.
                Arguments.of("unstorable", "sitewatch/v1/S1/TC1/event", "{\"ts\":" + now + ",\"type\":\"" + REFUSED_TYPE + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void aRejectedMessageIsDeadLetteredCountedAndTheNextOneStored(String reason, String topic, String payload) throws Exception {
        Counter counter = service.prometheus().get(IngestMetrics.REJECTED).tag("reason", reason).counter();
        double before = counter.count();
        long deadBefore = queryLong(service, "SELECT count(*) FROM dead_letter WHERE reason = '" + reason + "'");

        device.publish(topic, payload, 1);
        long ts = CLOCK.addAndGet(1000);
        device.publish("sitewatch/v1/S1/TC1/telemetry", "{\"ts\":" + ts + ",\"values\":{\"load_t\":3.5}}", 1);

        awaitQuery("the next valid message stored", Duration.ofSeconds(15), () -> queryLong(service,
                "SELECT count(*) FROM telemetry WHERE device_id = 'TC1' AND ts = to_timestamp(" + ts + " / 1000.0)") == 1);
        assertEquals(deadBefore + 1, queryLong(service, "SELECT count(*) FROM dead_letter WHERE reason = '" + reason + "'"));
        assertEquals(1, queryLong(service, "SELECT count(*) FROM dead_letter WHERE reason = '" + reason
                + "' AND topic = '" + topic + "' AND payload_bytes = " + payload.getBytes(StandardCharsets.UTF_8).length));
        assertEquals(1, queryLong(service, "SELECT count(*) FROM dead_letter WHERE reason = '" + reason
                + "' AND payload = substring(convert_to('" + payload.replace("'", "''") + "', 'UTF8') from 1 for 65536)"),
                "raw payload kept (cut at 64 KiB)");
        assertEquals(before + 1, counter.count(), "counter for " + reason);
    }

    /** The dead letter says in plain words what is wrong with the time; no database error reaches it. */
    @Test
    void aTimestampInSecondsIsDeadLetteredWithAPlainDetail() throws Exception {
        long seconds = System.currentTimeMillis() / 1000 - 7;
        String payload = "{\"ts\":" + seconds + ",\"values\":{\"load_t\":2.5}}";
        device.publish("sitewatch/v1/S1/TC1/telemetry", payload, 1);
        String where = " FROM dead_letter WHERE topic = 'sitewatch/v1/S1/TC1/telemetry' AND payload = convert_to('" + payload + "', 'UTF8')";
        awaitQuery("the seconds message dead-lettered", Duration.ofSeconds(15), () -> queryLong(service, "SELECT count(*)" + where) == 1);
        assertEquals(1, queryLong(service, "SELECT count(*)" + where + " AND reason = 'past_ts' AND detail = 'ts " + seconds
                + " looks like seconds, not milliseconds (as seconds: " + Instant.ofEpochSecond(seconds) + "); send epoch milliseconds'"));
    }
}

package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.ServiceProcess;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 50 devices publish 10,000 QoS 1 messages while the service is killed with SIGKILL once midway
 * and started again: afterwards every message is stored exactly once. Works because a message is
 * acknowledged only after its transaction commits (the broker redelivers the rest to the
 * persistent session) and the store drops redelivered samples.
 */
class CrashRecoveryIT {

    static final int DEVICES = 50;
    static final int PER_DEVICE = 200;
    static final int METRICS = 7;
    private static final String TELEMETRY_RECEIVED = "sitewatch_ingest_messages_received_total{channel=\"telemetry\"}";

    @Test
    void sigkillMidwayLosesAndDuplicatesNothing() throws Exception {
        String db = TestPostgres.newDatabase();
        Path work = Files.createTempDirectory("sitewatch-crash-it");
        try (TestBroker broker = TestBroker.start();
             ServiceProcess service = new ServiceProcess(work, db, broker.url(), "crash-it", TestBroker.freePort()).start()) {
            String[] ids = new String[DEVICES];
            for (int i = 0; i < DEVICES; i++) {
                ids[i] = String.format("CR-TC%02d", i);
            }
            ServiceFixture.registerCraneSite(service.httpPort(), "CR1", "350102", ids);

            long t0 = System.currentTimeMillis() - 3_600_000L;
            AtomicInteger published = new AtomicInteger();
            // The publishers stop halfway until the service has been killed, then go on while it is
            // down and while it starts again: the kill is midway by construction.
            CountDownLatch killed = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(5);
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < 5; w++) {
                int worker = w;
                tasks.add(pool.submit(() -> {
                    List<TestDevices> conns = new ArrayList<>();
                    for (int d = worker; d < DEVICES; d += 5) {
                        conns.add(new TestDevices(broker.url(), ids[d]));
                    }
                    for (int n = 0; n < PER_DEVICE; n++) {
                        if (n == PER_DEVICE / 2 && !killed.await(120, TimeUnit.SECONDS)) {
                            throw new AssertionError("the service was never killed");
                        }
                        int k = 0;
                        for (int d = worker; d < DEVICES; d += 5) {
                            long ts = t0 + n * 1000L;
                            conns.get(k++).publish("sitewatch/v1/CR1/" + ids[d] + "/telemetry", String.format(
                                    "{\"ts\":%d,\"seq\":%d,\"values\":{\"load_t\":%.1f,\"load_pct\":%.1f,\"moment_pct\":%.1f,"
                                            + "\"radius_m\":%.1f,\"height_m\":%.1f,\"slew_deg\":%.1f,\"wind_ms\":%.1f}}",
                                    ts, n, n % 10 * 0.5, n % 50 * 1.0, n % 80 * 1.0, 20.0, 35.5, n % 360 * 1.0, 4.2), 1);
                            published.incrementAndGet();
                        }
                    }
                    for (TestDevices c : conns) {
                        c.close();
                    }
                    return null;
                }));
            }
            ServiceFixture.await("half of the messages published", Duration.ofSeconds(60),
                    () -> published.get() == DEVICES * PER_DEVICE / 2);
            ServiceFixture.awaitQuery("some of them stored", Duration.ofSeconds(60),
                    () -> queryLong(db, "SELECT count(*) FROM telemetry") > 0);
            long storedBeforeKill = queryLong(db, "SELECT count(*) FROM telemetry");
            service.kill();
            killed.countDown();
            System.out.println("[crash-it] SIGKILL after " + published.get() + " published, " + storedBeforeKill / METRICS
                    + " messages stored");
            service.start();
            for (Future<?> t : tasks) {
                t.get();
            }
            pool.shutdown();
            long expectedRows = (long) DEVICES * PER_DEVICE * METRICS;
            ServiceFixture.awaitQuery("all messages stored", Duration.ofSeconds(90),
                    () -> queryLong(db, "SELECT count(*) FROM telemetry") >= expectedRows);
            // A redelivered message would reach the service before a message published after all the
            // others: once that marker is stored, whatever was redelivered has been stored too.
            awaitMarker(broker, db, "CR1", ids[0], t0);
            assertTrue(storedBeforeKill > 0 && storedBeforeKill < expectedRows, "the kill happened midway");
            assertEquals(expectedRows, queryLong(db, "SELECT count(*) FROM telemetry"));
            assertEquals((long) DEVICES * PER_DEVICE, queryLong(db, "SELECT count(DISTINCT (device_id, ts)) FROM telemetry"));
            assertEquals(DEVICES, queryLong(db, "SELECT count(*) FROM (SELECT device_id FROM telemetry GROUP BY device_id "
                    + "HAVING count(DISTINCT ts) = " + PER_DEVICE + ") d"));
            assertEquals(0, queryLong(db, "SELECT count(*) FROM dead_letter"));
        }
    }

    /**
     * The other half of "acknowledge after commit": once a message is committed its PUBACK does
     * go out (acks of a batch are written together and flushed once). After everything is stored
     * the service is killed and started again on the same persistent session; the broker must
     * have nothing left to redeliver. Without the PUBACKs it would resend every message.
     */
    @Test
    void committedMessagesAreAcknowledgedToTheBroker() throws Exception {
        String db = TestPostgres.newDatabase();
        Path work = Files.createTempDirectory("sitewatch-ack-it");
        int messages = 3000;
        try (TestBroker broker = TestBroker.start();
             ServiceProcess service = new ServiceProcess(work, db, broker.url(), "ack-it", TestBroker.freePort()).start()) {
            ServiceFixture.registerCraneSite(service.httpPort(), "AK1", "350102", "AK-TC01");
            long t0 = System.currentTimeMillis() - 3_600_000L;
            try (TestDevices device = new TestDevices(broker.url(), "AK-TC01")) {
                for (int n = 0; n < messages; n++) {
                    device.publish("sitewatch/v1/AK1/AK-TC01/telemetry",
                            "{\"ts\":" + (t0 + n * 100L) + ",\"values\":{\"load_t\":1.5,\"wind_ms\":3.0}}", 1);
                }
            }
            ServiceFixture.awaitQuery("all messages stored", Duration.ofSeconds(60),
                    () -> queryLong(db, "SELECT count(*) FROM telemetry_sample") >= messages);
            awaitMarker(broker, db, "AK1", "AK-TC01", t0);
            assertEquals(messages, ingestCounter(service, TELEMETRY_RECEIVED));
            service.kill();
            service.start();
            // The broker redelivers what was not acknowledged as soon as the session resumes, ahead
            // of anything published after the restart: once such a marker is stored, any
            // redelivery has been received and counted.
            awaitMarker(broker, db, "AK1", "AK-TC01", t0);
            assertEquals(0, ingestCounter(service, TELEMETRY_RECEIVED),
                    "the broker redelivered messages that had been committed: their PUBACKs never went out");
            assertEquals(messages, queryLong(db, "SELECT count(*) FROM telemetry_sample"));
        }
    }

    /**
     * Publishes a status message (it leaves the telemetry counts alone) for {@code deviceId} after
     * everything the test published, and waits until the service has stored it.
     */
    private static void awaitMarker(TestBroker broker, String db, String siteId, String deviceId, long t0) throws Exception {
        String count = "SELECT count(*) FROM device_status WHERE device_id = '" + deviceId + "'";
        long before = queryLong(db, count);
        try (TestDevices marker = new TestDevices(broker.url(), deviceId + "-marker")) {
            marker.publish("sitewatch/v1/" + siteId + "/" + deviceId + "/status",
                    "{\"online\":true,\"ts\":" + (t0 - before - 1) + "}", 1);
        }
        ServiceFixture.awaitQuery("the marker stored", Duration.ofSeconds(60), () -> queryLong(db, count) == before + 1);
    }

    private static long ingestCounter(ServiceProcess service, String series) throws Exception {
        for (String line : ServiceFixture.http(service.httpPort(), "GET", "/metrics", null, null).body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in /metrics");
    }
}

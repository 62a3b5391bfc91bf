package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database goes down for several seconds while devices keep publishing and comes back on the
 * same port with the same data: the service reconnects by itself and loses nothing it
 * acknowledged. Runs against a PostgreSQL of its own (embedded) so that it can stop and start it.
 */
class DatabaseRestartIT {

    private static final int MESSAGES = 3000;

    @Test
    void ingestSurvivesADatabaseRestart() throws Exception {
        Path dir = Files.createTempDirectory("sitewatch-db-restart");
        Path data = dir.resolve("pgdata");
        int pgPort = TestBroker.freePort();
        EmbeddedPostgres pg = startPostgres(dir, data, pgPort);
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE sitewatch");
        }
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/sitewatch";
        SiteWatchService service = new SiteWatchService(ServiceFixture.config(jdbcUrl, TestBroker.shared().url(),
                "db-restart-it", Map.of("database.user", "postgres"))).start();
        try (TestDevices device = new TestDevices(TestBroker.shared().url(), "db-restart-device")) {
            ServiceFixture.registerCraneSite(service.httpPort(), "DR1", "350102", "DR-TC1");
            ServiceFixture.awaitConnected(service);
            long t0 = System.currentTimeMillis() - 7_200_000L;
            double errorsBefore = storeErrors(service);
            for (int i = 0; i < MESSAGES; i++) {
                device.publish("sitewatch/v1/DR1/DR-TC1/telemetry",
                        "{\"ts\":" + (t0 + i * 1000L) + ",\"values\":{\"load_t\":" + (i % 40) * 0.5 + ",\"wind_ms\":3.3}}", 1);
                if (i == MESSAGES / 3) {
                    pg.close();
                    System.out.println("[db-restart-it] database stopped after " + i + " messages");
                }
                if (i == MESSAGES * 2 / 3) {
                    // Down until the service has met it down, and retried (a write failed three times,
                    // the retries backing off), while the messages since the stop wait in the broker.
                    ServiceFixture.await("writes failing and retried while the database is down", Duration.ofSeconds(60),
                            () -> storeErrors(service) >= errorsBefore + 3);
                    pg = startPostgres(dir, data, pgPort);
                    System.out.println("[db-restart-it] database started again after " + i + " messages, "
                            + (long) (storeErrors(service) - errorsBefore) + " failed writes");
                }
            }
            ServiceFixture.awaitQuery("every message stored", Duration.ofSeconds(60),
                    () -> queryLong(jdbcUrl, "SELECT count(*) FROM telemetry") == 2L * MESSAGES);
            assertEquals(MESSAGES, queryLong(jdbcUrl, "SELECT count(DISTINCT ts) FROM telemetry WHERE device_id = 'DR-TC1'"));
            assertTrue(storeErrors(service) > errorsBefore, "writes failed while the database was down and were retried");
        } finally {
            service.close();
            pg.close();
        }
    }

    private static double storeErrors(SiteWatchService service) {
        return service.prometheus().get(IngestMetrics.STORE_ERRORS).counter().count();
    }

    private static EmbeddedPostgres startPostgres(Path dir, Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("runtime").toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }
}

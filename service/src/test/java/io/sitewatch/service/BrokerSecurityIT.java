package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.awaitQuery;
import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.Site;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.registry.RegistryStore;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.TestCertificates;
import io.sitewatch.simulator.mqtt.DevicePublisher;
import io.sitewatch.simulator.mqtt.MqttSettings;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The broker as production runs it (service/deploy/mosquitto/mosquitto.conf, started by
 * {@link TestBroker.Builder#deployment}) with the password file and ACL that
 * {@code sitewatch broker-credentials} wrote from the registry, and a TLS listener whose CA this
 * test made. SiteWatch's consumer connects over TLS with its own account.
 */
class BrokerSecurityIT {

    private static final String SERVICE_USER = "sitewatch-ingest";
    private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis() - 120_000);

    private static Path files;
    private static String db;
    private static TestCertificates ca;
    private static TestBroker broker;
    private static SiteWatchService service;
    /** Every password issued so far, by account. */
    private static final Map<String, String> PASSWORDS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.newDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db);
        ds.setUser(TestPostgres.user());
        Schemas.migrate(ds, "off");
        RegistryStore registry = new RegistryStore(ds);
        for (String site : List.of("S1", "S2")) {
            registry.upsertSite(new Site(site, "测试工地 " + site, "350102", new Enterprise("91350100TEST", "测试建设公司"),
                    "building", null, new BigDecimal("120000000"), "2025-01-01", "2027-01-01", null));
        }
        for (String d : List.of("TC1", "TC2", "TC5", "TC6")) {
            registry.upsertDevice(new Device(d, "S1", "tower_crane", d, 10, null));
        }
        registry.upsertDevice(new Device("TC3", "S2", "tower_crane", "TC3", 10, null));

        // The broker drops root for its own user before it reads its files, as in production.
        files = Files.createTempDirectory("sitewatch-broker-security");
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run first = credentials();
        assertEquals(0, first.status(), first.err());
        assertEquals(Set.of(SERVICE_USER, "TC1", "TC2", "TC3", "TC5", "TC6"), first.issued().keySet());

        ca = TestCertificates.newCa(files.resolve("tls"), "SiteWatch test CA");
        ca.server();
        ca.client("sitewatch-client");
        try (Stream<Path> tls = Files.list(files.resolve("tls"))) {
            for (Path f : tls.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(files.resolve("tls"), PosixFilePermissions.fromString("rwxr-xr-x"));
        broker = TestBroker.builder().deployment(files).directory(files.resolve("run")).start();

        service = new SiteWatchService(ServiceFixture.config(db, broker.tlsUrl(), "broker-security-it", Map.of(
                "mqtt.username", SERVICE_USER, "mqtt.password", PASSWORDS.get(SERVICE_USER),
                "mqtt.tls.caFile", ca.caCertificate().toString()))).start();
        ServiceFixture.awaitConnected(service);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
        // The test's keys and issued passwords go with it.
        if (files != null) {
            try (Stream<Path> all = Files.walk(files)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** What one run of {@code sitewatch broker-credentials} said and issued. */
    record Run(int status, String out, String err, Map<String, String> issued) {
    }

    /** Runs the command as the launcher does, in this JVM, against the test's database and broker folder. */
    private static Run credentials(String... extra) throws Exception {
        Path issued = Files.createTempFile(files, "issued-", ".csv");
        Files.delete(issued);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new java.util.ArrayList<>(List.of("broker-credentials", "--out", files.toString(),
                "--issued", issued.toString(), "--jdbc-url", db, "--db-user", TestPostgres.user()));
        args.addAll(List.of(extra));
        int status = cl.execute(args.toArray(String[]::new));
        Map<String, String> accounts = new HashMap<>();
        if (Files.exists(issued)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(issued)), "new passwords: owner only");
            List<String> lines = Files.readAllLines(issued, StandardCharsets.UTF_8);
            assertEquals("username,site_id,password", lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                String[] cell = line.split(",", -1);
                accounts.put(cell[0], cell[2]);
            }
        }
        PASSWORDS.putAll(accounts);
        return new Run(status, out.toString(), err.toString(), accounts);
    }

    /** A device's connection over MQTT 3.1.1, plain or (with {@code sockets}) TLS. */
    private static MqttClient connect(String url, String user, String password, SocketFactory sockets) throws MqttException {
        MqttClient client = new MqttClient(url, user == null ? "anonymous" : user, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
        }
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        if (sockets != null) {
            o.setSocketFactory(sockets);
        }
        try {
            client.connect(o);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static MqttClient device(String id) throws MqttException {
        return connect(broker.url(), id, PASSWORDS.get(id), null);
    }

    private static String sample(long ts, double load) {
        return "{\"ts\":" + ts + ",\"values\":{\"load_t\":" + load + "}}";
    }

    private static long stored(String device, long ts) throws Exception {
        return queryLong(service, "SELECT count(*) FROM telemetry WHERE device_id = '" + device + "' AND ts = to_timestamp(" + ts + " / 1000.0)");
    }

    private static void awaitStored(String what, String device, long ts) throws InterruptedException {
        awaitQuery(what, Duration.ofSeconds(20), () -> stored(device, ts) == 1);
    }

    @Test
    void theFilesHoldHashesAndOneExactBlockPerDevice() throws Exception {
        String passwords = Files.readString(files.resolve("passwords"));
        for (Map.Entry<String, String> a : PASSWORDS.entrySet()) {
            assertFalse(passwords.contains(a.getValue()), "no password in clear in the password file");
        }
        assertTrue(passwords.lines().allMatch(l -> l.matches("[A-Za-z0-9_-]+:\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}")),
                passwords);
        String acl = Files.readString(files.resolve("acl"));
        assertTrue(acl.contains("\nuser TC1\ntopic write sitewatch/v1/S1/TC1/#\n"), acl);
        assertTrue(acl.contains("\nuser TC3\ntopic write sitewatch/v1/S2/TC3/#\n"), acl);
        assertTrue(acl.contains("\nuser sitewatch-ingest\ntopic read sitewatch/v1/#\n"), acl);
        assertFalse(acl.contains("pattern"), "no pattern: a device's site is named, not matched");
        // Readable by the broker's group only; the broker reads it after dropping root.
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.resolve("passwords"))));
    }

    /**
     * Publishes once at QoS 1 as {@code id} on a connection of its own, and returns once the broker
     * has dealt with the message: it acknowledged it, or it closed the connection after refusing it
     * (Mosquitto 2.0.11 does both for a refused publish: PUBACK, then the connection is closed).
     */
    private static void publishOnce(String id, String topic, String payload) throws MqttException {
        MqttClient c = device(id);
        try {
            c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException e) {
            assertEquals(MqttException.REASON_CODE_CONNECTION_LOST, e.getReasonCode(), "the broker closed the connection: " + e);
        } finally {
            try {
                c.disconnect();
            } catch (MqttException closedByTheBroker) {
                // Already closed, or being closed, by the broker.
            }
            c.close(true);
        }
    }

    /**
     * Device TC1 publishes under TC2's topic and under its own id at another site; the broker
     * refuses both. "Never reaches SiteWatch" is shown with a sentinel: the broker has dealt with
     * TC1's publishes before TC2 publishes, and a message it lets through is queued to the
     * consumer before it is acknowledged, so once TC2's later sample is stored TC1's would be
     * stored or dead-lettered too, had the broker passed them.
     */
    @Test
    void aDeviceCannotPublishUnderAnotherDevicesTopic() throws Exception {
        long own = CLOCK.addAndGet(1000);
        long asOther = CLOCK.addAndGet(1000);
        long otherSite = CLOCK.addAndGet(1000);
        long sentinel = CLOCK.addAndGet(1000);
        String marker = "71.125";
        publishOnce("TC1", "sitewatch/v1/S1/TC1/telemetry", sample(own, 1.5));
        publishOnce("TC1", "sitewatch/v1/S1/TC2/telemetry", sample(asOther, Double.parseDouble(marker)));
        publishOnce("TC1", "sitewatch/v1/S2/TC1/telemetry", sample(otherSite, Double.parseDouble(marker)));
        publishOnce("TC2", "sitewatch/v1/S1/TC2/telemetry", sample(sentinel, 2.5));

        awaitStored("TC2's sentinel stored", "TC2", sentinel);
        assertEquals(1, stored("TC1", own), "TC1 under its own topic is stored");
        assertEquals(0, queryLong(service, "SELECT count(*) FROM telemetry WHERE ts IN (to_timestamp(" + asOther
                + " / 1000.0), to_timestamp(" + otherSite + " / 1000.0))"), "nothing TC1 sent under another topic is stored");
        assertEquals(0, queryLong(service, "SELECT count(*) FROM dead_letter WHERE convert_from(payload, 'UTF8') LIKE '%" + marker + "%'"),
                "nor dead-lettered: it never reached SiteWatch");
    }

    /** Over MQTT 5 the device is told: the broker answers its publish with "not authorized" (0x87). */
    @Test
    void aRefusedPublishIsNotAuthorizedOverMqtt5() throws Exception {
        MqttAsyncClient a = new MqttAsyncClient(broker.url(), "TC1-v5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("TC1");
        o.setPassword(PASSWORDS.get("TC1").getBytes(StandardCharsets.UTF_8));
        a.connect(o).waitForCompletion(10_000);
        int code;
        try {
            IMqttToken refused = a.publish("sitewatch/v1/S1/TC2/telemetry", new MqttMessage(sample(CLOCK.addAndGet(1000), 3)
                    .getBytes(StandardCharsets.UTF_8), 1, false, null));
            try {
                refused.waitForCompletion(10_000);
                code = refused.getReasonCodes()[0];
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                code = e.getReasonCode();
            }
        } finally {
            // Mosquitto closes the connection right after refusing the publish: a disconnect racing
            // that close may never be answered, and is not what this test is about.
            try {
                if (a.isConnected()) {
                    a.disconnect().waitForCompletion(5_000);
                }
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                System.out.println("[broker-security-it] disconnect after the refused publish: " + e.getMessage());
            }
            a.close(true);
        }
        assertEquals(0x87, code, "PUBACK reason code");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        String tc1 = PASSWORDS.get("TC1");
        String tc2 = PASSWORDS.get("TC2");
        for (String[] attempt : new String[][] {{"TC1", tc1 + "x"}, {"TC1", tc2}, {"TC1", null}, {"GHOST", tc1}, {null, null}}) {
            MqttException e = assertThrows(MqttException.class, () -> connect(broker.url(), attempt[0], attempt[1], null),
                    "connect as " + attempt[0]);
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode(),
                    "CONNACK 'not authorized' for " + attempt[0] + ": " + e);
        }
        try (MqttClient right = connect(broker.url(), "TC1", tc1, null)) {
            assertTrue(right.isConnected(), "the right password is accepted");
            right.disconnect();
        }
    }

    /**
     * TLS end to end: SiteWatch's consumer is connected over TLS (this class's service), a device
     * (the simulator's client, trusting the test CA) publishes over TLS and its sample is stored.
     * A client that trusts only the JVM's CAs, or another CA, is refused in the handshake.
     */
    @Test
    void overTlsADeviceAndTheConsumerWorkAndAClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        long ts = CLOCK.addAndGet(1000);
        MqttSettings settings = new MqttSettings(broker.tlsUrl(), 5, null, 100, new MqttSettings.Tls(ca.caCertificate(), null, null),
                Map.of("TC3", PASSWORDS.get("TC3")));
        PahoPublisherFactory sim = new PahoPublisherFactory(settings);
        try (DevicePublisher tc3 = sim.connect("TC3", null, null)) {
            tc3.publish("sitewatch/v1/S2/TC3/telemetry", sample(ts, 4.5).getBytes(StandardCharsets.UTF_8), 1, false);
            tc3.drain(10_000);
        }
        assertEquals(0, sim.counters().errorCount(), "the simulator's publish over TLS was acknowledged");
        awaitStored("TC3's sample over TLS stored", "TC3", ts);

        MqttException untrusted = assertThrows(MqttException.class,
                () -> connect(broker.tlsUrl(), "TC3", PASSWORDS.get("TC3"), javax.net.ssl.SSLSocketFactory.getDefault()));
        assertInstanceOf(SSLException.class, untrusted.getCause(), "refused in the TLS handshake: " + untrusted);

        TestCertificates other = TestCertificates.newCa(files.resolve("other-ca"), "Some other CA");
        MqttSettings otherTrust = new MqttSettings(broker.tlsUrl(), 3, null, 100,
                new MqttSettings.Tls(other.caCertificate(), null, null), Map.of("TC3", PASSWORDS.get("TC3")));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new PahoPublisherFactory(otherTrust).connect("TC3", null, null));
        assertTrue(Stream.iterate((Throwable) refused, t -> t != null, Throwable::getCause).anyMatch(SSLException.class::isInstance),
                "a client trusting another CA is refused in the handshake: " + refused);
    }

    /**
     * Devices change: a new device gets an account, one is given a new password, one removed from
     * the registry loses its account, and every other password stays as it was. After SIGHUP
     * (the command's --reload-pid-file) the broker goes by the new files: the new device publishes,
     * the old password is refused, the removed device is refused.
     */
    @Test
    void runAgainTheCommandFollowsTheRegistryAndTheBrokerReloads() throws Exception {
        ServiceFixture.expect(200, ServiceFixture.http(service.httpPort(), "PUT", "/api/v1/devices/TC4", ServiceFixture.ADMIN,
                "{\"siteId\":\"S1\",\"kind\":\"tower_crane\",\"name\":\"TC4\",\"periodS\":10}"));
        try (Connection c = service.database().pool().getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM device WHERE device_id = 'TC6'");
        }
        String tc1Before = line(Files.readString(files.resolve("passwords")), "TC1");
        double lossesBefore = connectionLosses();
        String oldTc5 = PASSWORDS.get("TC5");
        String tc6 = PASSWORDS.get("TC6");
        try (MqttClient stillConnected = device("TC6")) {
            Path pid = files.resolve("mosquitto.pid");
            Files.writeString(pid, Long.toString(broker.pid()));

            Run again = credentials("--reissue", "TC5", "--reload-pid-file", pid.toString());

            assertEquals(0, again.status(), again.err());
            assertEquals(Set.of("TC4", "TC5"), again.issued().keySet(), "only the new device and the reissued one: " + again.out());
            assertNotEquals(oldTc5, again.issued().get("TC5"));
            assertTrue(again.out().contains("revoked: TC6"), again.out());
            assertTrue(again.out().contains("(SIGHUP)"), again.out());
            String passwords = Files.readString(files.resolve("passwords"));
            assertEquals(tc1Before, line(passwords, "TC1"), "TC1's hash carried over: its password still works");
            assertFalse(passwords.contains("TC6:"));
            assertTrue(Files.readString(files.resolve("acl")).contains("\nuser TC4\ntopic write sitewatch/v1/S1/TC4/#\n"));

            // The broker applies the signal in its own loop: the removed account is disconnected.
            Await.until("TC6 disconnected by the reload", Duration.ofSeconds(10), () -> !stillConnected.isConnected());
        }
        awaitQuery("TC4 accepted after the reload", Duration.ofSeconds(10), () -> {
            try (MqttClient tc4 = device("TC4")) {
                long ts = CLOCK.addAndGet(1000);
                tc4.publish("sitewatch/v1/S1/TC4/telemetry", sample(ts, 5.5).getBytes(StandardCharsets.UTF_8), 1, false);
                tc4.disconnect();
                awaitStored("TC4's sample stored", "TC4", ts);
                return true;
            }
        });
        assertEquals(lossesBefore, connectionLosses(), "SiteWatch's own connection survived the reload");
        for (String[] refused : new String[][] {{"TC5", oldTc5}, {"TC6", tc6}}) {
            MqttException e = assertThrows(MqttException.class, () -> connect(broker.url(), refused[0], refused[1], null));
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode(), refused[0] + ": " + e);
        }
        try (MqttClient tc5 = device("TC5"); MqttClient tc1 = device("TC1")) {
            assertTrue(tc5.isConnected() && tc1.isConnected(), "TC5's new password and TC1's unchanged one work");
            tc5.disconnect();
            tc1.disconnect();
        }
    }

    private static double connectionLosses() {
        return service.prometheus().get(IngestMetrics.CONNECTION_LOSSES).counter().count();
    }

    /**
     * The TLS listener with {@code require_certificate true}: SiteWatch's consumer shows its client
     * certificate ({@code mqtt.tls.certFile}/{@code keyFile}) and connects, a device showing one
     * through the simulator ({@code --tls-cert}/{@code --tls-key}) publishes, and a device without
     * one is refused although its password is right.
     */
    @Test
    void aBrokerThatRequiresClientCertificatesTakesOnlyClientsThatShowOne() throws Exception {
        ca.client("TC3");
        try (TestBroker strict = TestBroker.builder().deployment(files).requireClientCertificate()
                .directory(files.resolve("run-client-certificates")).start()) {
            try (SiteWatchService second = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), strict.tlsUrl(),
                    "broker-security-it-certificate", Map.of("mqtt.username", SERVICE_USER, "mqtt.password", PASSWORDS.get(SERVICE_USER),
                            "mqtt.tls.caFile", ca.caCertificate().toString(),
                            "mqtt.tls.certFile", ca.certificate("sitewatch-client").toString(),
                            "mqtt.tls.keyFile", ca.key("sitewatch-client").toString()))).start()) {
                ServiceFixture.awaitConnected(second);
            }
            Map<String, String> tc3 = Map.of("TC3", PASSWORDS.get("TC3"));
            PahoPublisherFactory withCertificate = new PahoPublisherFactory(new MqttSettings(strict.tlsUrl(), 3, null, 100,
                    new MqttSettings.Tls(ca.caCertificate(), ca.certificate("TC3"), ca.key("TC3")), tc3));
            try (DevicePublisher device = withCertificate.connect("TC3", null, null)) {
                device.publish("sitewatch/v1/S2/TC3/telemetry", sample(CLOCK.addAndGet(1000), 6.5).getBytes(StandardCharsets.UTF_8), 1, false);
                device.drain(10_000);
            }
            assertEquals(1, withCertificate.counters().ackedCount(), "acknowledged over TLS with a client certificate");
            PahoPublisherFactory without = new PahoPublisherFactory(new MqttSettings(strict.tlsUrl(), 3, null, 100,
                    new MqttSettings.Tls(ca.caCertificate(), null, null), tc3));
            assertThrows(IllegalStateException.class, () -> without.connect("TC3", null, null), "no client certificate: refused");
        }
    }

    @Test
    void aReissueOfAnAccountThatDoesNotExistChangesNothing() throws Exception {
        String before = Files.readString(files.resolve("passwords"));
        Run refused = credentials("--reissue", "NO-SUCH-DEVICE");
        assertEquals(BrokerCredentialsCommand.REFUSED, refused.status());
        assertTrue(refused.err().contains("'NO-SUCH-DEVICE'"), refused.err());
        assertTrue(refused.issued().isEmpty());
        assertEquals(before, Files.readString(files.resolve("passwords")));
    }

    private static String line(String file, String user) {
        return file.lines().filter(l -> l.startsWith(user + ":")).findFirst().orElseThrow();
    }

}

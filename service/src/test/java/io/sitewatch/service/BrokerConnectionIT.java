package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.awaitQuery;
import static io.sitewatch.service.testsupport.ServiceFixture.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The consumer is thrown off the broker again and again and is "connected" most of the time in
 * between, as with a Mosquitto past its memory_limit (docs/broker.md). Here the broker throws it
 * off because another client takes over its client id. Each loss is counted in
 * {@code sitewatch_mqtt_connection_losses_total}, which an alert watches because the connected
 * gauge alone looks healthy. After every loss the consumer is back by itself and still ingests.
 */
class BrokerConnectionIT {

    private static final String CLIENT_ID = "broker-connection-it";

    @Test
    void everyLostConnectionIsCountedAndTheConsumerComesBack() throws Exception {
        String broker = TestBroker.shared().url();
        SiteWatchService service = new SiteWatchService(ServiceFixture.config(TestPostgres.newDatabase(), broker,
                CLIENT_ID, Map.of())).start();
        try (TestDevices device = new TestDevices(broker, "broker-connection-device")) {
            ServiceFixture.registerCraneSite(service.httpPort(), "BC1", "350102", "BC-TC1");
            for (int round = 1; round <= 3; round++) {
                ServiceFixture.awaitConnected(service);
                takeOverOnce(broker);
                int lost = round;
                ServiceFixture.await("connection loss " + round + " counted", Duration.ofSeconds(20),
                        () -> losses(service) >= lost);
            }
            ServiceFixture.awaitConnected(service);
            assertEquals(3.0, losses(service), "one loss per takeover, none for the reconnects");
            assertTrue(service.prometheus().scrape().contains("sitewatch_mqtt_connection_losses_total 3.0"),
                    "exported on /metrics");

            long ts = System.currentTimeMillis() - 60_000L;
            device.publish("sitewatch/v1/BC1/BC-TC1/telemetry", "{\"ts\":" + ts + ",\"values\":{\"load_t\":2.5}}", 1);
            awaitQuery("the sample after the losses stored", Duration.ofSeconds(30),
                    () -> queryLong(service, "SELECT count(*) FROM telemetry WHERE device_id = 'BC-TC1'") == 1);
        } finally {
            service.close();
        }
    }

    /** Connects once with the consumer's client id (the broker drops the consumer), then leaves. */
    private static void takeOverOnce(String broker) throws MqttException {
        MqttClient intruder = new MqttClient(broker, CLIENT_ID, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        intruder.connect(o);
        try {
            if (intruder.isConnected()) {
                intruder.disconnect();
            }
        } catch (MqttException e) {
            // the consumer, reconnecting, took its client id back first
        } finally {
            intruder.close(true);
        }
    }

    private static double losses(SiteWatchService service) {
        return service.prometheus().get(IngestMetrics.CONNECTION_LOSSES).counter().count();
    }
}

package io.sitewatch.simulator.load;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.mqtt.MqttSettings;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import io.sitewatch.simulator.run.FleetRunner;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load mode and fleet mode against a real Mosquitto: what is reported sent/acked really arrived. */
@Timeout(120)
class LoadGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void qos1LoadIsCountedExactlyAndEveryMessageArrives() throws Exception {
        try (TestBroker broker = TestBroker.builder().directory(dir).start(); Counter counter = new Counter(broker.url(), "sitewatch/v1/#")) {
            LoadSpec spec = new LoadSpec(50, 4000, 1, Duration.ofSeconds(2), 2, "LT", "tower_crane", 1);
            List<String> progress = new ArrayList<>();
            LoadReport report = new LoadGenerator(spec, new PahoPublisherFactory(MqttSettings.of(broker.url(), 5)))
                    .run(progress::add);
            counter.awaitAtLeast(report.sent(), 20_000);
            assertEquals(0, report.errors());
            assertEquals(report.sent(), report.acked());
            assertEquals(report.sent(), counter.count.get(), "broker delivered every acknowledged message");
            assertTrue(report.sent() > 4000 && report.sent() <= 8000 + 2, "paced at ~4000/s for 2 s: " + report.sent());
            assertTrue(progress.size() >= 1, "progress printed every second");
            assertTrue(report.line().matches("LOAD-REPORT sent=\\d+ acked=\\d+ errors=0 seconds=[0-9.]+ rate=\\d+ qos=1"), report.line());
            assertEquals(50, counter.topics.size(), "all simulated devices published");
        }
    }

    @Test
    void qos0OverMqtt311IsCountedToo() throws Exception {
        try (TestBroker broker = TestBroker.builder().directory(dir).start(); Counter counter = new Counter(broker.url(), "sitewatch/v1/#")) {
            LoadSpec spec = new LoadSpec(10, 2000, 0, Duration.ofSeconds(1), 1, "LQ", "env", 1);
            LoadReport report = new LoadGenerator(spec, new PahoPublisherFactory(MqttSettings.of(broker.url(), 3)))
                    .run(line -> { });
            counter.awaitAtLeast(report.sent(), 10_000);
            assertEquals(0, report.errors());
            assertEquals(report.sent(), report.acked());
            assertEquals(report.sent(), counter.count.get());
        }
    }

    @Test
    void fleetDevicesConnectAsThemselvesWithRetainedStatus() throws Exception {
        try (TestBroker broker = TestBroker.builder().directory(dir).start()) {
            var fleet = Fleet.demo().only("XM-SM-001");
            long start = 1_780_000_000_000L;
            var factory = new PahoPublisherFactory(MqttSettings.of(broker.url(), 5));
            FleetRunner runner = new FleetRunner(fleet, 1, Disturbances.NONE, List.of(), factory, start,
                    start + 600_000, 0, 1);
            try (Counter live = new Counter(broker.url(), "sitewatch/v1/XM-SM-001/+/telemetry")) {
                runner.run();
                assertEquals(0, factory.counters().errorCount(), String.valueOf(factory.counters().lastError()));
                assertEquals(factory.counters().sentCount(), factory.counters().ackedCount());
                live.awaitAtLeast(1, 5_000);
                assertTrue(live.topics.size() == fleet.deviceCount(), "every device published telemetry");
            }
            // After the run the retained status of each device says offline, with the run's time.
            try (Counter status = new Counter(broker.url(), "sitewatch/v1/XM-SM-001/+/status")) {
                status.awaitAtLeast(fleet.deviceCount(), 5_000);
                status.last.values().forEach(p -> assertTrue(p.startsWith("{\"online\":false,\"ts\":"), p));
            }
        }
    }

    /**
     * Subscribes at QoS 1 and counts. To know that nothing more is on its way it publishes a
     * sentinel on a topic of its own and waits for it: the broker handles what was acknowledged to
     * the publishers before the sentinel, so their messages reach this client ahead of it.
     */
    private static final class Counter implements AutoCloseable {
        final AtomicLong count = new AtomicLong();
        final Map<String, String> last = new ConcurrentHashMap<>();
        final Map<String, Boolean> topics = new ConcurrentHashMap<>();
        private final MqttClient client;
        private final String sentinelTopic;
        private final AtomicLong sentinelsSeen = new AtomicLong();
        private long sentinelsSent;

        Counter(String url, String filter) throws Exception {
            String id = "counter-" + System.nanoTime();
            client = new MqttClient(url, id, new MemoryPersistence());
            sentinelTopic = "sitewatch-test/sentinel/" + id;
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1000);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (topic.equals(sentinelTopic)) {
                        sentinelsSeen.incrementAndGet();
                        return;
                    }
                    count.incrementAndGet();
                    topics.put(topic, true);
                    last.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            client.connect(o);
            client.subscribe(new String[] {filter, sentinelTopic}, new int[] {1, 1});
        }

        /** Waits until {@code n} messages arrived, then until a sentinel sent after them is back: anything beyond n would be a duplicate. */
        void awaitAtLeast(long n, long timeoutMs) throws Exception {
            Await.until(n + " messages", Duration.ofMillis(timeoutMs), () -> count.get() >= n);
            long sentinel = ++sentinelsSent;
            client.publish(sentinelTopic, ("sentinel " + sentinel).getBytes(StandardCharsets.UTF_8), 1, false);
            Await.until("the sentinel published after " + n + " messages", Duration.ofMillis(timeoutMs),
                    () -> sentinelsSeen.get() >= sentinel);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }
}

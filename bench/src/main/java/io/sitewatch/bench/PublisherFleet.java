package io.sitewatch.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of the benchmark: {@code connections} Vert.x MQTT clients (TCP_NODELAY), each
 * publishing QoS 1 crane telemetry for its share of the devices, round-robin, with at most
 * {@code window} unacknowledged publishes per connection (the next publish goes out when a PUBACK
 * comes back). Without a rate this runs as fast as the broker acknowledges; with one, the fleet
 * is paced to that many messages per second in total.
 *
 * <p>"Acknowledged" is the broker's PUBACK to the publisher: the broker owns the message from then
 * on, and the benchmark counts it as sent.
 */
final class PublisherFleet {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherFleet.class);

    private final Vertx vertx;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong firstPublishMs = new AtomicLong();
    private final AtomicLong lastAckMs = new AtomicLong();
    private volatile boolean running;
    private volatile boolean paused;

    PublisherFleet(Vertx vertx, Fleet fleet, int connectionCount, int window, double ratePerSecond) {
        this.vertx = vertx;
        for (int c = 0; c < connectionCount; c++) {
            List<CraneTelemetry> devices = new ArrayList<>();
            for (int d = c; d < fleet.devices().size(); d += connectionCount) {
                Fleet.Device dev = fleet.devices().get(d);
                devices.add(new CraneTelemetry(dev.siteId(), dev.deviceId(), d * 7919));
            }
            if (!devices.isEmpty()) {
                connections.add(new Connection("bench-pub-" + c, devices, window));
            }
        }
        double perConnection = ratePerSecond <= 0 ? 0 : ratePerSecond / connections.size();
        connections.forEach(c -> c.ratePerMs = perConnection / 1000.0);
    }

    /** Connects every publisher; none publishes yet. */
    void connect(int port) throws Exception {
        List<Future<?>> all = new ArrayList<>();
        for (Connection c : connections) {
            all.add(c.connect(port));
        }
        Future.all(all).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void start() {
        running = true;
        for (Connection c : connections) {
            c.context.runOnContext(v -> c.begin());
        }
    }

    /** Publishes nothing new until {@link #resume()}; what is in flight still completes. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        for (Connection c : connections) {
            c.context.runOnContext(v -> c.fill());
        }
    }

    boolean paused() {
        return paused;
    }

    /** Stops publishing and waits until every publish in flight is acknowledged (or the timeout passes). */
    void stop(long timeoutMs) throws InterruptedException {
        running = false;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (inFlight() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        if (inFlight() > 0) {
            LOG.warn("{} publishes still unacknowledged after {} ms", inFlight(), timeoutMs);
        }
    }

    void close() {
        List<Future<?>> all = new ArrayList<>();
        for (Connection c : connections) {
            Promise<Void> p = Promise.promise();
            c.context.runOnContext(v -> c.client.disconnect().onComplete(ar -> p.tryComplete()));
            all.add(p.future());
        }
        try {
            Future.all(all).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("disconnect: {}", e.toString());
        }
    }

    long acknowledged() {
        long n = 0;
        for (Connection c : connections) {
            n += c.acked;
        }
        return n;
    }

    long failed() {
        long n = 0;
        for (Connection c : connections) {
            n += c.failed;
        }
        return n;
    }

    long inFlight() {
        long n = 0;
        for (Connection c : connections) {
            n += c.inFlight;
        }
        return n;
    }

    long firstPublishMs() {
        return firstPublishMs.get();
    }

    long lastAckMs() {
        return lastAckMs.get();
    }

    int connectionCount() {
        return connections.size();
    }

    private final class Connection {
        final String clientId;
        final List<CraneTelemetry> devices;
        final int window;
        MqttClient client;
        Context context;
        double ratePerMs;
        double permits;
        long lastRefillMs;
        int next;
        volatile int inFlight;
        volatile long acked;
        volatile long failed;

        Connection(String clientId, List<CraneTelemetry> devices, int window) {
            this.clientId = clientId;
            this.devices = devices;
            this.window = window;
        }

        Future<?> connect(int port) {
            context = vertx.getOrCreateContext();
            Promise<Void> connected = Promise.promise();
            context.runOnContext(v -> {
                MqttClientOptions options = new MqttClientOptions()
                        .setClientId(clientId)
                        .setCleanSession(true)
                        .setKeepAliveInterval(60)
                        .setMaxInflightQueue(window);
                options.setTcpNoDelay(true);
                client = MqttClient.create(vertx, options);
                client.publishCompletionHandler(id -> onAck());
                client.closeHandler(x -> {
                    if (running) {
                        LOG.warn("publisher {} lost its connection", clientId);
                    }
                });
                client.connect(port, "127.0.0.1").<Void>mapEmpty().onComplete(connected);
            });
            return connected.future();
        }

        void begin() {
            firstPublishMs.compareAndSet(0, System.currentTimeMillis());
            lastRefillMs = System.currentTimeMillis();
            if (ratePerMs > 0) {
                vertx.setPeriodic(5, id -> {
                    if (!running) {
                        vertx.cancelTimer(id);
                        return;
                    }
                    fill();
                });
            }
            fill();
        }

        void onAck() {
            inFlight--;
            acked++;
            lastAckMs.set(System.currentTimeMillis());
            fill();
        }

        void fill() {
            if (!running || paused) {
                return;
            }
            long now = System.currentTimeMillis();
            if (ratePerMs > 0) {
                permits = Math.min(permits + (now - lastRefillMs) * ratePerMs, window);
                lastRefillMs = now;
            }
            while (inFlight < window && (ratePerMs <= 0 || permits >= 1)) {
                CraneTelemetry device = devices.get(next);
                next = next + 1 == devices.size() ? 0 : next + 1;
                inFlight++;
                permits--;
                client.publish(device.topic(), Buffer.buffer(device.next(now)), MqttQoS.AT_LEAST_ONCE, false, false)
                        .onFailure(err -> {
                            inFlight--;
                            failed++;
                            if (failed == 1) {
                                LOG.warn("publish failed on {}: {}", clientId, err.toString());
                            }
                        });
            }
        }
    }
}

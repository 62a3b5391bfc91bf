package io.sitewatch.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishers that behave as a real device does when its broker goes away: QoS 1, a persistent
 * session (clean session false), every publish kept until its PUBACK arrives, and on reconnect
 * everything unacknowledged sent again (same payload, same ts) before anything new. Only a PUBACK
 * counts a message as acknowledged ({@link FaultStream#acked}).
 *
 * <p>Each connection serves a schedule of streams round-robin, paced to its share of the rate,
 * with at most {@code window} publishes unacknowledged. A probe connection has window 1: the four
 * samples of an overload sequence reach the broker in order even across a broker restart.
 */
final class ReliablePublishers {

    private static final Logger LOG = LoggerFactory.getLogger(ReliablePublishers.class);

    private final Vertx vertx;
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong unknownAcks = new AtomicLong();
    private volatile int port;
    private volatile boolean running;

    ReliablePublishers(Vertx vertx) {
        this.vertx = vertx;
    }

    /** A connection publishing {@code schedule} round-robin at {@code ratePerSecond} (0 = as fast as the window allows). */
    void add(String clientId, List<FaultStream> schedule, int window, double ratePerSecond) {
        conns.add(new Conn(clientId, schedule, window, ratePerSecond / 1000.0));
    }

    void start(int brokerPort) {
        this.port = brokerPort;
        running = true;
        for (Conn c : conns) {
            c.context = vertx.getOrCreateContext();
            c.context.runOnContext(v -> {
                c.lastRefillMs = System.currentTimeMillis();
                c.connect();
                // Until close: after the run a probe still finishes its sequence, resends still go out.
                vertx.setPeriodic(5, id -> {
                    if (c.closing) {
                        vertx.cancelTimer(id);
                        return;
                    }
                    c.fill();
                });
            });
        }
    }

    /** Publishes nothing new; what is unacknowledged is still sent again until acknowledged. */
    void stopPublishing() {
        running = false;
    }

    /** Messages created and not yet acknowledged (in flight or waiting to be sent again). */
    long unacknowledged() {
        long n = 0;
        for (Conn c : conns) {
            n += c.unacked;
        }
        return n;
    }

    /** Nothing unacknowledged, and every probe at the end of an overload sequence. */
    boolean settled() {
        if (unacknowledged() > 0) {
            return false;
        }
        for (Conn c : conns) {
            for (FaultStream s : c.schedule) {
                if (s.kind == FaultStream.Kind.PROBE && s.published() % FaultStream.PROBE_SEQUENCE != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    long reconnects() {
        return reconnects.get();
    }

    /** PUBACKs for no message waiting on that packet id (ignored). */
    long unknownAcks() {
        return unknownAcks.get();
    }

    long resent() {
        return resent.get();
    }

    void close() {
        for (Conn c : conns) {
            c.context.runOnContext(v -> {
                c.closing = true;
                if (c.client != null) {
                    c.client.disconnect();
                }
            });
        }
    }

    private record Pending(FaultStream stream, int seq) {
    }

    private final class Conn {
        final String clientId;
        final List<FaultStream> schedule;
        final int window;
        final double ratePerMs;
        Context context;
        MqttClient client;
        int generation;
        boolean connected;
        boolean connecting;
        boolean closing;
        double permits;
        long lastRefillMs;
        int next;
        volatile int unacked;
        /** Sent on the current connection, by packet id, in sending order. */
        final Map<Integer, Pending> inFlight = new LinkedHashMap<>();
        int failures;
        /** Unacknowledged when the connection was lost, or whose publish failed: sent first on reconnect. */
        final ArrayDeque<Pending> resend = new ArrayDeque<>();
        int sending;
        /** After a failed publish (the connection is going, its close not yet seen): wait before the next. */
        long retryAfterMs;

        Conn(String clientId, List<FaultStream> schedule, int window, double ratePerMs) {
            this.clientId = clientId;
            this.schedule = schedule;
            this.window = window;
            this.ratePerMs = ratePerMs;
        }

        void connect() {
            if (connecting || closing) {
                return;
            }
            connecting = true;
            int gen = ++generation;
            MqttClientOptions options = new MqttClientOptions()
                    .setClientId(clientId)
                    .setCleanSession(false)
                    .setKeepAliveInterval(30)
                    .setMaxInflightQueue(Math.max(window * 4, 100));
            options.setTcpNoDelay(true);
            options.setConnectTimeout(2000);
            MqttClient c = MqttClient.create(vertx, options);
            c.publishCompletionHandler(id -> {
                if (gen == generation) {
                    onAck(id);
                }
            });
            c.closeHandler(x -> {
                if (gen == generation) {
                    lost();
                }
            });
            c.connect(port, "127.0.0.1").onComplete(ar -> {
                connecting = false;
                if (gen != generation) {
                    return;
                }
                if (ar.succeeded()) {
                    client = c;
                    connected = true;
                    lastRefillMs = System.currentTimeMillis();
                    fill();
                } else {
                    vertx.setTimer(250, t -> connect());
                }
            });
        }

        void lost() {
            if (!connected) {
                return;
            }
            connected = false;
            generation++;
            reconnects.incrementAndGet();
            // Oldest first, ahead of whatever already waits to be resent.
            List<Pending> back = new ArrayList<>(inFlight.values());
            for (int i = back.size() - 1; i >= 0; i--) {
                resend.addFirst(back.get(i));
            }
            inFlight.clear();
            failures = 0;
            sending = 0;
            if (!closing) {
                vertx.setTimer(250, t -> connect());
            }
        }

        void onAck(int id) {
            Pending p = inFlight.remove(id);
            if (p == null) {
                // No message of ours waits for this id: counting it would call something acknowledged
                // that was not.
                unknownAcks.incrementAndGet();
                return;
            }
            p.stream().acked(p.seq());
            unacked--;
            fill();
        }

        void fill() {
            if (!connected) {
                return;
            }
            long now = System.currentTimeMillis();
            if (ratePerMs > 0) {
                permits = Math.min(permits + (now - lastRefillMs) * ratePerMs, Math.max(window, 1));
                lastRefillMs = now;
            }
            while (connected && inFlight.size() + sending < window && System.currentTimeMillis() >= retryAfterMs) {
                Pending p;
                if (!resend.isEmpty()) {
                    p = resend.pollFirst();
                    resent.incrementAndGet();
                } else {
                    if (!mayCreate() || (ratePerMs > 0 && permits < 1)) {
                        return;
                    }
                    permits--;
                    FaultStream s = schedule.get(next);
                    next = next + 1 == schedule.size() ? 0 : next + 1;
                    p = new Pending(s, s.next(now));
                    unacked++;
                }
                send(p);
            }
        }

        /** New messages while running; after that a probe still finishes its overload sequence. */
        boolean mayCreate() {
            if (running) {
                return true;
            }
            FaultStream s = schedule.get(next);
            return s.kind == FaultStream.Kind.PROBE && s.published() % FaultStream.PROBE_SEQUENCE != 0;
        }

        void send(Pending p) {
            int gen = generation;
            sending++;
            client.publish(p.stream().topic, Buffer.buffer(p.stream().payload(p.seq())), MqttQoS.AT_LEAST_ONCE, false,
                    p.stream().retained()).onComplete(ar -> {
                if (gen != generation) {
                    // The connection went while this was being written: lost() has no record of
                    // it, so it goes back to the resend queue here.
                    resend.addLast(p);
                    return;
                }
                sending--;
                if (ar.failed()) {
                    // A publish can fail at once, inside fill(): without a pause fill() would take
                    // it again in the same loop and never let the close handler run.
                    resend.addFirst(p);
                    retryAfterMs = System.currentTimeMillis() + 100;
                    LOG.debug("publish on {} failed: {}", clientId, ar.cause().toString());
                    if (++failures >= 20 && connected) {
                        // The client refuses every publish (its own in-flight count says full while
                        // ours does not): start a new connection, everything unacknowledged is resent.
                        LOG.warn("publisher {}: {} publishes failed in a row ({}); reconnecting", clientId, failures,
                                ar.cause().getMessage());
                        MqttClient old = client;
                        lost();
                        old.disconnect();
                    }
                    return;
                }
                failures = 0;
                inFlight.put(ar.result(), p);
            });
        }
    }
}

package io.sitewatch.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Counting subscriber on the Vert.x MQTT client (MQTT 3.1.1), configured like the service's
 * consumer (TCP_NODELAY, 1 MiB receive buffer), on a Vert.x instance of its own so that it does
 * not share an event loop with the publishers. The client acknowledges each message when the
 * handler returns. With more than one connection, the connections share one subscription
 * ({@code $share/bench-relay/…}) and one event loop, so the counters need no locking.
 */
final class VertxRelaySubscriber implements RelaySubscriber {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final int connections;
    private final List<MqttClient> clients = new ArrayList<>();
    private volatile long received;
    private volatile long first;
    private volatile long last;

    VertxRelaySubscriber(int connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "vertx-mqtt " + MqttClient.class.getPackage().getImplementationVersion()
                + (connections == 1 ? "" : ", " + connections + " connections in a shared subscription");
    }

    @Override
    public void connect(int port) throws Exception {
        String filter = connections == 1 ? FILTER : "$share/bench-relay/" + FILTER;
        List<CompletableFuture<Integer>> subscribed = new ArrayList<>();
        for (int i = 1; i <= connections; i++) {
            MqttClientOptions options = new MqttClientOptions()
                    .setClientId(connections == 1 ? "bench-relay-vertx" : "bench-relay-vertx-" + i)
                    .setCleanSession(true)
                    .setKeepAliveInterval(60)
                    .setMaxMessageSize(1 << 20)
                    .setReceiveBufferSize(1 << 20);
            options.setTcpNoDelay(true);
            options.setAutoAck(true);
            CompletableFuture<Integer> done = new CompletableFuture<>();
            subscribed.add(done);
            vertx.runOnContext(v -> {
                MqttClient client = MqttClient.create(vertx, options);
                clients.add(client);
                client.publishHandler(m -> count());
                client.connect(port, "127.0.0.1")
                        .compose(ack -> client.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value()))
                        .onSuccess(done::complete)
                        .onFailure(done::completeExceptionally);
            });
        }
        CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    private void count() {
        long now = System.currentTimeMillis();
        if (received == 0) {
            first = now;
        }
        last = now;
        received++;
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public long firstReceiveMs() {
        return first;
    }

    @Override
    public long lastReceiveMs() {
        return last;
    }

    @Override
    public void close() {
        for (MqttClient client : clients) {
            try {
                client.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        vertx.close();
    }
}

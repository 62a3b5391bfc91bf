package io.sitewatch.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.concurrent.TimeUnit;

/**
 * Counting subscriber on the Vert.x MQTT client (MQTT 3.1.1), configured like the service's
 * consumer (TCP_NODELAY, 1 MiB receive buffer), on a Vert.x instance of its own so that it does
 * not share an event loop with the publishers. The client acknowledges each message when the
 * handler returns.
 */
final class VertxRelaySubscriber implements RelaySubscriber {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private MqttClient client;
    private volatile long received;
    private volatile long first;
    private volatile long last;

    @Override
    public String name() {
        return "vertx-mqtt " + MqttClient.class.getPackage().getImplementationVersion();
    }

    @Override
    public void connect(int port) throws Exception {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId("bench-relay-vertx")
                .setCleanSession(true)
                .setKeepAliveInterval(60)
                .setMaxMessageSize(1 << 20)
                .setReceiveBufferSize(1 << 20);
        options.setTcpNoDelay(true);
        options.setAutoAck(true);
        java.util.concurrent.CompletableFuture<Integer> subscribed = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> {
            client = MqttClient.create(vertx, options);
            client.publishHandler(m -> {
                long now = System.currentTimeMillis();
                if (received == 0) {
                    first = now;
                }
                last = now;
                received++;
            });
            client.connect(port, "127.0.0.1")
                    .compose(ack -> client.subscribe(FILTER, MqttQoS.AT_LEAST_ONCE.value()))
                    .onSuccess(subscribed::complete)
                    .onFailure(subscribed::completeExceptionally);
        });
        subscribed.get(10, TimeUnit.SECONDS);
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
        try {
            client.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        vertx.close();
    }
}

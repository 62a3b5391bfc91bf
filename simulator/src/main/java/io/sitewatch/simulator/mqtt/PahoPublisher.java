package io.sitewatch.simulator.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttActionListener;

import javax.net.SocketFactory;

/**
 * What a device session is, whichever Paho client carries it (MQTT 3.1.1 or 5): the connection it
 * opens (user name = client id, clean start, keep-alive, Paho's automatic reconnect with its
 * backoff, TCP_NODELAY, a retained last will), the in-flight window and the publish accounting.
 * A subclass only translates that into its client's own types.
 */
abstract class PahoPublisher implements DevicePublisher {
    static final long CONNECT_TIMEOUT_MS = 15_000;
    static final int KEEP_ALIVE_S = 30;
    static final boolean CLEAN_START = true;
    /** Lost connections are re-established by Paho itself, backing off from 1 s to 2 min. */
    static final boolean AUTOMATIC_RECONNECT = true;
    static final int WILL_QOS = 1;
    static final boolean WILL_RETAINED = true;
    private static final long DISCONNECT_TIMEOUT_MS = 5_000;

    private final PublishCounters counters;
    private final InflightWindow window;
    /** What either client calls when a publish is done. */
    final Completion completion = new Completion();

    PahoPublisher(PublishCounters counters, int windowSize) {
        this.counters = counters;
        this.window = new InflightWindow(windowSize);
    }

    /** Plain or TLS sockets as the URL says; one factory serves every connection of a run. */
    static SocketFactory socketFactory(MqttSettings settings) {
        return settings.secure() ? TlsSocketFactory.of(settings.tls()) : new NoDelaySocketFactory();
    }

    static IllegalStateException cannotConnect(MqttSettings settings, String clientId, Exception e) {
        return new IllegalStateException("cannot connect " + clientId + " to " + settings.url() + ": " + e, e);
    }

    /** Hands the publish to the client, which calls {@link #completion} when it is done. */
    abstract void send(String topic, byte[] payload, int qos, boolean retained) throws Exception;

    /** Disconnects if connected, waiting up to {@code timeoutMs}, then releases the client. */
    abstract void disconnect(long timeoutMs) throws Exception;

    /**
     * The publish callback of both clients, whose listener interfaces differ only in their token
     * type: a publish acknowledged (QoS 1) or written (QoS 0) counts as acked, a failure as an error.
     */
    final class Completion implements IMqttActionListener, MqttActionListener {
        @Override
        public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
            done(null);
        }

        @Override
        public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            done(null);
        }

        @Override
        public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable failure) {
            done(failure);
        }

        @Override
        public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable failure) {
            done(failure);
        }

        private void done(Throwable failure) {
            if (failure == null) {
                counters.acked();
            } else {
                counters.error(String.valueOf(failure));
            }
            window.release();
        }
    }

    @Override
    public final void publish(String topic, byte[] payload, int qos, boolean retained) {
        window.acquire();
        try {
            send(topic, payload, qos, retained);
            counters.sent();
        } catch (Exception e) {
            counters.error(e.toString());
            window.release();
        }
    }

    @Override
    public final void drain(long timeoutMs) {
        window.awaitEmpty(timeoutMs);
    }

    @Override
    public final void close() {
        try {
            disconnect(DISCONNECT_TIMEOUT_MS);
        } catch (Exception e) {
            counters.error("close: " + e);
        }
    }
}

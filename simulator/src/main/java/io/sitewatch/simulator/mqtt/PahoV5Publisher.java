package io.sitewatch.simulator.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;

/** A device session over MQTT 5 (Paho mqttv5 client). */
final class PahoV5Publisher implements DevicePublisher {
    private static final long CONNECT_TIMEOUT_MS = 15_000;

    private final MqttAsyncClient client;
    private final PublishCounters counters;
    private final InflightWindow window;
    private final MqttActionListener completion;

    private PahoV5Publisher(MqttAsyncClient client, PublishCounters counters, int windowSize) {
        this.client = client;
        this.counters = counters;
        this.window = new InflightWindow(windowSize);
        this.completion = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                counters.acked();
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                counters.error(String.valueOf(failure));
                window.release();
            }
        };
    }

    static PahoV5Publisher connect(MqttSettings settings, String clientId, String willTopic, byte[] will,
                                   PublishCounters counters) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(clientId);
            if (settings.password() != null) {
                options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
            }
            options.setCleanStart(true);
            options.setKeepAliveInterval(30);
            options.setAutomaticReconnect(true);
            options.setSocketFactory(new NoDelaySocketFactory());
            if (willTopic != null) {
                MqttMessage last = new MqttMessage(will, 1, true, null);
                options.setWill(willTopic, last);
            }
            IMqttToken token = client.connect(options);
            token.waitForCompletion(CONNECT_TIMEOUT_MS);
            Integer receiveMax = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            int brokerLimit = receiveMax == null ? 65_535 : receiveMax;
            return new PahoV5Publisher(client, counters, Math.max(1, Math.min(settings.window(), brokerLimit - 1)));
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect " + clientId + " to " + settings.url() + ": " + e, e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        window.acquire();
        try {
            client.publish(topic, payload, qos, retained, null, completion);
            counters.sent();
        } catch (MqttException | RuntimeException e) {
            counters.error(e.toString());
            window.release();
        }
    }

    @Override
    public void drain(long timeoutMs) {
        window.awaitEmpty(timeoutMs);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(6_000);
            }
            client.close();
        } catch (MqttException e) {
            counters.error("close: " + e);
        }
    }
}

package io.sitewatch.simulator.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device session over MQTT 3.1.1 (Paho mqttv3 client). */
final class PahoV3Publisher implements DevicePublisher {
    private static final long CONNECT_TIMEOUT_MS = 15_000;

    private final MqttAsyncClient client;
    private final PublishCounters counters;
    private final InflightWindow window;
    private final IMqttActionListener completion;

    private PahoV3Publisher(MqttAsyncClient client, PublishCounters counters, int windowSize) {
        this.client = client;
        this.counters = counters;
        this.window = new InflightWindow(windowSize);
        this.completion = new IMqttActionListener() {
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

    static PahoV3Publisher connect(MqttSettings settings, String clientId, String willTopic, byte[] will,
                                   PublishCounters counters) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setUserName(clientId);
            if (settings.password() != null) {
                options.setPassword(settings.password().toCharArray());
            }
            options.setCleanSession(true);
            options.setKeepAliveInterval(30);
            options.setAutomaticReconnect(true);
            // Paho v3 refuses a publish once this many are in flight; keep it above our own window.
            options.setMaxInflight(settings.window() + 10);
            options.setSocketFactory(new NoDelaySocketFactory());
            if (willTopic != null) {
                options.setWill(willTopic, will, 1, true);
            }
            client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MS);
            return new PahoV3Publisher(client, counters, settings.window());
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

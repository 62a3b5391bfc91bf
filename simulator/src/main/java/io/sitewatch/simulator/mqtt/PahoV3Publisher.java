package io.sitewatch.simulator.mqtt;

import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device session over MQTT 3.1.1 (Paho mqttv3 client). */
final class PahoV3Publisher extends PahoPublisher {
    private final MqttAsyncClient client;

    private PahoV3Publisher(MqttAsyncClient client, PublishCounters counters, int windowSize) {
        super(counters, windowSize);
        this.client = client;
    }

    static PahoV3Publisher connect(MqttSettings settings, String clientId, String willTopic, byte[] will,
                                   PublishCounters counters, SocketFactory sockets) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setUserName(clientId);
            String password = settings.passwordOf(clientId);
            if (password != null) {
                options.setPassword(password.toCharArray());
            }
            options.setCleanSession(CLEAN_START);
            options.setKeepAliveInterval(KEEP_ALIVE_S);
            options.setAutomaticReconnect(AUTOMATIC_RECONNECT);
            // Paho v3 refuses a publish once this many are in flight; keep it above our own window.
            options.setMaxInflight(settings.window() + 10);
            options.setSocketFactory(sockets);
            if (willTopic != null) {
                options.setWill(willTopic, will, WILL_QOS, WILL_RETAINED);
            }
            client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MS);
            return new PahoV3Publisher(client, counters, settings.window());
        } catch (MqttException e) {
            throw cannotConnect(settings, clientId, e);
        }
    }

    @Override
    void send(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload, qos, retained, null, completion);
    }

    @Override
    void disconnect(long timeoutMs) throws MqttException {
        if (client.isConnected()) {
            client.disconnect(timeoutMs).waitForCompletion(timeoutMs + 1_000);
        }
        client.close();
    }
}

package io.sitewatch.simulator.mqtt;

import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;

/** A device session over MQTT 5 (Paho mqttv5 client). */
final class PahoV5Publisher extends PahoPublisher {
    private final MqttAsyncClient client;

    private PahoV5Publisher(MqttAsyncClient client, PublishCounters counters, int windowSize) {
        super(counters, windowSize);
        this.client = client;
    }

    static PahoV5Publisher connect(MqttSettings settings, String clientId, String willTopic, byte[] will,
                                   PublishCounters counters, SocketFactory sockets) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(clientId);
            String password = settings.passwordOf(clientId);
            if (password != null) {
                options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            options.setCleanStart(CLEAN_START);
            options.setKeepAliveInterval(KEEP_ALIVE_S);
            options.setAutomaticReconnect(AUTOMATIC_RECONNECT);
            options.setSocketFactory(sockets);
            if (willTopic != null) {
                options.setWill(willTopic, new MqttMessage(will, WILL_QOS, WILL_RETAINED, null));
            }
            IMqttToken token = client.connect(options);
            token.waitForCompletion(CONNECT_TIMEOUT_MS);
            // Paho v5 refuses a publish past the broker's receive maximum: keep the window below it.
            Integer receiveMax = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            int brokerLimit = receiveMax == null ? 65_535 : receiveMax;
            return new PahoV5Publisher(client, counters, Math.max(1, Math.min(settings.window(), brokerLimit - 1)));
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

package io.sitewatch.service.testsupport;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device connection for tests (Paho, MQTT 3.1.1), publishing as a device would. */
public final class TestDevices implements AutoCloseable {

    private final MqttClient client;

    public TestDevices(String brokerUrl, String clientId) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        o.setAutomaticReconnect(true);
        client.connect(o);
    }

    public void publish(String topic, String payload, int qos) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos);
    }

    public void publish(String topic, byte[] payload, int qos) throws MqttException {
        client.publish(topic, payload, qos, false);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}

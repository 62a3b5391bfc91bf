package io.sitewatch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Counting subscriber on Paho's MQTT 5 client 1.2.5 with a TCP_NODELAY socket factory (Paho leaves
 * Nagle on, which throttles small QoS 1 traffic). Paho acknowledges each message after
 * {@code messageArrived} returns.
 */
final class PahoRelaySubscriber implements RelaySubscriber {

    private final int receiveMaximum;
    private MqttAsyncClient client;
    private volatile long received;
    private volatile long first;
    private volatile long last;

    PahoRelaySubscriber(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    @Override
    public String name() {
        String version = MqttAsyncClient.class.getPackage().getImplementationVersion();
        return "paho-mqttv5 " + (version != null ? version : "1.2.5")
                + " (TCP_NODELAY, receive maximum " + (receiveMaximum > 0 ? receiveMaximum : "default 65535") + ")";
    }

    @Override
    public void connect(int port) throws Exception {
        client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-relay-paho", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                long now = System.currentTimeMillis();
                if (received == 0) {
                    first = now;
                }
                last = now;
                received++;
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        if (receiveMaximum > 0) {
            options.setReceiveMaximum(receiveMaximum);
        }
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription(FILTER, 1)).waitForCompletion(10_000);
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
            client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException ignored) {
            // closing anyway
        }
    }

    /** Plain TCP sockets with TCP_NODELAY. */
    static final class NoDelaySocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }
    }
}

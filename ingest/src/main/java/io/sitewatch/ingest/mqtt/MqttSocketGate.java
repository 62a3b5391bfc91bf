package io.sitewatch.ingest.mqtt;

import io.sitewatch.ingest.pipeline.ReadGate;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses reading from the broker connection by switching off Netty's auto-read on the client's
 * channel, so the TCP window closes and the broker holds messages back.
 *
 * <p>Vert.x MQTT 5.0.7 has no public pause/resume on the client (added upstream later, see
 * vert-x3/vertx-mqtt PR #262, which uses this same mechanism), and {@code NetSocket.pause()} has
 * no effect there because the client reads through a message handler. Until the pinned version
 * has it, the channel is reached through the client's {@code connection} field. If that ever
 * fails, QoS 1 is still bounded by the broker's in-flight window (acks are withheld until commit);
 * the failure is logged once.
 */
final class MqttSocketGate implements ReadGate {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSocketGate.class);
    private static volatile boolean warned;

    private final MqttClient client;
    private Field connectionField;

    MqttSocketGate(MqttClient client) {
        this.client = client;
    }

    @Override
    public void pause() {
        autoRead(false);
    }

    @Override
    public void resume() {
        autoRead(true);
    }

    private void autoRead(boolean on) {
        NetSocketInternal socket = socket();
        if (socket != null) {
            socket.channelHandlerContext().channel().config().setAutoRead(on);
        }
    }

    /** The client's current connection, or null when it cannot be reached. */
    NetSocketInternal socket() {
        try {
            if (connectionField == null) {
                Field f = client.getClass().getDeclaredField("connection");
                f.setAccessible(true);
                connectionField = f;
            }
            return (NetSocketInternal) connectionField.get(client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot pause the MQTT socket ({}); QoS 0 bursts are then limited only by memory", e.toString());
            }
            return null;
        }
    }
}

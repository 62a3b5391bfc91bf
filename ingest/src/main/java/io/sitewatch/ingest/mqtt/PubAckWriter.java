package io.sitewatch.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Sends the PUBACKs of a committed batch in one socket write instead of one write (one TCP
 * segment, one wake-up of the broker) per message.
 *
 * <p>{@code MqttPublishMessage.ack()} writes and flushes every PUBACK on its own when called
 * outside a read, which is where acknowledgements come from (a commit callback). Here each PUBACK
 * is written to the client's channel without a flush, and the first one of an event-loop turn
 * schedules one flush after that turn. Falls back to {@code ack()} when the channel cannot be
 * reached (see {@link MqttSocketGate}) or when called off the consumer's event loop.
 */
final class PubAckWriter {

    private static final MqttFixedHeader PUBACK = new MqttFixedHeader(MqttMessageType.PUBACK, false,
            MqttQoS.AT_MOST_ONCE, false, 2);

    private final Context context;
    private final MqttSocketGate socket;
    private boolean flushScheduled;

    PubAckWriter(Context context, MqttSocketGate socket) {
        this.context = context;
        this.socket = socket;
    }

    void ack(MqttPublishMessage m) {
        NetSocketInternal s = Vertx.currentContext() == context ? socket.socket() : null;
        if (s == null) {
            m.ack();
            return;
        }
        Channel channel = s.channelHandlerContext().channel();
        channel.write(new MqttMessage(PUBACK, MqttMessageIdVariableHeader.from(m.messageId())), channel.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> {
                flushScheduled = false;
                channel.flush();
            });
        }
    }
}

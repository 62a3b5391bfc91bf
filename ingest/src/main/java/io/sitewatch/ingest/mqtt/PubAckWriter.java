package io.sitewatch.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Sends the PUBACKs of a committed batch in one socket write instead of one write (one TCP
 * segment, one wake-up of the broker) per message, and keeps the acknowledgements the broker has
 * not yet taken bounded.
 *
 * <p>{@code MqttPublishMessage.ack()} writes and flushes every PUBACK on its own when called
 * outside a read, which is where acknowledgements come from (a commit callback). Here each PUBACK
 * is written to the client's channel without a flush, and the first one of an event-loop turn
 * schedules one flush after that turn.
 *
 * <p>A busy broker can read PUBACKs more slowly than it sends messages (measured: 3.5 MB queued in
 * the socket and a million more PUBACKs in the client's outbound buffer, until the heap ran out).
 * So the acks written but not yet in the socket are counted, and above {@link #BACKED_UP} the
 * socket gate stops reading until they are down to {@link #CAUGHT_UP}.
 *
 * <p>Falls back to {@code ack()} when the channel cannot be reached (see {@link MqttSocketGate}) or
 * when called off the channel's event loop.
 */
final class PubAckWriter {

    static final int BACKED_UP = 20_000;
    static final int CAUGHT_UP = 5_000;
    private static final MqttFixedHeader PUBACK = new MqttFixedHeader(MqttMessageType.PUBACK, false,
            MqttQoS.AT_MOST_ONCE, false, 2);

    private final Context context;
    private final MqttSocketGate gate;
    /** PUBACKs written in this event-loop turn, flushed together at its end. */
    private int thisTurn;
    /** PUBACKs flushed whose bytes the socket has not taken yet. */
    private int unwritten;
    private boolean backedUp;

    PubAckWriter(Context context, MqttSocketGate gate) {
        this.context = context;
        this.gate = gate;
    }

    void ack(MqttPublishMessage m) {
        NetSocketInternal s = gate.socket();
        Channel channel = s == null ? null : s.channelHandlerContext().channel();
        if (channel == null || !channel.eventLoop().inEventLoop()) {
            m.ack();
            return;
        }
        channel.write(new MqttMessage(PUBACK, MqttMessageIdVariableHeader.from(m.messageId())), channel.voidPromise());
        if (thisTurn++ == 0) {
            context.runOnContext(v -> flush(channel));
        }
    }

    private void flush(Channel channel) {
        int n = thisTurn;
        thisTurn = 0;
        unwritten += n;
        // Completes once everything written before it is in the socket (the outbound buffer is in order).
        ChannelPromise written = channel.newPromise();
        channel.write(Unpooled.EMPTY_BUFFER, written);
        channel.flush();
        written.addListener(f -> {
            unwritten -= n;
            if (backedUp && unwritten <= CAUGHT_UP) {
                backedUp = false;
                gate.acksBackedUp(false);
            }
        });
        if (!backedUp && unwritten > BACKED_UP) {
            backedUp = true;
            gate.acksBackedUp(true);
        }
    }
}

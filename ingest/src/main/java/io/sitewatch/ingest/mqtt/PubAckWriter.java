package io.sitewatch.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Sends the PUBACKs of a committed batch as one buffer in one socket write, instead of one write
 * (one TCP segment, one wake-up of the broker) per message.
 *
 * <p>{@code MqttPublishMessage.ack()} encodes, writes and flushes every PUBACK on its own when
 * called outside a read, which is where acknowledgements come from (a commit callback). Here the
 * PUBACKs of one event-loop turn are appended to one buffer (a PUBACK is four bytes: type, length,
 * packet id) that is written and flushed once at the end of the turn. That also keeps the
 * client's memory small when the broker reads acknowledgements more slowly than it sends
 * messages: measured with one outbound entry per PUBACK, a busy Mosquitto left 1.1 M of them
 * (~250 bytes each with their promises) in the channel until the heap ran out.
 *
 * <p>Falls back to {@code ack()} when the channel cannot be reached (see {@link MqttSocketGate}) or
 * when called off the channel's event loop.
 */
final class PubAckWriter {

    /** MQTT 3.1.1 §3.4: PUBACK fixed header (type 4, no flags) and remaining length 2. */
    private static final int PUBACK = 0x40;
    private static final int REMAINING_LENGTH = 0x02;

    private final Context context;
    private final MqttSocketGate socket;
    private ByteBuf thisTurn;

    PubAckWriter(Context context, MqttSocketGate socket) {
        this.context = context;
        this.socket = socket;
    }

    void ack(MqttPublishMessage m) {
        NetSocketInternal s = socket.socket();
        Channel channel = s == null ? null : s.channelHandlerContext().channel();
        if (channel == null || !channel.eventLoop().inEventLoop()) {
            m.ack();
            return;
        }
        if (thisTurn == null) {
            thisTurn = channel.alloc().buffer(4 * 1024);
            context.runOnContext(v -> flush(channel));
        }
        thisTurn.writeByte(PUBACK).writeByte(REMAINING_LENGTH).writeShort(m.messageId());
    }

    private void flush(Channel channel) {
        ByteBuf acks = thisTurn;
        thisTurn = null;
        // The channel may have closed since: the write then fails and releases the buffer, and
        // the broker redelivers what these would have acknowledged.
        channel.writeAndFlush(acks, channel.voidPromise());
    }
}

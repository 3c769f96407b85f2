package org.ethervpn.traffic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Writes the one shared data block (read-only, never copied: every write is a duplicate of it)
 * while the channel is writable; the water marks bound what waits in memory per connection.
 */
final class Sender {
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);
    private static final ByteBuf BLOCK = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(TrafficWire.BLOCK_SIZE).writeBytes(TrafficWire.block(new java.util.Random())).asReadOnly());

    private Sender() {
    }

    /** Queues blocks until the channel stops being writable, flushes; returns the bytes queued. */
    static long pump(Channel ch) {
        long n = 0;
        while (ch.isActive() && ch.isWritable()) {
            ch.write(BLOCK.duplicate(), ch.voidPromise());
            n += TrafficWire.BLOCK_SIZE;
        }
        ch.flush();
        return n;
    }
}

package org.ethervpn.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The test frames: Ethernet with locally administered MACs {@code 02:4c:<index>} and the local
 * experimental EtherType 0x88B5, carrying the sender's index, a sequence number and a send time.
 */
final class Frames {
    static final int ETHER_TYPE = 0x88B5;
    static final int LENGTH = 60;
    /** The echo session's index: its MAC is learned once, so frames to it are never flooded. */
    static final int ECHO = 0xFFFFFF;

    private Frames() {
    }

    static ByteBuf build(ByteBufAllocator alloc, int dst, int src, int seq, long nanos) {
        ByteBuf b = alloc.buffer(LENGTH);
        mac(b, dst);
        mac(b, src);
        b.writeShort(ETHER_TYPE).writeInt(src).writeInt(seq).writeLong(nanos);
        b.writeZero(LENGTH - b.writerIndex());
        return b;
    }

    /** A broadcast from {@code src}: the hub learns the sender's MAC (it reaches no one while alone). */
    static ByteBuf announce(ByteBufAllocator alloc, int src) {
        ByteBuf b = build(alloc, 0, src, 0, 0);
        b.setInt(0, -1).setShort(4, -1);
        return b;
    }

    private static void mac(ByteBuf b, int index) {
        b.writeByte(0x02).writeByte(0x4c).writeInt(index);
    }

    static boolean isOurs(ByteBuf f) {
        return f.readableBytes() >= 34 && f.getUnsignedShort(f.readerIndex() + 12) == ETHER_TYPE;
    }

    static int destination(ByteBuf f) {
        return f.getInt(f.readerIndex() + 2);
    }

    static int source(ByteBuf f) {
        return f.getInt(f.readerIndex() + 8);
    }

    static long sentNanos(ByteBuf f) {
        return f.getLong(f.readerIndex() + 22);
    }

    /** The same frame sent back: destination and source MACs swapped, in place. */
    static ByteBuf reflect(ByteBuf f) {
        int i = f.readerIndex();
        int dst = f.getInt(i + 2);
        f.setInt(i + 2, f.getInt(i + 8));
        f.setInt(i + 8, dst);
        return f;
    }
}

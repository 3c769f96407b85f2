package org.ethervpn.session;

import java.util.List;

import org.ethervpn.protocol.SuperFrames;
import org.ethervpn.protocol.TunnelLimits;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One side's link in {@link DataPathWarmup}: hands out the frames it was told to send when its session drains it,
 * counts and releases what it receives. The warm-up's thread says what to send; the event loops drain and deliver,
 * hence the volatile fields (one writer each).
 */
final class WarmupTraffic implements SessionLink {
    static final int BULK_FRAME = 1514;
    static final int SMALL_FRAME = 66;
    static final int SUPER_FRAME = 64_000;
    private static final int GSO_SIZE = 1448;
    private static final byte[] PAYLOAD = new byte[SUPER_FRAME];

    static {
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = (byte) (i * 31);
        }
    }

    /** Sends bulk frames (the last of a batch a super-frame) unless told to send small ones; else small ones. */
    private final boolean bulk;
    private volatile int pending;
    private volatile boolean small;
    private volatile long frames;
    private volatile long bytes;

    WarmupTraffic(boolean bulk) {
        this.bulk = bulk;
    }

    /** The next drain hands out {@code count} frames: small ones ({@code small}, or not a bulk side) or a batch. */
    void send(int count, boolean small) {
        this.small = small;
        this.pending = count;
    }

    int pending() {
        return pending;
    }

    long frames() {
        return frames;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void received(List<ByteBuf> in) {
        for (int i = 0; i < in.size(); i++) {
            ByteBuf f = in.get(i);
            frames++;
            bytes += f.readableBytes();
            f.release();
        }
    }

    @Override
    public int drainTo(List<? super ByteBuf> out, int max) {
        int left = pending;
        int n = Math.min(max, left);
        boolean large = bulk && !small;
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        for (int i = 0; i < n; i++, left--) {
            // as a TAP read would: a pooled buffer, the last of a bulk batch a super-frame
            out.add(large && left == 1 ? superFrame(alloc)
                    : frame(alloc.ioBuffer(BULK_FRAME), large ? BULK_FRAME : SMALL_FRAME));
        }
        pending = left;
        return n;
    }

    @Override
    public boolean offersSuperFrames() {
        return true;
    }

    /** Ethernet, IPv4 and TCP headers, then a byte pattern, {@code size} bytes in all. */
    private static ByteBuf frame(ByteBuf f, int size) {
        int end = f.writerIndex() + size;
        f.writeInt(0x0200_0000).writeShort(0x0002).writeInt(0x0200_0000).writeShort(0x0001).writeShort(0x0800);
        f.writeByte(0x45).writeByte(0).writeShort(size - 14).writeInt(0).writeByte(64).writeByte(6).writeShort(0)
                .writeInt(0x0A00_0001).writeInt(0x0A00_0002);
        f.writeShort(40_000).writeShort(5201).writeInt(1).writeInt(1).writeShort(0x5010).writeShort(0xFFFF)
                .writeShort(0).writeShort(0);
        return f.writeBytes(PAYLOAD, 0, end - f.writerIndex());
    }

    /** A TCPv4 super-frame with its virtio_net_hdr (little-endian) right before the reader index. */
    private static ByteBuf superFrame(ByteBufAllocator alloc) {
        ByteBuf f = alloc.ioBuffer(TunnelLimits.VNET_HEADER + SUPER_FRAME);
        f.writeByte(SuperFrames.F_NEEDS_CSUM).writeByte(SuperFrames.GSO_TCPV4).writeShortLE(54)
                .writeShortLE(GSO_SIZE).writeShortLE(34).writeShortLE(16);
        frame(f, SUPER_FRAME);
        f.readerIndex(TunnelLimits.VNET_HEADER);
        return f;
    }
}

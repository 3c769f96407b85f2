package org.ethervpn.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/** Builds Ethernet frames from pooled buffers, remembers each, and checks they were all released. */
final class Frames {
    static final long BROADCAST = Macs.BROADCAST;
    static final long MULTICAST = 0x0100_5E00_00FBL;

    private final Queue<ByteBuf> allocated = new ConcurrentLinkedQueue<>();

    static long mac(int n) {
        return 0x02AC_0000_0000L | n;
    }

    /** A frame to {@code dst} from {@code src} with {@code payload} bytes after the 14-byte header. */
    ByteBuf frame(long dst, long src, int payload) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(14 + payload);
        allocated.add(buf);
        writeMac(buf, dst);
        writeMac(buf, src);
        buf.writeShort(0x0800);
        for (int i = 0; i < payload; i++) {
            buf.writeByte(i);
        }
        return buf;
    }

    ByteBuf frame(long dst, long src) {
        return frame(dst, src, 50);
    }

    ByteBuf raw(int length) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(length);
        allocated.add(buf);
        buf.writeZero(length);
        return buf;
    }

    int count() {
        return allocated.size();
    }

    void assertAllReleased() {
        for (ByteBuf b : allocated) {
            assertEquals(0, b.refCnt(), "a frame buffer was not released");
        }
    }

    private static void writeMac(ByteBuf buf, long mac) {
        buf.writeInt((int) (mac >>> 16));
        buf.writeShort((int) mac);
    }

    /** Drains everything queued for {@code port}. The caller releases the frames. */
    static List<ByteBuf> drain(HubPort port) {
        List<ByteBuf> out = new ArrayList<>();
        while (port.drainTo(out, 64) > 0) {
            // keep draining
        }
        return out;
    }

    /** Drains {@code port}, releases the frames and returns their destination and source MACs. */
    static List<long[]> drainHeaders(HubPort port) {
        List<long[]> out = new ArrayList<>();
        for (ByteBuf f : drain(port)) {
            out.add(new long[] {Macs.read(f, f.readerIndex()), Macs.read(f, f.readerIndex() + 6)});
            f.release();
        }
        return out;
    }

    /** Drains and releases; returns how many frames were queued. */
    static int drainCount(HubPort port) {
        return drainHeaders(port).size();
    }

    /** A monotonic nanosecond clock that moves only when told to. */
    static final class FakeClock {
        final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

        long now() {
            return nanos.get();
        }

        void advanceSeconds(long seconds) {
            nanos.addAndGet(seconds * 1_000_000_000L);
        }
    }
}

package org.ethervpn.hub;

import static org.ethervpn.hub.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * Measures the frame path's garbage: unicast between learned ports must allocate nothing per frame
 * (no boxed MAC keys, no queue nodes, no counter objects). The frame is not leak-tracked, since
 * the leak detector's own records would be counted.
 */
class AllocationTest {
    private static final int ROUNDS = 100_000;

    @Test
    void unicastForwardingAllocatesNothingPerFrame() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        VirtualHub hub = new VirtualHub("A");
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        ByteBuf frame = new UnpooledByteBufAllocator(false, true).heapBuffer(64);
        frame.writeInt((int) (mac(2) >>> 16)).writeShort((int) mac(2));
        frame.writeInt((int) (mac(1) >>> 16)).writeShort((int) mac(1));
        frame.writeZero(52);
        ByteBuf reply = frame.copy(); // from mac(2): any destination, it only teaches the hub mac(2)
        reply.setInt(6, (int) (mac(2) >>> 16)).setShort(10, (int) mac(2));
        hub.forward(b, reply);
        List<ByteBuf> out = new ArrayList<>(16);

        long thread = Thread.currentThread().threadId();
        run(hub, a, b, frame, out, ROUNDS); // warm up
        long before = mx.getThreadAllocatedBytes(thread);
        run(hub, a, b, frame, out, ROUNDS);
        long allocated = mx.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated < ROUNDS / 10, "allocated " + allocated + " bytes for " + ROUNDS + " frames");
        assertEquals(2L * ROUNDS, b.counters().framesOut());
        frame.release();
        a.leave();
        b.leave();
        assertEquals(0, frame.refCnt());
        assertEquals(0, reply.refCnt());
    }

    private static void run(VirtualHub hub, HubPort a, HubPort b, ByteBuf frame, List<ByteBuf> out, int rounds) {
        for (int i = 0; i < rounds; i++) {
            hub.forward(a, frame.retain());
            b.drainTo(out, 16);
            out.getFirst().release();
            out.clear();
        }
    }
}

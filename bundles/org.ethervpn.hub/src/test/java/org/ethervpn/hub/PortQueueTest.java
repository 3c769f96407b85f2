package org.ethervpn.hub;

import static org.ethervpn.hub.Frames.BROADCAST;
import static org.ethervpn.hub.Frames.drainCount;
import static org.ethervpn.hub.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bounded per-port queues, drops, counters, wakeups and reference counts. */
class PortQueueTest {
    private final Frames frames = new Frames();
    private final VirtualHub hub = new VirtualHub("Q");

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void released() {
        frames.assertAllReleased();
    }

    @Test
    void fullQueueDropsOnlyForThatPort() {
        HubPort src = hub.join(PortConfig.session("src"));
        HubPort slow = hub.join(PortConfig.session("slow").withQueue(3, PortConfig.MIN_QUEUE_BYTES * 10));
        HubPort fast = hub.join(PortConfig.session("fast"));
        for (int i = 0; i < 10; i++) {
            hub.forward(src, frames.frame(BROADCAST, mac(1)));
        }
        assertEquals(3, slow.queuedFrames());
        assertEquals(10, fast.queuedFrames());
        PortCounters sc = slow.counters();
        assertEquals(7, sc.framesDropped());
        assertEquals(7 * 64, sc.bytesDropped());
        assertEquals(0, fast.counters().framesDropped());
        assertEquals(10, src.counters().framesIn());

        assertEquals(3, drainCount(slow));
        assertEquals(10, drainCount(fast));
        hub.forward(src, frames.frame(BROADCAST, mac(1)));
        assertEquals(1, drainCount(slow), "a drained queue takes frames again");
        drainCount(fast);
        src.leave();
        slow.leave();
        fast.leave();
    }

    @Test
    void byteBoundDropsToo() {
        HubPort src = hub.join(PortConfig.session("src"));
        HubPort dst = hub.join(PortConfig.session("dst").withQueue(1000, 2000));
        hub.forward(src, frames.frame(BROADCAST, mac(1), 986)); // 1000 bytes
        hub.forward(src, frames.frame(BROADCAST, mac(1), 986)); // 2000: fits exactly
        hub.forward(src, frames.frame(BROADCAST, mac(1), 0));   // 2014: over
        assertEquals(2, dst.queuedFrames());
        assertEquals(2000, dst.queuedBytes());
        assertEquals(1, dst.counters().framesDropped());
        assertEquals(2, drainCount(dst));
        assertEquals(0, dst.queuedBytes());

        hub.forward(src, frames.frame(BROADCAST, mac(1), 3000)); // larger than the bound, queue empty: taken
        assertEquals(1, drainCount(dst));
        src.leave();
        dst.leave();
    }

    @Test
    void countersAddUp() {
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        hub.forward(a, frames.frame(BROADCAST, mac(1), 86)); // 100 bytes
        hub.forward(b, frames.frame(mac(1), mac(2), 186));   // 200 bytes
        hub.forward(b, frames.raw(5));
        assertEquals(new PortCounters(1, 100, 0, 0, 0, 0, 0), a.counters());
        assertEquals(new PortCounters(1, 200, 0, 0, 0, 0, 1), b.counters());
        drainCount(a);
        drainCount(b);
        assertEquals(new PortCounters(1, 100, 1, 200, 0, 0, 0), a.counters());
        assertEquals(new PortCounters(1, 200, 1, 100, 0, 0, 1), b.counters());
        PortStatus st = hub.ports().getFirst();
        assertEquals(new PortStatus(a.id(), "a", PortKind.SESSION, 1, 0, a.counters()), st);
        a.leave();
        b.leave();
    }

    @Test
    void wakeupIsCoalescedUntilTheOwnerDrains() {
        AtomicInteger wakeups = new AtomicInteger();
        HubPort src = hub.join(PortConfig.session("src"));
        HubPort dst = hub.join(PortConfig.session("dst"), wakeups::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            hub.forward(src, frames.frame(BROADCAST, mac(1)));
        }
        assertEquals(1, wakeups.get());
        List<ByteBuf> out = new ArrayList<>();
        assertEquals(5, dst.drainTo(out, 100));
        assertEquals(1, wakeups.get(), "nothing left: no new wakeup");
        hub.forward(src, frames.frame(BROADCAST, mac(1)));
        assertEquals(2, wakeups.get());
        assertEquals(1, dst.drainTo(out, 100));
        out.forEach(ByteBuf::release);
        src.leave();
        dst.leave();
    }

    @Test
    void partialDrainWakesTheOwnerAgain() {
        AtomicInteger wakeups = new AtomicInteger();
        HubPort src = hub.join(PortConfig.session("src"));
        HubPort dst = hub.join(PortConfig.session("dst"), wakeups::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            hub.forward(src, frames.frame(BROADCAST, mac(1)));
        }
        List<ByteBuf> out = new ArrayList<>();
        assertEquals(2, dst.drainTo(out, 2));
        assertEquals(2, wakeups.get());
        assertEquals(2, dst.drainTo(out, 2));
        assertEquals(3, wakeups.get());
        assertEquals(1, dst.drainTo(out, 2));
        assertEquals(3, wakeups.get());
        assertEquals(0, dst.drainTo(out, 2));
        out.forEach(ByteBuf::release);
        src.leave();
        dst.leave();
    }

    @Test
    void throwingWakeupDoesNotBreakForwarding() {
        HubPort src = hub.join(PortConfig.session("src"));
        HubPort bad = hub.join(PortConfig.session("bad"), () -> {
            throw new IllegalStateException("event loop shut down");
        });
        HubPort good = hub.join(PortConfig.session("good"));
        hub.forward(src, frames.frame(BROADCAST, mac(1)));
        hub.forward(src, frames.frame(BROADCAST, mac(1)));
        assertEquals(2, bad.wakeupFailures());
        assertEquals(2, drainCount(good));
        assertEquals(2, drainCount(bad));
        src.leave();
        bad.leave();
        good.leave();
    }

    @Test
    void leaveReleasesQueuedFramesAndRefusesNewOnes() {
        HubPort src = hub.join(PortConfig.session("src"));
        HubPort dst = hub.join(PortConfig.session("dst"));
        for (int i = 0; i < 4; i++) {
            hub.forward(src, frames.frame(BROADCAST, mac(1)));
        }
        assertEquals(4, dst.queuedFrames());
        dst.leave();
        assertFalse(dst.isOpen());
        assertEquals(0, dst.queuedFrames());
        assertEquals(0, dst.queuedBytes());
        assertEquals(4, dst.counters().framesDropped());
        frames.assertAllReleased();

        dst.leave(); // idempotent
        dst.enqueue(frames.frame(BROADCAST, mac(1)));
        assertEquals(0, dst.queuedFrames());
        hub.forward(dst, frames.frame(BROADCAST, mac(9)));
        assertEquals(1, dst.counters().framesRejected());
        assertEquals(0, src.queuedFrames());
        assertEquals(1, hub.portCount());
        src.close();
        assertEquals(0, hub.portCount());
    }

    @Test
    void unicastHandsOverTheCallersBufferWithoutCopies() {
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        hub.forward(b, frames.frame(BROADCAST, mac(2)));
        drainCount(a);
        ByteBuf sent = frames.frame(mac(2), mac(1));
        hub.forward(a, sent);
        List<ByteBuf> got = Frames.drain(b);
        assertTrue(got.getFirst() == sent, "unicast passes the reference on");
        assertEquals(1, sent.refCnt());
        sent.release();
        a.leave();
        b.leave();
    }

    @Test
    void floodRetainsOncePerExtraPort() {
        HubPort a = hub.join(PortConfig.session("a"));
        List<HubPort> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(hub.join(PortConfig.session("p" + i)));
        }
        ByteBuf sent = frames.frame(BROADCAST, mac(1));
        hub.forward(a, sent);
        assertEquals(5, sent.refCnt(), "one reference per receiving port");
        List<ByteBuf> got = new ArrayList<>();
        for (HubPort p : others) {
            got.addAll(Frames.drain(p));
        }
        assertEquals(5, got.size());
        for (ByteBuf f : got) {
            f.release();
        }
        assertEquals(0, sent.refCnt());
        a.leave();
        others.forEach(HubPort::leave);
    }

    @Test
    void frameWithNoOtherPortIsReleased() {
        HubPort alone = hub.join(PortConfig.session("alone"));
        ByteBuf sent = frames.frame(BROADCAST, mac(1));
        hub.forward(alone, sent);
        assertEquals(0, sent.refCnt());
        alone.leave();
    }
}

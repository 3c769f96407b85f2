package org.ethervpn.hub;

import static org.ethervpn.hub.Frames.BROADCAST;
import static org.ethervpn.hub.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several threads forward at once while each port's owner drains on its own single-thread
 * "event loop" in response to wakeups, another port keeps joining and leaving, and the MAC table is
 * swept: every frame is accounted for as delivered or dropped, and every buffer is released.
 */
class ConcurrentForwardTest {
    private static final int PORTS = 4;
    private static final int FRAMES = 10_000;
    private static final int BROADCAST_EVERY = 10;

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** A port whose owner drains on its own executor when woken. */
    private static final class Owner {
        final ExecutorService loop = Executors.newSingleThreadExecutor();
        final AtomicLong received = new AtomicLong();
        final List<ByteBuf> batch = new ArrayList<>();
        HubPort port;

        void drain() {
            while (port.drainTo(batch, 32) > 0) {
                received.addAndGet(batch.size());
                batch.forEach(ByteBuf::release);
                batch.clear();
            }
        }
    }

    @Test
    void totalsAddUpAndNothingLeaks() throws Exception {
        Frames frames = new Frames();
        VirtualHub hub = new VirtualHub("MT");
        Owner[] owners = new Owner[PORTS];
        for (int i = 0; i < PORTS; i++) {
            Owner o = new Owner();
            // small queues so that some frames really are dropped
            o.port = hub.join(PortConfig.session("p" + i).withQueue(64, 1 << 20), () -> o.loop.execute(o::drain));
            owners[i] = o;
        }
        // never drained while traffic runs and never sends: it receives only broadcasts, and drops
        HubPort stalled = hub.join(PortConfig.session("stalled").withQueue(64, 1 << 20));
        for (int i = 0; i < PORTS; i++) {
            hub.forward(owners[i].port, frames.frame(BROADCAST, mac(i)));
        }
        Frames.drainCount(stalled);
        for (Owner o : owners) {
            o.loop.submit(o::drain).get();
            o.received.set(0);
        }
        long[] outBefore = new long[PORTS];
        for (int i = 0; i < PORTS; i++) {
            outBefore[i] = owners[i].port.counters().framesOut();
        }

        AtomicBoolean running = new AtomicBoolean(true);
        Thread churn = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                HubPort extra = hub.join(PortConfig.cascade("churn").withQueue(16, 1 << 20));
                Thread.onSpinWait();
                extra.leave();
                hub.expireMacs();
            }
        });
        CountDownLatch start = new CountDownLatch(1);
        Thread[] senders = new Thread[PORTS];
        for (int i = 0; i < PORTS; i++) {
            int me = i;
            senders[i] = Thread.ofPlatform().start(() -> {
                await(start);
                long next = mac((me + 1) % PORTS);
                for (int k = 0; k < FRAMES; k++) {
                    long dst = k % BROADCAST_EVERY == 0 ? BROADCAST : next;
                    hub.forward(owners[me].port, frames.frame(dst, mac(me), k % 200));
                }
            });
        }
        start.countDown();
        for (Thread t : senders) {
            t.join();
        }
        running.set(false);
        churn.join();
        for (Owner o : owners) {
            o.loop.submit(o::drain).get();
            o.loop.shutdown();
            assertTrue(o.loop.awaitTermination(10, TimeUnit.SECONDS));
        }

        int broadcasts = FRAMES / BROADCAST_EVERY;
        long expectedPerPort = (long) (PORTS - 1) * broadcasts + (FRAMES - broadcasts);
        for (int i = 0; i < PORTS; i++) {
            Owner o = owners[i];
            PortCounters c = o.port.counters();
            assertEquals(FRAMES + 1, c.framesIn(), "frames in of p" + i);
            assertEquals(o.received.get(), c.framesOut() - outBefore[i], "drained frames of p" + i);
            assertEquals(expectedPerPort, o.received.get() + c.framesDropped(), "delivered + dropped of p" + i);
            assertEquals(0, o.port.queuedFrames());
            assertEquals(0, o.port.queuedBytes());
            assertEquals(1, o.port.macCount());
        }
        assertEquals(PORTS, hub.macCount());
        PortCounters st = stalled.counters();
        assertEquals(64, stalled.queuedFrames());
        assertEquals((long) PORTS * broadcasts, st.framesDropped() + stalled.queuedFrames(),
                "a stalled port drops its own frames; the others above still got theirs");
        stalled.leave();
        assertEquals((long) PORTS * broadcasts, stalled.counters().framesDropped());
        for (Owner o : owners) {
            o.port.leave();
        }
        assertEquals(0, hub.portCount());
        assertEquals(0, hub.macCount());
        assertEquals(PORTS * (FRAMES + 1), frames.count());
        frames.assertAllReleased();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

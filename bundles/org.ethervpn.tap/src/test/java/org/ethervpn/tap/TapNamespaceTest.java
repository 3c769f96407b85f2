package org.ethervpn.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Real TAP devices, created inside a network namespace of the test's own (a helper thread joins it
 * with setns(2) before TUNSETIFF). All traffic stays in that namespace; it is deleted at the end.
 * Skipped unless root with /dev/net/tun and ip(8).
 */
class TapNamespaceTest {
    private static Netns ns;

    @BeforeAll
    static void namespace() throws IOException {
        String skip = Netns.skipReason();
        Assumptions.assumeTrue(skip == null, () -> "real TAP tests skipped: " + skip);
        ns = Netns.create();
    }

    @AfterAll
    static void deleteNamespace() throws IOException {
        if (ns != null) {
            ns.close();
        }
    }

    private static String tapName() {
        return "evt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
    }

    private static TapAdapter openInNs(String name, TapAdapter.Options options) throws Exception {
        return ns.inside(() -> TapAdapter.open(name, options));
    }

    /** Push mode: the kernel's ARP request comes out of the TAP, our ARP and echo replies go in, and ping succeeds. */
    @Test
    void pingAnsweredThroughTheTap() throws Exception {
        String name = tapName();
        byte[] peerMac = TapSupport.parseMac("02:00:5e:21:30:02");
        int peerIp = Frames.ipv4(10, 213, 0, 2);
        TapAdapter tap = openInNs(name, TapAdapter.Options.DEFAULTS);
        try {
            assertEquals(name, tap.interfaceName());
            assertEquals(1500, tap.mtu());
            assertEquals(1518, tap.maxFrameSize());
            ns.exec("ip", "addr", "add", "10.213.0.1/24", "dev", name).check();
            assertTrue(ns.exec("ip", "link", "show", name).check().output().contains("UP"), "link is up");

            AtomicInteger arpRequests = new AtomicInteger();
            AtomicInteger echoRequests = new AtomicInteger();
            AtomicInteger maxBatch = new AtomicInteger();
            tap.startReceiving((frames, count) -> {
                maxBatch.accumulateAndGet(count, Math::max);
                for (int i = 0; i < count; i++) {
                    ByteBuffer f = frames[i];
                    try {
                        if (Frames.arpRequestTarget(f) == peerIp) {
                            arpRequests.incrementAndGet();
                            tap.write(Frames.arpReply(f, peerMac, peerIp));
                        } else if (Frames.isEchoRequestTo(f, peerIp)) {
                            echoRequests.incrementAndGet();
                            ByteBuffer direct = ByteBuffer.allocateDirect(f.remaining());
                            direct.put(Frames.echoReply(f)).flip(); // exercises the direct-buffer path of write()
                            tap.write(direct);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertThrows(IllegalStateException.class, () -> tap.startReceiving((f, c) -> { }));
            assertThrows(IllegalStateException.class, () -> tap.read(ByteBuffer.allocate(2048)));

            Netns.Result ping = ns.exec("ping", "-c", "1", "-W", "3", "10.213.0.2");
            assertEquals(0, ping.exit(), "ping through the TAP: " + ping.output());
            assertTrue(arpRequests.get() >= 1, "ARP request for 10.213.0.2 came out of the TAP");
            assertEquals(1, echoRequests.get());
            String neigh = ns.exec("ip", "neigh", "show", "10.213.0.2", "dev", name).check().output();
            assertTrue(neigh.contains("02:00:5e:21:30:02"), "kernel learned our ARP reply: " + neigh);

            TapAdapter.Counters c = tap.counters();
            assertTrue(c.framesIn() >= 2, c.toString());
            assertTrue(c.bytesIn() >= 42 + 98, c.toString());
            assertEquals(2 * arpRequests.get() - arpRequests.get() + 1, c.framesOut(), c.toString());
            assertEquals(0, c.dropsOut(), c.toString());
            assertTrue(maxBatch.get() >= 1);
        } finally {
            tap.close();
        }
        tap.close(); // idempotent
        assertTrue(tap.isClosed());
        assertNotEquals(0, ns.exec("ip", "link", "show", name).exit(), "the device is gone after close");
        assertThrows(ClosedChannelException.class, () -> tap.write(ByteBuffer.allocate(60)));
    }

    /**
     * Polled receiving (an event loop's epoll in the product): while an outside poller reads, frames reach the receiver
     * on the poller's thread through readReady() and never on the reader thread; switched back, the thread delivers
     * again; after close the descriptor is withdrawn and readReady() says so.
     */
    @Test
    void pollExternallyHandsReadingToTheCaller() throws Exception {
        String name = tapName();
        int peerIp = Frames.ipv4(10, 213, 4, 2);
        TapAdapter tap = openInNs(name, TapAdapter.Options.DEFAULTS);
        try {
            ns.exec("ip", "addr", "add", "10.213.4.1/24", "dev", name).check();
            java.util.Map<String, AtomicInteger> arpsByThread = new java.util.concurrent.ConcurrentHashMap<>();
            assertEquals(-1, new VirtualAdapter() {
                public String interfaceName() { return "x"; }
                public int maxFrameSize() { return 1514; }
                public int read(ByteBuffer dst) { return 0; }
                public void write(ByteBuffer frame) { }
                public void close() { }
            }.pollDescriptor(), "an adapter without a descriptor says so");
            assertThrows(IllegalStateException.class, () -> tap.pollExternally(true), "no receiver yet");
            tap.startReceiving((frames, count) -> {
                for (int i = 0; i < count; i++) {
                    if (Frames.arpRequestTarget(frames[i]) == peerIp) {
                        arpsByThread.computeIfAbsent(Thread.currentThread().getName(), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
            });
            assertTrue(tap.pollDescriptor() >= 0);
            assertTrue(tap.pollExternally(true));
            Thread.sleep(2 * FdAdapter.POLL_MILLIS); // the reader thread has seen the switch and parks
            String me = Thread.currentThread().getName();
            Process ping = ns.start("ping", "-c", "3", "-i", "0.3", "-W", "1", "10.213.4.2");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!arpsByThread.containsKey(me)) { // on this thread: not inside assertTimeoutPreemptively
                    assertTrue(System.nanoTime() < deadline, "no ARP request read through readReady()");
                    int n = tap.readReady();
                    assertTrue(n >= 0, "open adapter");
                    if (n == 0) {
                        Thread.sleep(5);
                    }
                }
            } finally {
                ping.destroy();
            }
            assertEquals(java.util.Set.of(me), arpsByThread.keySet(), "only the outside poller read while it polled");
            assertTrue(tap.readReady() >= 0, "nothing to read is not an error");

            assertTrue(tap.pollExternally(false));
            Netns.Result again = ns.exec("ping", "-c", "2", "-W", "1", "10.213.4.2");
            assertNotEquals(0, again.exit(), "nobody answers; the ARP requests are what counts");
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (arpsByThread.keySet().stream().noneMatch(t -> t.startsWith("tap-reader-"))) {
                    Thread.sleep(20);
                }
            });
        } finally {
            tap.close();
        }
        assertEquals(-1, tap.pollDescriptor());
        assertEquals(-1, tap.readReady());
    }

    /** Pull mode with a given MAC and MTU, and close() waking a blocked read(). */
    @Test
    void readWithMacAndMtu() throws Exception {
        String name = tapName();
        byte[] mac = TapSupport.parseMac("02:00:5e:21:30:01");
        TapAdapter tap = openInNs(name, new TapAdapter.Options(mac, 1400));
        try {
            assertArrayEquals(mac, tap.macAddress());
            assertEquals(1400, tap.mtu());
            assertEquals(1418, tap.maxFrameSize());
            String link = ns.exec("ip", "link", "show", name).check().output();
            assertTrue(link.contains("mtu 1400") && link.contains("02:00:5e:21:30:01"), link);
            ns.exec("ip", "addr", "add", "10.213.1.1/24", "dev", name).check();

            Process ping = ns.start("ping", "-c", "1", "-W", "1", "10.213.1.2");
            try {
                int seen = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    ByteBuffer buf = ByteBuffer.allocate(tap.maxFrameSize());
                    while (true) {
                        buf.clear();
                        int n = tap.read(buf);
                        buf.flip();
                        assertEquals(n, buf.remaining());
                        if (Frames.arpRequestTarget(buf) == Frames.ipv4(10, 213, 1, 2)) {
                            assertArrayEquals(mac, Frames.bytes(buf, 6, 6), "sent from the TAP's MAC");
                            return n;
                        }
                    }
                });
                assertTrue(seen >= 42);
            } finally {
                ping.waitFor(5, TimeUnit.SECONDS);
                ping.destroy();
            }

            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    ByteBuffer buf = ByteBuffer.allocate(tap.maxFrameSize());
                    while (true) {
                        buf.clear();
                        tap.read(buf);
                    }
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(300);
            long t0 = System.nanoTime();
            tap.close();
            Throwable t = blocked.get(5, TimeUnit.SECONDS);
            assertTrue(t instanceof ClosedChannelException, String.valueOf(t));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "close noticed within a poll timeout");
            assertTrue(tap.counters().framesIn() >= 1);
        } finally {
            tap.close();
        }
        assertNotEquals(0, ns.exec("ip", "link", "show", name).exit(), "the device is gone after close");
    }

    @Test
    void clearErrors() throws Exception {
        String name = tapName();
        TapAdapter tap = openInNs(name, TapAdapter.Options.DEFAULTS);
        try {
            IOException busy = assertThrows(IOException.class, () -> openInNs(name, TapAdapter.Options.DEFAULTS));
            assertTrue(busy.getMessage().contains("Device or resource busy") && busy.getMessage().contains(name), busy.getMessage());

            IOException notTap = assertThrows(IOException.class, () -> openInNs("lo", TapAdapter.Options.DEFAULTS));
            assertTrue(notTap.getMessage().contains("'lo'") && notTap.getMessage().contains("not a TAP device"), notTap.getMessage());

            IOException tooBig = assertThrows(IOException.class, () -> tap.write(ByteBuffer.allocate(5000)));
            assertTrue(tooBig.getMessage().contains("5000 bytes"), tooBig.getMessage());
            assertEquals(1, tap.counters().dropsOut());
        } finally {
            tap.close();
        }
    }

    @Test
    void factoryOpensInTheCallersNamespace() throws Exception {
        String name = tapName();
        VirtualAdapter a = ns.inside(() -> new TapAdapterFactory().open(name));
        try (a) {
            assertEquals(name, a.interfaceName());
            assertEquals(0, ns.exec("ip", "link", "show", name).exit());
            assertNotEquals(0, Netns.run("ip", "link", "show", name).exit(), "not in the root namespace");
        }
        assertNotEquals(0, ns.exec("ip", "link", "show", name).exit());
    }

    /**
     * Offloads between two TAPs, each in its own namespace, the test forwarding frames between them as the tunnel
     * would: 8 MiB of TCP arrive intact both with offloads on (the sender's kernel hands over super-frames, which are
     * written whole into the other TAP with their header) and off (all frames MTU-sized, none whole).
     */
    /** How a relay hands frames to the other TAP: as the adapter's views, or copied into a direct or heap ByteBuf. */
    private enum Carrier { VIEW, DIRECT, HEAP }

    @Test
    void tcpBetweenTwoTapsWithAndWithoutOffloads() throws Exception {
        tcpBetweenTwoTaps(true, Carrier.VIEW);
        tcpBetweenTwoTaps(false, Carrier.VIEW);
    }

    /** writeFrame(ByteBuf): a direct buffer goes out from its address (plain and super-frames), a heap one by its view. */
    @Test
    void tcpBetweenTwoTapsThroughByteBufs() throws Exception {
        tcpBetweenTwoTaps(true, Carrier.DIRECT);
        tcpBetweenTwoTaps(false, Carrier.DIRECT);
        tcpBetweenTwoTaps(true, Carrier.HEAP);
    }

    private void tcpBetweenTwoTaps(boolean offloads, Carrier carrier) throws Exception {
        String a = tapName();
        String b = tapName();
        try (Netns far = Netns.create()) {
            TapAdapter left = openInNs(a, TapAdapter.Options.DEFAULTS);
            TapAdapter right = far.inside(() -> TapAdapter.open(b, TapAdapter.Options.DEFAULTS));
            try {
                assertEquals(offloads, left.setOffloads(offloads));
                assertEquals(offloads, right.setOffloads(offloads));
                ns.exec("ip", "addr", "add", "10.214.0.1/24", "dev", a).check();
                far.exec("ip", "addr", "add", "10.214.0.2/24", "dev", b).check();
                far.exec("ip", "link", "set", "lo", "up").check();
                left.startReceiving((frames, count) -> relay(frames, count, right, carrier));
                right.startReceiving((frames, count) -> relay(frames, count, left, carrier));
                byte[] data = new byte[8 << 20];
                ThreadLocalRandom.current().nextBytes(data);
                assertArrayEquals(data, Netns.sendOverTcp(ns, far, "10.214.0.2", data), left + " / " + right);
                if (offloads) {
                    assertTrue(left.superFramesIn() > 0, "the sender's kernel handed over super-frames: " + left);
                    assertTrue(right.superFramesOut() > 0, "written whole into the receiver: " + right);
                } else {
                    assertEquals(0, left.superFramesIn() + right.superFramesIn(), left + " / " + right);
                }
                assertEquals(0, left.gsoDropsIn() + right.gsoDropsIn() + left.badOffloadIn() + right.badOffloadIn());
            } finally {
                right.close();
                left.close();
            }
        }
    }

    /** Forwards a batch as the client's tunnel would: super-frames with their header in front, others plain. */
    private static void relay(ByteBuffer[] frames, int count, TapAdapter to, Carrier carrier) {
        for (int i = 0; i < count; i++) {
            ByteBuffer f = frames[i];
            try {
                if (carrier != Carrier.VIEW) {
                    // as the client's tunnel delivers it: the header (if any) in front of the reader index
                    int head = f.remaining() > VirtualAdapter.SUPER_FRAME_THRESHOLD ? VirtualAdapter.VNET_HEADER_LENGTH : 0;
                    int size = head + f.remaining();
                    ByteBuf b = carrier == Carrier.DIRECT ? PooledByteBufAllocator.DEFAULT.directBuffer(size)
                            : Unpooled.buffer(size);
                    try {
                        b.writeBytes(f.duplicate().position(f.position() - head)).readerIndex(head);
                        to.writeFrame(b);
                    } finally {
                        b.release();
                    }
                } else if (f.remaining() > VirtualAdapter.SUPER_FRAME_THRESHOLD) {
                    to.writeSuperFrame(f.duplicate().position(f.position() - VirtualAdapter.VNET_HEADER_LENGTH));
                } else {
                    to.write(f);
                }
            } catch (ClosedChannelException e) {
                return; // the test is closing the TAPs
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

package org.ethervpn.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "packet" local bridge on a veth pair inside a network namespace of the test's own: the adapter
 * attaches to the unaddressed end (b), the kernel talks through the addressed end (a). Helper threads
 * join the namespace with setns(2) before opening. Skipped unless root with ip(8); the namespace is deleted at the end.
 */
class PacketNamespaceTest {
    private static final int TEST_ETHERTYPE = 0x88b5; // IEEE local experimental
    private static final byte[] PEER_MAC = TapSupport.parseMac("02:00:5e:22:40:02");
    private static Netns ns;
    private static int subnet;

    @BeforeAll
    static void namespace() throws IOException {
        String skip = Netns.packetSkipReason();
        Assumptions.assumeTrue(skip == null, () -> "real packet-socket tests skipped: " + skip);
        ns = Netns.create();
        subnet = ThreadLocalRandom.current().nextInt(16, 250);
    }

    @AfterAll
    static void deleteNamespace() throws IOException {
        if (ns != null) {
            ns.close();
        }
    }

    /** A veth pair in the namespace: {@code a} up with 10.subnet.n.1/24, {@code b} down and unaddressed. */
    private record Veth(String a, String b, String prefix) {
        static Veth create(int n) throws IOException {
            String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
            Veth v = new Veth("pa" + id, "pb" + id, "10." + subnet + "." + n + ".");
            ns.exec("ip", "link", "add", v.a, "type", "veth", "peer", "name", v.b).check();
            ns.exec("ip", "addr", "add", v.prefix + "1/24", "dev", v.a).check();
            ns.exec("ip", "link", "set", v.a, "up").check();
            return v;
        }

        String link(String dev) throws IOException {
            return ns.exec("ip", "-d", "link", "show", dev).check().output();
        }
    }

    private static PacketAdapter open(String dev) throws Exception {
        return ns.inside(() -> PacketAdapter.open(dev));
    }

    private static ByteBuffer testFrame(byte[] dst, byte[] src, String payload) {
        ByteBuffer f = ByteBuffer.allocate(60);
        f.put(dst).put(src).putShort((short) TEST_ETHERTYPE).put(payload.getBytes(StandardCharsets.US_ASCII));
        return f.clear();
    }

    /** The payload of a test frame (up to the first NUL), or null for any other frame. */
    private static String testPayload(ByteBuffer f) {
        if (f.remaining() < 20 || Frames.etherType(f) != TEST_ETHERTYPE) {
            return null;
        }
        String s = new String(Frames.bytes(f, 14, f.remaining() - 14), StandardCharsets.US_ASCII);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    /** ARP and ICMP from the namespace's kernel come in through the bridge; our answers go out; ping succeeds. */
    @Test
    void pingAnsweredThroughTheBridge() throws Exception {
        Veth v = Veth.create(1);
        assertFalse(v.link(v.b).contains(",UP"), "b starts down: " + v.link(v.b));
        int peerIp = Frames.ipv4(10, subnet, 1, 2);
        VirtualAdapter adapter = ns.inside(() -> new PacketAdapterFactory().open(v.b));
        PacketAdapter bridge = (PacketAdapter) adapter;
        try {
            assertEquals(v.b, bridge.interfaceName());
            assertTrue(bridge.broughtUp(), "open brought the link up");
            assertTrue(v.link(v.b).contains(",UP"), v.link(v.b));
            assertEquals(1500, bridge.mtu());
            assertEquals(1518, bridge.maxFrameSize());
            assertEquals(PacketAdapter.OutgoingFilter.IGNORE_OUTGOING_OPTION, bridge.outgoingFilter());

            AtomicInteger arpRequests = new AtomicInteger();
            AtomicInteger echoRequests = new AtomicInteger();
            AtomicInteger own = new AtomicInteger();
            bridge.startReceiving((frames, count) -> {
                for (int i = 0; i < count; i++) {
                    ByteBuffer f = frames[i];
                    try {
                        if (java.util.Arrays.equals(Frames.bytes(f, 6, 6), PEER_MAC)) {
                            own.incrementAndGet(); // one of the frames we wrote came back
                        } else if (Frames.arpRequestTarget(f) == peerIp) {
                            arpRequests.incrementAndGet();
                            bridge.write(Frames.arpReply(f, PEER_MAC, peerIp));
                        } else if (Frames.isEchoRequestTo(f, peerIp)) {
                            echoRequests.incrementAndGet();
                            bridge.write(Frames.echoReply(f));
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertThrows(IllegalStateException.class, () -> bridge.read(ByteBuffer.allocate(2048)));

            Netns.Result ping = ns.exec("ping", "-c", "3", "-i", "0.2", "-W", "3", v.prefix + "2");
            assertEquals(0, ping.exit(), "ping through the bridge: " + ping.output());
            assertTrue(arpRequests.get() >= 1, "ARP request came in through the bridge");
            assertEquals(3, echoRequests.get());
            String neigh = ns.exec("ip", "neigh", "show", v.prefix + "2", "dev", v.a).check().output();
            assertTrue(neigh.contains(TapSupport.formatMac(PEER_MAC)), "kernel learned our ARP reply: " + neigh);
            // replies to requests 1 and 2 were queued before requests 2 and 3 arrived: had they come back, we would have seen them
            assertEquals(0, own.get(), "our own frames are not delivered back");
            FdAdapter.Counters c = bridge.counters();
            assertEquals(arpRequests.get() + 3, c.framesOut(), c.toString());
            assertEquals(0, c.dropsOut(), c.toString());
        } finally {
            bridge.close();
        }
        bridge.close(); // idempotent
        assertThrows(ClosedChannelException.class, () -> bridge.write(ByteBuffer.allocate(60)));
        assertTrue(v.link(v.b).contains(",UP"), "the interface stays (up) after close: " + v.link(v.b));
    }

    /**
     * The namespace's kernel sends a UDP datagram and TCP SYNs through the veth, whose TX checksum offload is on
     * (the default): they reach the packet socket with only the pseudo-header sum in the checksum field
     * (CHECKSUM_PARTIAL); the receiver must get them with the checksum completed.
     */
    @Test
    void offloadedChecksumsAreCompleted() throws Exception {
        Veth v = Veth.create(7);
        int peerIp = Frames.ipv4(10, subnet, 7, 2);
        PacketAdapter bridge = open(v.b);
        try {
            CopyOnWriteArrayList<ByteBuffer> udp = new CopyOnWriteArrayList<>();
            CopyOnWriteArrayList<ByteBuffer> tcp = new CopyOnWriteArrayList<>();
            bridge.startReceiving((frames, count) -> {
                for (int i = 0; i < count; i++) {
                    ByteBuffer f = frames[i];
                    try {
                        if (Frames.arpRequestTarget(f) == peerIp) {
                            bridge.write(Frames.arpReply(f, PEER_MAC, peerIp));
                        } else if (Frames.etherType(f) == 0x0800 && f.getInt(f.position() + 30) == peerIp) {
                            ByteBuffer copy = ByteBuffer.allocate(f.remaining()).put(f.duplicate()).flip();
                            (f.get(f.position() + 23) == 17 ? udp : tcp).add(copy);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            java.net.InetAddress peer = java.net.InetAddress.getByName(v.prefix + "2");
            byte[] payload = new byte[333]; // odd: the sum ends with a padded byte
            ThreadLocalRandom.current().nextBytes(payload);
            ns.inside(() -> { // a socket belongs to the namespace of the thread that creates it
                try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
                    s.send(new java.net.DatagramPacket(payload, payload.length, peer, 9));
                }
                return null;
            });
            await(() -> !udp.isEmpty(), "the UDP datagram");
            ns.inside(() -> {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress(peer, 9), 1200); // nobody answers: SYN and a retry
                } catch (java.net.SocketTimeoutException expected) {
                    // the SYNs are what we want
                }
                return null;
            });
            await(() -> !tcp.isEmpty(), "the TCP SYN");
            for (ByteBuffer f : udp) {
                assertEquals(0xffff, Frames.transportSum(f), "UDP checksum right");
                assertEquals(17, f.get(23));
                assertArrayEquals(payload, Frames.bytes(f, 42, payload.length));
            }
            for (ByteBuffer f : tcp) {
                assertEquals(0xffff, Frames.transportSum(f), "TCP checksum right");
                assertEquals(0x02, f.get(14 + 20 + 13) & 0x17, "a SYN");
            }
            // without the completion the checksums above would be wrong; this says they came in partial
            assertTrue(bridge.checksumsCompleted() >= udp.size() + tcp.size(), bridge.toString());
            assertEquals(0, bridge.counters().dropsIn(), bridge.toString());
        } finally {
            bridge.close();
        }
    }

    /**
     * GSO super-frames, written as one through a vnet-header packet socket on the other end (as a veth peer with TSO
     * hands them over): TCPv4 is cut into MSS-sized segments with right checksums, UDP (UDP_L4) is dropped and counted.
     */
    @Test
    void gsoSuperFramesAreSegmentedOrDropped() throws Exception {
        Veth v = Veth.create(8);
        PacketAdapter bridge = open(v.b);
        PacketAdapter sender = open(v.a);
        int raw = ns.inside(() -> rawVnetSocket(sender.ifindex()));
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            CopyOnWriteArrayList<String> got = new CopyOnWriteArrayList<>();
            CopyOnWriteArrayList<ByteBuffer> ip = new CopyOnWriteArrayList<>();
            bridge.startReceiving((frames, count) -> {
                collect(frames, count, got);
                for (int i = 0; i < count; i++) {
                    if (Frames.etherType(frames[i]) == 0x0800) {
                        ip.add(ByteBuffer.allocate(frames[i].remaining()).put(frames[i].duplicate()).flip());
                    }
                }
            });
            byte[] data = new byte[3000];
            ThreadLocalRandom.current().nextBytes(data);
            writeSuperFrame(a, raw, 6, data);
            writeSuperFrame(a, raw, 17, data);
            byte[] broadcast = {-1, -1, -1, -1, -1, -1};
            sender.write(testFrame(broadcast, PEER_MAC, "after"));
            await(() -> got.contains("after"), "the frame after the GSO ones");
            assertEquals(3, ip.size(), "three TCP segments, no UDP: " + bridge);
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 3; i++) {
                ByteBuffer g = ip.get(i);
                assertEquals(54 + 1000, g.remaining());
                assertEquals(6, g.get(23));
                assertEquals(0xffff, Frames.transportSum(g), "TCP checksum of segment " + i);
                assertEquals(1 + 1000 * i, g.getInt(34 + 4), "sequence number");
                joined.writeBytes(Frames.bytes(g, 54, 1000));
            }
            assertArrayEquals(data, joined.toByteArray());
            assertEquals(1, bridge.gsoSegmented(), bridge.toString());
            assertEquals(1, bridge.gsoDropsIn(), bridge.toString());
            assertEquals(1, bridge.counters().dropsIn(), bridge.toString());
            assertEquals(0, bridge.counters().tooLongIn(), bridge.toString());
        } finally {
            try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
                Libc.close(Libc.newCallState(a), raw);
            }
            sender.close();
            bridge.close();
        }
    }

    /** One IPv4 super-frame of {@code proto} (TCP: GSO_TCPV4, UDP: GSO_UDP_L4) in segments of 1000 bytes, checksum left partial. */
    private static void writeSuperFrame(java.lang.foreign.Arena a, int raw, int proto, byte[] data) throws IOException {
        int l4Header = proto == 6 ? 20 : 8;
        int l4Len = l4Header + data.length;
        java.lang.foreign.MemorySegment buf = a.allocate(10 + 34 + l4Len);
        ByteBuffer hdr = buf.asSlice(0, 10).asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
        hdr.put((byte) 1).put((byte) (proto == 6 ? 1 : 5)).putShort((short) (34 + l4Header)).putShort((short) 1000)
                .putShort((short) 34).putShort((short) Frames.checksumOffset(proto));
        ByteBuffer f = buf.asSlice(10).asByteBuffer();
        f.put(TapSupport.parseMac("02:00:5e:99:99:98")).put(PEER_MAC).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4Len)).putInt(0x40000000).put((byte) 64).put((byte) proto)
                .putShort((short) 0).putInt(Frames.ipv4(10, subnet, 8, 3)).putInt(Frames.ipv4(10, subnet, 8, 4));
        if (proto == 6) {
            f.putInt(0x30391451).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x18).putShort((short) 0xffff).putInt(0);
        } else {
            f.putInt(0x30391451).putShort((short) (8 + 1000)).putShort((short) 0);
        }
        f.put(data);
        java.lang.foreign.MemorySegment state = Libc.newCallState(a);
        long n = Libc.write(state, raw, buf, buf.byteSize());
        assertEquals(buf.byteSize(), n, "GSO write (proto " + proto + "): " + (n < 0 ? Libc.strerror(Libc.errno(state)) : n));
    }

    /**
     * The product case end to end: a real TCP connection from this namespace (veth a, TSO and TX checksum offload on,
     * the defaults) through two local bridges forwarding to each other (b and c) to a second namespace (d): the data
     * arrives intact, and it did come as super-frames and partial checksums that we segmented and completed.
     */
    @Test
    void tcpThroughTwoBridgesWithOffloads() throws Exception {
        Veth v = Veth.create(9);
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        String c = "pc" + id;
        String d = "pd" + id;
        try (Netns far = Netns.create()) {
            ns.exec("ip", "link", "add", c, "type", "veth", "peer", "name", d).check();
            ns.exec("ip", "link", "set", d, "netns", far.name).check();
            far.exec("ip", "addr", "add", v.prefix + "2/24", "dev", d).check();
            far.exec("ip", "link", "set", d, "up").check();
            PacketAdapter left = open(v.b);
            PacketAdapter right = open(c);
            try {
                left.startReceiving((frames, count) -> forward(frames, count, right));
                right.startReceiving((frames, count) -> forward(frames, count, left));
                byte[] data = new byte[8 << 20];
                ThreadLocalRandom.current().nextBytes(data);
                byte[] got = Netns.sendOverTcp(ns, far, v.prefix + "2", data);

                assertEquals(data.length, got.length, "bytes through the bridges; " + left + " / " + right);
                assertArrayEquals(data, got);
                assertTrue(left.gsoSegmented() > 0, "super-frames came in and were segmented: " + left);
                assertTrue(right.checksumsCompleted() > 0, "ACKs came in with partial checksums: " + right);
                assertEquals(0, left.gsoDropsIn() + right.gsoDropsIn(), left + " / " + right);
            } finally {
                right.close();
                left.close();
            }
        }
    }

    private static void forward(ByteBuffer[] frames, int count, PacketAdapter to) {
        for (int i = 0; i < count; i++) {
            try {
                to.write(frames[i]);
            } catch (ClosedChannelException e) {
                return; // the test is closing the bridges
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A blocking AF_PACKET socket with PACKET_VNET_HDR bound to {@code ifindex}, in the calling thread's namespace. */
    private static int rawVnetSocket(int ifindex) throws IOException {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment state = Libc.newCallState(a);
            int fd = Libc.socket(state, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket: " + Libc.strerror(Libc.errno(state)));
            }
            if (Libc.setsockopt(state, fd, PacketAdapter.SOL_PACKET, PacketAdapter.PACKET_VNET_HDR,
                    a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 1)) < 0) {
                throw new IOException("PACKET_VNET_HDR: " + Libc.strerror(Libc.errno(state)));
            }
            java.lang.foreign.MemorySegment sll = a.allocate(20, 4);
            sll.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            sll.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 2, (short) 0x0300); // htons(ETH_P_ALL)
            sll.set(java.lang.foreign.ValueLayout.JAVA_INT, 4, ifindex);
            if (Libc.bind(state, fd, sll) < 0) {
                throw new IOException("bind: " + Libc.strerror(Libc.errno(state)));
            }
            return fd;
        }
    }

    /** Frames to a foreign unicast MAC arrive; the promiscuous membership exists while open and goes with close. */
    @Test
    void promiscuousWhileOpen() throws Exception {
        Veth v = Veth.create(2);
        assertTrue(v.link(v.b).contains("promiscuity 0"), v.link(v.b));
        PacketAdapter bridge = open(v.b);
        PacketAdapter sender = open(v.a);
        try {
            assertTrue(v.link(v.b).contains("promiscuity 1"), v.link(v.b));
            CopyOnWriteArrayList<String> got = new CopyOnWriteArrayList<>();
            bridge.startReceiving((frames, count) -> {
                for (int i = 0; i < count; i++) {
                    String p = testPayload(frames[i]);
                    if (p != null) {
                        got.add(p);
                    }
                }
            });
            byte[] foreign = TapSupport.parseMac("02:00:5e:99:99:99");
            assertFalse(java.util.Arrays.equals(foreign, bridge.macAddress()));
            sender.write(testFrame(foreign, PEER_MAC, "foreign"));
            await(() -> got.contains("foreign"), "frame to a foreign MAC");
        } finally {
            sender.close();
            bridge.close();
        }
        String after = v.link(v.b);
        assertTrue(after.contains("promiscuity 0"), "membership dropped on close: " + after);
    }

    /**
     * Frames we write go out (the other end sees them) but never come back to our receiver, and neither do
     * other frames the host sends on the interface (here from a second packet socket on it), with either filter.
     */
    @Test
    void outgoingFramesAreNotDelivered() throws Exception {
        for (boolean bpf : new boolean[] {false, true}) {
            Veth v = Veth.create(bpf ? 4 : 3);
            PacketAdapter bridge = ns.inside(() -> PacketAdapter.open(v.b, bpf));
            PacketAdapter host = open(v.b);
            PacketAdapter other = open(v.a);
            try {
                assertEquals(bpf ? PacketAdapter.OutgoingFilter.BPF : PacketAdapter.OutgoingFilter.IGNORE_OUTGOING_OPTION,
                        bridge.outgoingFilter());
                CopyOnWriteArrayList<String> atBridge = new CopyOnWriteArrayList<>();
                CopyOnWriteArrayList<String> atOther = new CopyOnWriteArrayList<>();
                bridge.startReceiving((frames, count) -> collect(frames, count, atBridge));
                other.startReceiving((frames, count) -> collect(frames, count, atOther));
                byte[] broadcast = {-1, -1, -1, -1, -1, -1};
                for (int i = 0; i < 3; i++) {
                    ByteBuffer direct = ByteBuffer.allocateDirect(60);
                    direct.put(testFrame(broadcast, PEER_MAC, "mark" + i)).flip();
                    bridge.write(i % 2 == 0 ? direct : testFrame(broadcast, PEER_MAC, "mark" + i));
                    host.write(testFrame(broadcast, host.macAddress(), "host" + i));
                }
                await(() -> atOther.size() >= 6, "our and the host's frames at the other end (bpf " + bpf + ")");
                other.write(testFrame(broadcast, other.macAddress(), "sync"));
                await(() -> atBridge.contains("sync"), "sync frame");
                // all outgoing copies were queued before sync arrived: had any been delivered, it would be listed
                assertEquals(java.util.List.of("sync"), atBridge, "only the other end's frame (bpf " + bpf + ")");
                assertEquals(3, bridge.counters().framesOut());
            } finally {
                other.close();
                host.close();
                bridge.close();
            }
        }
    }

    private static void collect(ByteBuffer[] frames, int count, java.util.List<String> into) {
        for (int i = 0; i < count; i++) {
            String p = testPayload(frames[i]);
            if (p != null) {
                into.add(p);
            }
        }
    }

    /** A frame longer than a slot (here: the MTU raised behind our back) is dropped and counted, later frames still arrive. */
    @Test
    void tooLongFramesAreDroppedAndCounted() throws Exception {
        Veth v = Veth.create(5);
        PacketAdapter bridge = open(v.b);
        try {
            CopyOnWriteArrayList<String> got = new CopyOnWriteArrayList<>();
            bridge.startReceiving((frames, count) -> collect(frames, count, got));
            ns.exec("ip", "link", "set", v.a, "mtu", "4000").check();
            ns.exec("ip", "link", "set", v.b, "mtu", "4000").check();
            try (PacketAdapter sender = open(v.a)) {
                assertEquals(4018, sender.maxFrameSize());
                byte[] broadcast = {-1, -1, -1, -1, -1, -1};
                ByteBuffer big = ByteBuffer.allocate(3000);
                big.put(testFrame(broadcast, PEER_MAC, "big")).clear();
                sender.write(big);
                sender.write(testFrame(broadcast, PEER_MAC, "small"));
            }
            await(() -> got.contains("small"), "the frame after the long one");
            assertFalse(got.contains("big"));
            assertEquals(1, bridge.counters().tooLongIn(), bridge.counters().toString());
            assertEquals(1, bridge.counters().dropsIn(), bridge.counters().toString());
        } finally {
            bridge.close();
        }
    }

    @Test
    void clearErrors() throws Exception {
        IOException missing = assertThrows(IOException.class, () -> open("nosuch0"));
        assertTrue(missing.getMessage().contains("no interface 'nosuch0'"), missing.getMessage());
        IOException missingViaFactory = assertThrows(IOException.class, () -> ns.inside(() -> new PacketAdapterFactory().open("nosuch1")));
        assertTrue(missingViaFactory.getMessage().contains("no interface 'nosuch1'"), missingViaFactory.getMessage());

        IOException lo = assertThrows(IOException.class, () -> open("lo"));
        assertTrue(lo.getMessage().contains("not an Ethernet interface"), lo.getMessage());

        IOException bad = assertThrows(IOException.class, () -> PacketAdapter.open("bad/name"));
        assertTrue(bad.getMessage().contains("'/'"), bad.getMessage());

        Veth v = Veth.create(6);
        IOException noRaw = assertThrows(IOException.class, () -> ns.inside(() -> {
            Caps.dropEffective(Caps.CAP_NET_RAW);
            return PacketAdapter.open(v.b);
        }));
        assertTrue(noRaw.getMessage().contains("CAP_NET_RAW") && noRaw.getMessage().contains("Operation not permitted"),
                noRaw.getMessage());

        IOException down = assertThrows(IOException.class, () -> ns.inside(() -> {
            Caps.dropEffective(Caps.CAP_NET_ADMIN);
            return PacketAdapter.open(v.b);
        }));
        assertTrue(down.getMessage().contains("'" + v.b + "' is down and cannot be brought up")
                && down.getMessage().contains("CAP_NET_ADMIN"), down.getMessage());
        assertFalse(v.link(v.b).contains(",UP"));
        assertTrue(v.link(v.b).contains("promiscuity 0"), "nothing left behind by the failed open: " + v.link(v.b));

        ns.exec("ip", "link", "set", v.b, "up").check();
        PacketAdapter noAdmin = ns.inside(() -> {
            Caps.dropEffective(Caps.CAP_NET_ADMIN);
            return PacketAdapter.open(v.b); // an interface that is already up needs CAP_NET_RAW only
        });
        try {
            assertFalse(noAdmin.broughtUp());
            IOException tooBig = assertThrows(IOException.class, () -> noAdmin.write(ByteBuffer.allocate(5000)));
            assertTrue(tooBig.getMessage().contains("5000 bytes"), tooBig.getMessage());
            assertArrayEquals(Frames.bytes(ByteBuffer.wrap(noAdmin.macAddress()), 0, 6), noAdmin.macAddress());
        } finally {
            noAdmin.close();
        }
    }
}

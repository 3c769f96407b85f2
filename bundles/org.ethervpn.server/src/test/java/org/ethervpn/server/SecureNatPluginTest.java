package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.securenat.component.SecureNatComponent;
import org.ethervpn.server.config.SecureNatRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real SecureNAT plugin (bundle org.ethervpn.securenat, as DS would give it) behind the server's
 * port: a VPN session asks the virtual host's MAC by ARP and pings it, through real TLS and the hub,
 * and gets SoftEther's answers from the MAC the hub's settings hold; its UDP goes out through the
 * NAT and shows in EnumNAT; its DHCP lease shows in EnumDHCP. What the plugin does beyond that (TCP, DNS...) is tested in its
 * bundle and in the product's namespace tests.
 */
class SecureNatPluginTest {
    static {
        LeakWatch.install();
    }

    private static final byte[] CLIENT_IP = {(byte) 192, (byte) 168, 30, 50};
    private static final byte[] HOST_IP = {(byte) 192, (byte) 168, 30, 1};

    @TempDir
    Path dir;

    @Test
    void aSessionResolvesAndPingsTheVirtualHost() throws Exception {
        SecureNatComponent plugin = new SecureNatComponent(new org.ethervpn.testsupport.TestLogger().logger());
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            s.secureNatPlugin(plugin);
            s.admin.secureNatSetEnabled("DEFAULT", true);
            SecureNatStatus st = s.admin.secureNatStatus("DEFAULT");
            assertTrue(st.running(), st.state());
            byte[] hostMac = SecureNatRules.parseMac(s.admin.secureNatOptionGet("DEFAULT").mac());
            try (TestPeer alice = TestPeer.session(s.port, "DEFAULT", "alice", "alicepass", l -> { })) {
                alice.sendFrames(arpRequest(alice.mac));
                byte[] reply = await(alice, f -> type(f) == 0x0806 && f.length >= 42 && f[21] == 2);
                assertArrayEquals(hostMac, Arrays.copyOfRange(reply, 22, 28), "the ARP answer names the hub's SecureNAT MAC");
                assertArrayEquals(HOST_IP, Arrays.copyOfRange(reply, 28, 32));

                alice.sendFrames(echoRequest(alice.mac, hostMac, 0x4242, 7));
                byte[] pong = await(alice, f -> type(f) == 0x0800 && f.length >= 42 && f[23] == 1 && f[34] == 0);
                assertArrayEquals(hostMac, Arrays.copyOfRange(pong, 6, 12));
                assertArrayEquals(HOST_IP, Arrays.copyOfRange(pong, 26, 30), "the echo reply comes from 192.168.30.1");
                assertEquals(0x4242, ByteBuffer.wrap(pong, 38, 2).getShort() & 0xFFFF, "its identifier");
            }
            s.admin.secureNatSetEnabled("DEFAULT", false);
            assertEquals(SecureNatSlot.OFF, s.admin.secureNatStatus("DEFAULT").state());
        } finally {
            Method d = SecureNatComponent.class.getDeclaredMethod("deactivate");
            d.setAccessible(true); // what DS does when the bundle stops
            d.invoke(plugin);
        }
        LeakWatch.assertNoLeaks();
    }

    /**
     * A session's UDP datagram goes out through the server's socket to a peer on this machine (not
     * loopback, which the NAT refuses), EnumNAT lists the flow, and the peer's answer comes back.
     */
    @Test
    void aSessionsUdpGoesOutThroughTheNatIsListedAndAnswered() throws Exception {
        Inet4Address local = NetworkInterface.networkInterfaces().filter(SecureNatPluginTest::upNotLoopback)
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).map(a -> (Inet4Address) a)
                .findFirst().orElse(null);
        assumeTrue(local != null, "needs a non-loopback IPv4 address on this machine (the NAT never reaches loopback)");
        SecureNatComponent plugin = new SecureNatComponent(new org.ethervpn.testsupport.TestLogger().logger());
        try (TestServer s = new TestServer(dir).user("alice", "alicepass");
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress(local, 0))) {
            peer.setSoTimeout(5000);
            s.secureNatPlugin(plugin);
            s.admin.secureNatSetEnabled("DEFAULT", true);
            byte[] hostMac = SecureNatRules.parseMac(s.admin.secureNatOptionGet("DEFAULT").mac());
            try (TestPeer alice = TestPeer.session(s.port, "DEFAULT", "alice", "alicepass", l -> { })) {
                alice.sendFrames(arpRequest(alice.mac));
                await(alice, f -> type(f) == 0x0806);
                byte[] hello = "hello through the NAT".getBytes(StandardCharsets.US_ASCII);
                alice.sendFrames(udp(alice.mac, hostMac, CLIENT_IP, local.getAddress(), 40000, peer.getLocalPort(), hello));
                DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
                peer.receive(got);
                assertArrayEquals(hello, Arrays.copyOf(got.getData(), got.getLength()));
                List<NatEntry> flows = s.admin.natList("DEFAULT");
                assertTrue(flows.stream().anyMatch(e -> e.protocol() == NatProtocol.UDP && e.srcIp().equals("192.168.30.50")
                        && e.srcPort() == 40000 && e.destIp().equals(local.getHostAddress())
                        && e.destPort() == peer.getLocalPort()), "EnumNAT lists the flow: " + flows);
                assertEquals(1, s.admin.secureNatStatus("DEFAULT").udpSessions());

                byte[] back = "and back".getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(back, back.length, got.getSocketAddress()));
                byte[] answer = await(alice, f -> type(f) == 0x0800 && f.length >= 42 && f[23] == 17);
                assertArrayEquals(local.getAddress(), Arrays.copyOfRange(answer, 26, 30));
                assertEquals(40000, ByteBuffer.wrap(answer, 36, 2).getShort() & 0xFFFF, "to the client's port");
                assertArrayEquals(back, Arrays.copyOfRange(answer, 42, 42 + back.length));
            }
        } finally {
            Method d = SecureNatComponent.class.getDeclaredMethod("deactivate");
            d.setAccessible(true);
            d.invoke(plugin);
        }
        LeakWatch.assertNoLeaks();
    }

    /** DISCOVER, OFFER, REQUEST, ACK with the real plugin's DHCP server; EnumDHCP lists the lease and the host name. */
    @Test
    void aSessionGetsALeaseThatEnumDhcpLists() throws Exception {
        SecureNatComponent plugin = new SecureNatComponent(new org.ethervpn.testsupport.TestLogger().logger());
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            s.secureNatPlugin(plugin);
            s.admin.secureNatSetEnabled("DEFAULT", true);
            try (TestPeer alice = TestPeer.session(s.port, "DEFAULT", "alice", "alicepass", l -> { })) {
                alice.sendFrames(dhcp(alice.mac, 1, null, null));
                byte[] offer = await(alice, f -> dhcpType(f) == 2);
                byte[] offered = Arrays.copyOfRange(offer, 14 + 20 + 8 + 16, 14 + 20 + 8 + 20);
                alice.sendFrames(dhcp(alice.mac, 3, offered, HOST_IP));
                byte[] ack = await(alice, f -> dhcpType(f) == 5);
                assertArrayEquals(offered, Arrays.copyOfRange(ack, 14 + 20 + 8 + 16, 14 + 20 + 8 + 20));
                String ip = InetAddress.getByAddress(offered).getHostAddress();
                List<DhcpLease> leases = s.admin.dhcpList("DEFAULT");
                assertEquals(1, leases.size(), leases.toString());
                DhcpLease l = leases.get(0);
                assertEquals(List.of(ip, "255.255.255.0", "pc-alice", SecureNatRules.mac(alice.mac)),
                        List.of(l.ip(), l.mask(), l.hostname(), l.mac()));
                assertTrue(l.expires().isAfter(l.leased().plusSeconds(7000)), "SoftEther's 7200 s lease: " + l);
                assertEquals(1, s.admin.secureNatStatus("DEFAULT").dhcpClients());
            }
        } finally {
            Method d = SecureNatComponent.class.getDeclaredMethod("deactivate");
            d.setAccessible(true);
            d.invoke(plugin);
        }
        LeakWatch.assertNoLeaks();
    }

    /** A DHCP message of {@code type} (1 DISCOVER, 3 REQUEST for {@code ip} from {@code server}), broadcast, host name pc-alice. */
    private static byte[] dhcp(byte[] mac, int type, byte[] ip, byte[] server) {
        ByteBuffer b = ByteBuffer.allocate(300);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(0x5ec0ffee).putShort((short) 0)
                .putShort((short) 0x8000).put(new byte[16]).put(mac).put(new byte[10 + 64 + 128]).putInt(0x63825363);
        b.put((byte) 53).put((byte) 1).put((byte) type);
        byte[] name = "pc-alice".getBytes(StandardCharsets.US_ASCII);
        b.put((byte) 12).put((byte) name.length).put(name);
        if (ip != null) {
            b.put((byte) 50).put((byte) 4).put(ip).put((byte) 54).put((byte) 4).put(server);
        }
        b.put((byte) 255);
        byte[] bootp = Arrays.copyOf(b.array(), b.position());
        return udp(mac, TestPeer.BROADCAST, new byte[4], new byte[] {-1, -1, -1, -1}, 68, 67, bootp);
    }

    /** The DHCP message type of a frame from the server's port 67, else -1. */
    private static int dhcpType(byte[] f) {
        int opts = 14 + 20 + 8 + 240;
        if (type(f) != 0x0800 || f.length <= opts || f[23] != 17 || (ByteBuffer.wrap(f, 34, 2).getShort() & 0xFFFF) != 67) {
            return -1;
        }
        for (int i = opts; i + 1 < f.length && (f[i] & 0xFF) != 255; i += 2 + (f[i + 1] & 0xFF)) {
            if (f[i] == 0) {
                i--; // a pad byte has no length
                continue;
            }
            if (f[i] == 53) {
                return f[i + 2];
            }
        }
        return -1;
    }

    private static boolean upNotLoopback(NetworkInterface n) {
        try {
            return n.isUp() && !n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    /** A UDP datagram in IPv4 in Ethernet, both checksums right. */
    private static byte[] udp(byte[] srcMac, byte[] dstMac, byte[] src, byte[] dst, int sport, int dport, byte[] payload) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) u.capacity()).putShort((short) 0).put(payload);
        ByteBuffer pseudo = ByteBuffer.allocate(12 + u.capacity());
        pseudo.put(src).put(dst).put((byte) 0).put((byte) 17).putShort((short) u.capacity()).put(u.array());
        u.putShort(6, checksum(pseudo.array()));
        ByteBuffer ip = ByteBuffer.allocate(20);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + u.capacity())).putShort((short) 2).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst);
        ip.putShort(10, checksum(ip.array()));
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + u.capacity());
        f.put(dstMac).put(srcMac).putShort((short) 0x0800).put(ip.array()).put(u.array());
        return f.array();
    }

    private static int type(byte[] f) {
        return f.length < 14 ? -1 : (f[12] & 0xFF) << 8 | (f[13] & 0xFF);
    }

    private static byte[] await(TestPeer p, Predicate<byte[]> wanted) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (;;) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            byte[] f = left <= 0 ? null : p.readFrame(left);
            assertNotNull(f, "no answer from the virtual host");
            if (wanted.test(f)) {
                return f;
            }
        }
    }

    /** "Who has 192.168.30.1? Tell 192.168.30.50", broadcast. */
    private static byte[] arpRequest(byte[] mac) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put(TestPeer.BROADCAST).put(mac).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        b.put(mac).put(CLIENT_IP).put(new byte[6]).put(HOST_IP);
        return b.array();
    }

    /** An ICMP echo request from 192.168.30.50 to the virtual host, checksums right. */
    private static byte[] echoRequest(byte[] src, byte[] dst, int id, int seq) {
        byte[] payload = "ethervpn securenat ping".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer icmp = ByteBuffer.allocate(8 + payload.length);
        icmp.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(payload);
        icmp.putShort(2, checksum(icmp.array()));
        ByteBuffer ip = ByteBuffer.allocate(20);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmp.capacity())).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(CLIENT_IP).put(HOST_IP);
        ip.putShort(10, checksum(ip.array()));
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + icmp.capacity());
        f.put(dst).put(src).putShort((short) 0x0800).put(ip.array()).put(icmp.array());
        return f.array();
    }

    private static short checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if (b.length % 2 == 1) {
            sum += (b[b.length - 1] & 0xFF) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }
}

package org.ethervpn.securenat.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.SaveLogTest.Lines;
import org.ethervpn.securenat.engine.Frames;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.netty.buffer.ByteBuf;

/** The UDP NAT with real sockets: a client on the hub talks to a UDP server on 127.0.0.1 (off the virtual subnet). */
@Timeout(30)
class UdpNatLoopbackTest {
    static final long HOST = Mac.parse(EngineHarness.HOST_MAC);
    static final long CLIENT = 0x02_00_00_00_00_0AL;
    static final int CLIENT_IP = Ip4.parse("192.168.30.10");
    static final int LOOPBACK = Ip4.parse("127.0.0.1");

    NatLoop loop;
    UdpNat nat;
    DatagramSocket server;
    Thread echo;
    volatile InetSocketAddress lastSender;

    @BeforeEach
    void setUp() throws Exception {
        loop = new NatLoop(FlowLimits.DEFAULT, lines);
        nat = new UdpNat(loop.h.engine);
        loop.run(() -> loop.h.engine.nat(Ipv4.UDP, nat).service(nat).start());
        server = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        echo = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[65536];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    server.receive(p);
                    lastSender = (InetSocketAddress) p.getSocketAddress();
                    server.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
    }

    final Lines lines = new Lines();

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        echo.join(2000);
        loop.close();
    }

    ByteBuf datagram(int client, int clientPort, int dst, int dstPort, byte[] data) {
        return Frames.ipv4(HOST, CLIENT + (client - CLIENT_IP), client, dst, Ipv4.UDP, Frames.udp(clientPort, dstPort, data));
    }

    @Test
    void echoesThroughTheNatFromTheServersAddressAndPort() {
        byte[] data = "hello through SecureNAT".getBytes(StandardCharsets.US_ASCII);
        loop.run(() -> loop.h.send(datagram(CLIENT_IP, 40000, LOOPBACK, server.getLocalPort(), data)));
        ByteBuf r = loop.await(5000);
        assertNotNull(r, "the echo came back");
        assertEquals(CLIENT, Mac.read(r, 0));
        int ip = Ethernet.HEADER;
        assertNull(Ipv4.check(r, ip, r.readableBytes() - ip));
        assertEquals(LOOPBACK, Ipv4.src(r, ip));
        assertEquals(CLIENT_IP, Ipv4.dst(r, ip));
        int u = Ipv4.payload(r, ip);
        assertEquals(server.getLocalPort(), r.getUnsignedShort(u));
        assertEquals(40000, r.getUnsignedShort(u + 2));
        int len = r.getUnsignedShort(u + 4);
        assertTrue(Checksum.verify(Checksum.add(Checksum.pseudoHeader(LOOPBACK, CLIENT_IP, Ipv4.UDP, len), r, u, len)));
        assertEquals("hello through SecureNAT", r.toString(u + 8, len - 8, StandardCharsets.US_ASCII));
        r.release();

        List<NatEntry> rows = loop.call(loop.h.engine::natSessions);
        assertEquals(1, rows.size());
        NatEntry e = rows.get(0);
        assertEquals(NatProtocol.UDP, e.protocol());
        assertEquals("192.168.30.10", e.srcIp());
        assertEquals(40000, e.srcPort());
        assertEquals("127.0.0.1", e.destIp());
        assertEquals(server.getLocalPort(), e.destPort());
        assertEquals(data.length, e.sendBytes());
        assertEquals(data.length, e.recvBytes());
        assertEquals(1, loop.call(() -> loop.h.engine.status().udpSessions()));

        loop.run(() -> loop.h.advance(61_000)); // idle: the flow ends, and the hub's log says so (SaveLog is on by default)
        String to = "192.168.30.10:40000 -> 127.0.0.1:" + server.getLocalPort();
        List<String> l = lines.info.stream().filter(x -> x.contains(" UDP session ")).toList();
        assertEquals(2, l.size(), lines.info.toString());
        assertTrue(l.get(0).endsWith(" opened: " + to), l.get(0));
        assertTrue(l.get(1).contains(" ended: " + to + ", " + data.length + " bytes sent, " + data.length + " received, 61.0 s"),
                l.get(1));
    }

    @Test
    void answersComeOnlyFromAddressesTheFlowSentToFromAnyPortOfThem() throws Exception {
        loop.run(() -> loop.h.send(datagram(CLIENT_IP, 40001, LOOPBACK, server.getLocalPort(), new byte[] {1})));
        loop.await(5000).release();
        InetSocketAddress publicSide = new InetSocketAddress("127.0.0.1", lastSender.getPort());
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
                DatagramSocket otherPort = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            stranger.send(new DatagramPacket(new byte[] {2}, 1, publicSide));
            otherPort.send(new DatagramPacket(new byte[] {3}, 1, publicSide));
            ByteBuf r = loop.await(5000);
            assertNotNull(r);
            int u = Ipv4.payload(r, Ethernet.HEADER);
            assertEquals(otherPort.getLocalPort(), r.getUnsignedShort(u), "delivered from the port it came from");
            assertEquals(3, r.getByte(u + 8));
            r.release();
            assertNull(loop.await(300), "nothing from the address the flow never sent to");
            assertEquals(1, loop.call(nat::refusedDatagrams));
        }
    }

    @Test
    void aDatagramLargerThanTheMtuReachesTheClientAsFragments() {
        byte[] data = new byte[3000];
        new Random(5).nextBytes(data);
        // the client's own 3000-byte datagram would come fragmented (which SecureNAT drops); the server's
        // answer is what may be large: here the echo server answers a small request with... the same size,
        // so send the request in the size that fits and let a second server socket answer big.
        loop.run(() -> loop.h.send(datagram(CLIENT_IP, 40002, LOOPBACK, server.getLocalPort(), new byte[] {9})));
        loop.await(5000).release();
        InetSocketAddress publicSide = new InetSocketAddress("127.0.0.1", lastSender.getPort());
        try (DatagramSocket big = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            big.send(new DatagramPacket(data, data.length, publicSide));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<ByteBuf> frags = new ArrayList<>();
        for (ByteBuf f; frags.size() < 3 && (f = loop.await(5000)) != null;) {
            frags.add(f.skipBytes(Ethernet.HEADER));
        }
        assertEquals(3, frags.size());
        byte[] udp = Reassembly.check(frags, Ipv4.id(frags.get(0), frags.get(0).readerIndex()), 1500);
        assertArrayEquals(data, Arrays.copyOfRange(udp, 8, udp.length));
    }

    @Test
    void anIdleFlowEndsAfterTheUdpTimeout() {
        loop.run(() -> loop.h.send(datagram(CLIENT_IP, 40003, LOOPBACK, server.getLocalPort(), new byte[] {1})));
        loop.await(5000).release();
        loop.run(() -> loop.h.advance(59_000));
        assertEquals(1, loop.call(() -> loop.h.engine.status().udpSessions()), "60 s is SoftEther's default");
        loop.run(() -> loop.h.advance(2_000));
        assertEquals(0, loop.call(() -> loop.h.engine.status().udpSessions()));
        assertTrue(loop.call(loop.h.engine::natSessions).isEmpty());
    }
}

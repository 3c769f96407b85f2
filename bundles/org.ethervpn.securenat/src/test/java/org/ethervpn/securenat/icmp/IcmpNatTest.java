package org.ethervpn.securenat.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.Frames;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;
import org.ethervpn.securenat.udp.NatLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.netty.buffer.ByteBuf;

@Timeout(30)
class IcmpNatTest {
    static final long HOST = Mac.parse(EngineHarness.HOST_MAC);
    static final long CLIENT = 0x02_00_00_00_00_0AL;
    static final int HOST_IP = Ip4.parse("192.168.30.1");
    static final int CLIENT_IP = Ip4.parse("192.168.30.10");
    static final int LOOPBACK = Ip4.parse("127.0.0.1");
    static final int FAR = Ip4.parse("198.51.100.7");

    static ByteBuf ping(int dst, int id, int seq, String data) {
        return Frames.ipv4(HOST, CLIENT, CLIENT_IP, dst, Ipv4.ICMP,
                Frames.echoRequest(id, seq, data.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Checks an echo reply from {@code from} to the client and returns the ICMP index. */
    static int reply(ByteBuf r, int from, int id, int seq, String data) {
        int ip = Ethernet.HEADER;
        assertEquals(CLIENT, Mac.read(r, 0));
        assertNull(Ipv4.check(r, ip, r.readableBytes() - ip));
        assertEquals(from, Ipv4.src(r, ip));
        assertEquals(CLIENT_IP, Ipv4.dst(r, ip));
        int p = Ipv4.payload(r, ip);
        int len = Ipv4.payloadLength(r, ip);
        assertEquals(0, r.getUnsignedByte(p), "echo reply");
        assertEquals(id, r.getUnsignedShort(p + 4), "the client's identifier");
        assertEquals(seq, r.getUnsignedShort(p + 6), "the client's sequence");
        assertTrue(Checksum.verify(Checksum.add(0, r, p, len)));
        assertEquals(data, r.toString(p + 8, len - 8, StandardCharsets.US_ASCII));
        return p;
    }

    @Test
    void pingsToLoopbackGoOutAndTheRealRepliesComeBack() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root (a raw ICMP socket) or a group in net.ipv4.ping_group_range; here neither is certain");
        try (NatLoop loop = new NatLoop(FlowLimits.DEFAULT)) {
            IcmpNat nat = new IcmpNat(loop.h.engine);
            loop.run(() -> loop.h.engine.nat(Ipv4.ICMP, nat).service(nat).start());
            for (int seq = 1; seq <= 3; seq++) {
                int s = seq;
                loop.run(() -> loop.h.send(ping(LOOPBACK, 0x5151, s, "ping " + s)));
                ByteBuf r = loop.await(3000);
                assertNotNull(r, "reply " + seq);
                reply(r, LOOPBACK, 0x5151, seq, "ping " + seq);
                r.release();
            }
            assertTrue(loop.call(nat::forwarding), "a real socket, not SecureNAT's own answer");
            List<NatEntry> rows = loop.call(loop.h.engine::natSessions);
            assertEquals(1, rows.size(), "one flow per client, identifier and destination");
            assertEquals(NatProtocol.ICMP, rows.get(0).protocol());
            assertEquals("127.0.0.1", rows.get(0).destIp());
            assertEquals(3 * 14, rows.get(0).sendBytes());
            assertEquals(3 * (20 + 14), rows.get(0).recvBytes(), "replies counted with their IPv4 header, as SoftEther's raw socket");
            loop.run(() -> loop.h.advance(10_100));
            assertEquals(0, loop.call(() -> loop.h.engine.status().icmpSessions()), "idle after 10 s");
        }
    }

    @Test
    void withoutAnIcmpSocketTheEchoIsAnsweredOnTheDestinationsBehalf() {
        try (EngineHarness h = new EngineHarness()) {
            IcmpNat nat = new IcmpNat(h.engine, false);
            h.engine.nat(Ipv4.ICMP, nat).service(nat).start();
            h.send(ping(FAR, 9, 4, "anyone there"));
            ByteBuf r = h.take();
            assertNotNull(r);
            reply(r, FAR, 9, 4, "anyone there");
            r.release();
            assertTrue(h.engine.natSessions().isEmpty());
        }
    }

    @Test
    void ttlOneGetsTimeExceededFromTheVirtualHost() {
        try (EngineHarness h = new EngineHarness()) {
            IcmpNat nat = new IcmpNat(h.engine, false);
            h.engine.nat(Ipv4.ICMP, nat).service(nat).start();
            ByteBuf req = ping(FAR, 9, 5, "traceroute");
            req.setByte(Ethernet.HEADER + 8, 1);
            req.setShort(Ethernet.HEADER + 10, 0);
            req.setShort(Ethernet.HEADER + 10, Checksum.finish(Checksum.add(0, req, Ethernet.HEADER, 20)));
            h.send(req);
            ByteBuf r = h.take();
            assertNotNull(r);
            int ip = Ethernet.HEADER;
            assertNull(Ipv4.check(r, ip, r.readableBytes() - ip));
            assertEquals(HOST_IP, Ipv4.src(r, ip));
            int p = Ipv4.payload(r, ip);
            assertEquals(11, r.getUnsignedByte(p));
            assertEquals(8 + 20 + 8, Ipv4.payloadLength(r, ip));
            assertEquals(FAR, r.getInt(p + 8 + 16), "quotes the request's header");
            assertEquals(9, r.getUnsignedShort(p + 8 + 20 + 4), "and its identifier");
            r.release();
        }
    }
}

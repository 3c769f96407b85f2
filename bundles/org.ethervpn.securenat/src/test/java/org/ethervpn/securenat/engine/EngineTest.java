package org.ethervpn.securenat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class EngineTest {
    static final long HOST = Mac.parse(EngineHarness.HOST_MAC);
    static final long CLIENT = 0x02_00_00_00_00_0AL;
    static final int HOST_IP = Ip4.parse("192.168.30.1");
    static final int CLIENT_IP = Ip4.parse("192.168.30.10");

    @Test
    void answersArpForTheVirtualHostOnly() {
        try (EngineHarness h = new EngineHarness().start()) {
            h.send(arpRequest(CLIENT, CLIENT_IP, HOST_IP));
            ByteBuf reply = h.take();
            assertNotNull(reply);
            assertEquals(CLIENT, Mac.read(reply, 0));
            assertEquals(HOST, Mac.read(reply, 6));
            assertEquals(Ethernet.TYPE_ARP, reply.getUnsignedShort(12));
            assertEquals(2, reply.getUnsignedShort(14 + 6));
            assertEquals(HOST, Mac.read(reply, 14 + 8));
            assertEquals(HOST_IP, reply.getInt(14 + 14));
            assertEquals(CLIENT_IP, reply.getInt(14 + 24));
            reply.release();

            h.send(arpRequest(CLIENT, CLIENT_IP, Ip4.parse("192.168.30.99")));
            assertNull(h.take(), "another station's address is not answered");
        }
    }

    @Test
    void answersPingWithTheSameIdSequenceAndData() {
        try (EngineHarness h = new EngineHarness().start()) {
            byte[] data = "hello securenat".getBytes(StandardCharsets.US_ASCII);
            h.send(Frames.ipv4(HOST, CLIENT, CLIENT_IP, HOST_IP, Ipv4.ICMP, Frames.echoRequest(0x1234, 7, data)));
            ByteBuf r = h.take();
            assertNotNull(r);
            assertEquals(CLIENT, Mac.read(r, 0), "sent to the MAC the request came from");
            int ip = Ethernet.HEADER;
            assertEquals(null, Ipv4.check(r, ip, r.readableBytes() - ip));
            assertEquals(HOST_IP, Ipv4.src(r, ip));
            assertEquals(CLIENT_IP, Ipv4.dst(r, ip));
            int p = Ipv4.payload(r, ip);
            assertEquals(0, r.getUnsignedByte(p), "echo reply");
            assertEquals(0x1234, r.getUnsignedShort(p + 4));
            assertEquals(7, r.getUnsignedShort(p + 6));
            assertTrue(Checksum.verify(Checksum.add(0, r, p, Ipv4.payloadLength(r, ip))));
            assertEquals("hello securenat", r.toString(p + 8, data.length, StandardCharsets.US_ASCII));
            r.release();
        }
    }

    @Test
    void malformedFramesAreDroppedAndCounted() {
        try (EngineHarness h = new EngineHarness().start()) {
            h.send(Unpooled.wrappedBuffer(new byte[10]));                    // runt
            ByteBuf badSum = Frames.ipv4(HOST, CLIENT, CLIENT_IP, HOST_IP, Ipv4.ICMP, Frames.echoRequest(1, 1, new byte[8]));
            badSum.setByte(badSum.writerIndex() - 1, 0x55);                  // ICMP checksum now wrong
            h.send(badSum);
            ByteBuf shortArp = arpRequest(CLIENT, CLIENT_IP, HOST_IP);
            shortArp.writerIndex(30);
            h.send(shortArp);
            ByteBuf badLength = Frames.ipv4(HOST, CLIENT, CLIENT_IP, HOST_IP, Ipv4.ICMP, Frames.echoRequest(1, 1, new byte[8]));
            badLength.setShort(Ethernet.HEADER + 2, 1400);                   // longer than the frame
            h.send(badLength);
            assertNull(h.take(), "nothing answered");
            assertEquals(4, h.engine.status().framesDropped());
            // and the engine still answers a good request afterwards
            h.send(arpRequest(CLIENT, CLIENT_IP, HOST_IP));
            ByteBuf ok = h.take();
            assertNotNull(ok);
            ok.release();
        }
    }

    @Test
    void packetsToAnUnknownClientWaitForArpThenGo() {
        try (EngineHarness h = new EngineHarness().start()) {
            ByteBuf packet = h.engine.ipBuffer(28);
            Ipv4.writeHeader(packet, 1, 64, Ipv4.UDP, HOST_IP, CLIENT_IP, 8);
            packet.writeZero(8);
            h.engine.sendIp(packet);
            ByteBuf ask = h.take();
            assertNotNull(ask);
            assertEquals(Mac.BROADCAST, Mac.read(ask, 0));
            assertEquals(CLIENT_IP, ask.getInt(14 + 24));
            ask.release();
            assertNull(h.take(), "the packet waits");
            ByteBuf answer = arpRequest(CLIENT, CLIENT_IP, HOST_IP); // any frame from it teaches its MAC
            h.send(answer);
            ByteBuf first = h.take();
            ByteBuf second = h.take();
            assertNotNull(first);
            assertNotNull(second);
            assertEquals(CLIENT, Mac.read(first, 0));
            assertEquals(CLIENT, Mac.read(second, 0));
            assertTrue(first.getUnsignedShort(12) == Ethernet.TYPE_IPV4 || second.getUnsignedShort(12) == Ethernet.TYPE_IPV4);
            first.release();
            second.release();
        }
    }

    @Test
    void theRuntimeNatNeverReachesTheServersLoopback() {
        EngineHarness context = new EngineHarness();
        int[] seen = new int[1];
        Engine production = new Engine(context, HostConfig.of(context.options()), null, context::now, NatLog.STDERR,
                FlowLimits.DEFAULT);
        production.nat(Ipv4.UDP, (f, ip, mac) -> seen[0]++).start();
        byte[] udp = Frames.udp(5000, 53, new byte[4]);
        production.receive(Frames.ipv4(HOST, CLIENT, CLIENT_IP, Ip4.parse("127.0.0.1"), Ipv4.UDP, udp));
        production.receive(Frames.ipv4(HOST, CLIENT, CLIENT_IP, Ip4.parse("224.0.0.251"), Ipv4.UDP, udp));
        production.receive(Frames.ipv4(HOST, CLIENT, CLIENT_IP, Ip4.parse("0.1.2.3"), Ipv4.UDP, udp));
        assertEquals(0, seen[0]);
        assertEquals(3, production.status().framesDropped());
        production.receive(Frames.ipv4(HOST, CLIENT, CLIENT_IP, Ip4.parse("10.9.8.7"), Ipv4.UDP, udp));
        assertEquals(1, seen[0], "an ordinary destination goes to the NAT");
        production.close();
        context.close();
    }

    @Test
    void flowLimitsRefusePerClientAndCount() {
        try (EngineHarness h = new EngineHarness(SecureNatOptions.defaults(EngineHarness.HOST_MAC), new FlowLimits(2, 3)).start()) {
            assertTrue(h.engine.openFlow(CLIENT_IP, NatProtocol.TCP));
            assertTrue(h.engine.openFlow(CLIENT_IP, NatProtocol.UDP));
            assertTrue(!h.engine.openFlow(CLIENT_IP, NatProtocol.TCP), "third flow of one client");
            int other = CLIENT_IP + 1;
            assertTrue(h.engine.openFlow(other, NatProtocol.TCP));
            assertTrue(!h.engine.openFlow(other, NatProtocol.TCP), "total reached");
            h.engine.closeFlow(CLIENT_IP, NatProtocol.TCP);
            assertTrue(h.engine.openFlow(other, NatProtocol.ICMP));
            assertEquals(2, h.engine.status().flowsRefused());
            assertEquals(1, h.engine.status().udpSessions());
            assertEquals(1, h.engine.status().icmpSessions());
        }
    }

    @Test
    void invalidOptionsAreRefusedWithTheReason() {
        SecureNatOptions d = SecureNatOptions.defaults(EngineHarness.HOST_MAC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostConfig.of(
                new SecureNatOptions(d.mac(), "192.168.30.255", d.mask(), true, 1500, 1800, 60, true, d.dhcpLeaseStart(),
                        d.dhcpLeaseEnd(), d.dhcpSubnetMask(), 7200, d.dhcpGateway(), d.dhcpDns(), "", "", true, false, "")));
        assertTrue(e.getMessage().contains("broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostConfig.of(
                new SecureNatOptions(d.mac(), d.ip(), d.mask(), true, 9000, 1800, 60, true, d.dhcpLeaseStart(),
                        d.dhcpLeaseEnd(), d.dhcpSubnetMask(), 7200, d.dhcpGateway(), d.dhcpDns(), "", "", true, false, "")));
        assertTrue(e.getMessage().contains("MTU"), e.getMessage());
        assertEquals(2, HostConfig.routes("10.0.0.0/8/192.168.30.254, 172.16.0.0/255.240.0.0/192.168.30.254").size());
    }

    static ByteBuf arpRequest(long srcMac, int srcIp, int targetIp) {
        ByteBuf f = Unpooled.buffer();
        Ethernet.writeHeader(f, Mac.BROADCAST, srcMac, Ethernet.TYPE_ARP);
        f.writeShort(1).writeShort(Ethernet.TYPE_IPV4).writeByte(6).writeByte(4).writeShort(1);
        f.writeInt((int) (srcMac >>> 16)).writeShort((int) srcMac).writeInt(srcIp);
        f.writeZero(6).writeInt(targetIp);
        return f;
    }
}

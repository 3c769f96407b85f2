package org.ethervpn.securenat.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class IpOutTest {
    static final int HOST_IP = Ip4.parse("192.168.30.1");
    static final int CLIENT_IP = Ip4.parse("192.168.30.10");

    @Test
    void fragmentsAreAtMostTheMtuAndReassembleToThePayload() {
        byte[] data = new byte[4000];
        new Random(1).nextBytes(data);
        List<ByteBuf> out = new ArrayList<>();
        IpOut.fragment(Unpooled.wrappedBuffer(data), 0, data.length, 1500, 0x4242, 64, Ipv4.UDP, HOST_IP, CLIENT_IP,
                Unpooled::buffer, out::add);
        assertEquals(3, out.size());
        assertArrayEquals(data, Reassembly.check(out, 0x4242, 1500));
    }

    @Test
    void anOddMtuStillCutsOnEightByteBoundaries() {
        byte[] data = new byte[2001];
        new Random(2).nextBytes(data);
        List<ByteBuf> out = new ArrayList<>();
        IpOut.fragment(Unpooled.wrappedBuffer(data), 0, data.length, 1003, 7, 64, Ipv4.ICMP, HOST_IP, CLIENT_IP,
                Unpooled::buffer, out::add);
        assertEquals(976, out.get(0).readableBytes() - Ipv4.MIN_HEADER, "983 rounded down to a multiple of 8");
        assertArrayEquals(data, Reassembly.check(out, 7, 1003));
    }

    @Test
    void aDatagramThatFitsGoesWholeWithAValidUdpChecksum() {
        try (EngineHarness h = new EngineHarness().start()) {
            learnClient(h);
            IpOut.udp(h.engine, HOST_IP, 53, CLIENT_IP, 5555, Unpooled.wrappedBuffer(new byte[100]), 0, 100);
            ByteBuf f = h.take();
            int ip = Ethernet.HEADER;
            assertNull(Ipv4.check(f, ip, f.readableBytes() - ip));
            assertTrue(!Ipv4.isFragment(f, ip));
            int u = Ipv4.payload(f, ip);
            assertEquals(108, f.getUnsignedShort(u + 4));
            assertTrue(Checksum.verify(Checksum.add(Checksum.pseudoHeader(HOST_IP, CLIENT_IP, Ipv4.UDP, 108), f, u, 108)));
            f.release();
        }
    }

    @Test
    void aLargeDatagramGoesAsFragmentsWhoseWholeHasAValidUdpChecksum() {
        try (EngineHarness h = new EngineHarness().start()) {
            learnClient(h);
            byte[] data = new byte[4000];
            new Random(3).nextBytes(data);
            IpOut.udp(h.engine, HOST_IP, 53, CLIENT_IP, 5555, Unpooled.wrappedBuffer(data), 0, data.length);
            List<ByteBuf> frames = new ArrayList<>();
            for (ByteBuf f; (f = h.take()) != null;) {
                assertTrue(f.readableBytes() <= Ethernet.HEADER + 1500);
                frames.add(f.skipBytes(Ethernet.HEADER));
            }
            assertEquals(3, frames.size());
            byte[] udp = Reassembly.check(frames, Ipv4.id(frames.get(0), frames.get(0).readerIndex()), 1500);
            ByteBuf u = Unpooled.wrappedBuffer(udp);
            assertEquals(4008, u.getUnsignedShort(4));
            assertTrue(Checksum.verify(Checksum.add(Checksum.pseudoHeader(HOST_IP, CLIENT_IP, Ipv4.UDP, 4008), u, 0, 4008)));
            assertArrayEquals(data, java.util.Arrays.copyOfRange(udp, 8, udp.length));
        }
    }

    /** Any frame from the client teaches the engine its MAC, so answers go out at once. */
    static void learnClient(EngineHarness h) {
        h.send(org.ethervpn.securenat.engine.Frames.ipv4(org.ethervpn.securenat.packet.Mac.parse(EngineHarness.HOST_MAC),
                0x02_00_00_00_00_0AL, CLIENT_IP, HOST_IP, Ipv4.UDP,
                org.ethervpn.securenat.engine.Frames.udp(1, 9, new byte[0])));
    }
}

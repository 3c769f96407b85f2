package org.ethervpn.securenat.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.dhcp.DhcpFrames.Msg;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.NatLog;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * Jazzer target: arbitrary frames into a hub's SecureNAT ({@code Engine.receive}) with the DHCP
 * server installed. Input: byte 0 holds flags (bit 0: fix the IPv4 header and TCP/UDP/ICMP
 * checksums of each frame, so the fuzzer gets past the checks into ARP, ping and DHCP; bit 1: a
 * client holds a lease first; bit 2: a pool of three addresses; bit 3, with bit 0: first fit the IPv4
 * and UDP lengths to the frame, so inserted or removed bytes reach the DHCP parser), then records of a 2-byte length and
 * that many bytes of frame (length 0: the rest of the input; 0xFFFF: the clock moves 11 s, past an offer; 0xFFFE: 2 h, past a
 * lease). Contract: nothing thrown; every frame given is released; every answer is a well-formed
 * frame from the virtual host (ARP, or IPv4 with sound header and checksums; a DHCP answer a
 * BOOTREPLY with the cookie and options ending in END); no frame the engine allocated is left
 * unreleased after close; leases never more than the pool, one per MAC and per address.
 */
class EngineFuzzTest {
    private static final NatLog QUIET = new NatLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void frames(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int flags = input[0];
        boolean fix = (flags & 1) != 0;
        Counting alloc = new Counting();
        SecureNatOptions o = (flags & 4) != 0 ? DhcpServerTest.options(1500, "192.168.30.10", "192.168.30.12", "", "", "")
                : DhcpServerTest.options(1400, "192.168.30.10", "192.168.30.200", "8.8.8.8", "vpn.test", "10.0.0.0/8/192.168.30.254");
        EngineHarness h = new EngineHarness(o, FlowLimits.DEFAULT, null, alloc, QUIET);
        DhcpServer.install(h.engine);
        h.start();
        int pool = (flags & 4) != 0 ? 3 : 191;
        if ((flags & 2) != 0) {
            long mac = 0x02_00_00_00_00_0AL;
            h.send(new Msg(DhcpMessage.DISCOVER, mac).frame());
            drain(h);
            h.send(new Msg(DhcpMessage.REQUEST, mac).requested(Ip4.parse("192.168.30.10")).server(DhcpFrames.HOST_IP).frame());
            drain(h);
            assertEquals(1, h.engine.dhcpLeases().size());
        }
        int at = 1;
        while (at + 2 <= input.length) {
            int len = (input[at] & 0xFF) << 8 | input[at + 1] & 0xFF;
            at += 2;
            if (len == 0xFFFF) {
                h.advance(11_000);
                continue;
            }
            if (len == 0xFFFE) {
                h.advance(TimeUnit.HOURS.toMillis(2));
                continue;
            }
            len = len == 0 ? input.length - at : Math.min(len, input.length - at);
            ByteBuf frame = Unpooled.buffer(len);
            frame.writeBytes(input, at, len);
            at += len;
            if (fix) {
                fixChecksums(frame, (flags & 8) != 0);
            }
            h.send(frame);
            assertEquals(0, frame.refCnt(), "the engine releases every frame it is given");
            drain(h);
            List<DhcpLease> leases = h.engine.dhcpLeases();
            assertTrue(leases.size() <= pool, "leases beyond the pool");
            assertEquals(leases.size(), leases.stream().map(DhcpLease::mac).distinct().count(), "a MAC with two leases");
            assertEquals(leases.size(), leases.stream().map(DhcpLease::ip).distinct().count(), "an address leased twice");
        }
        h.advance(1000);
        drain(h);
        h.close();
        alloc.assertAllReleased();
    }

    private static void drain(EngineHarness h) {
        for (ByteBuf f; (f = h.take()) != null;) {
            try {
                assertEquals(1, f.refCnt(), "an answer handed over with one reference");
                check(f);
            } finally {
                f.release();
            }
        }
    }

    /** An answer of the virtual host: ARP, or IPv4 with its header and checksums right (DHCP: a BOOTREPLY). */
    private static void check(ByteBuf f) {
        int b = f.readerIndex();
        int len = f.readableBytes();
        assertTrue(len >= Ethernet.HEADER + 20 && len <= Ethernet.HEADER + 1500, "frame of " + len + " bytes");
        assertEquals(Mac.parse(EngineHarness.HOST_MAC), Mac.read(f, b + Ethernet.SRC));
        int type = f.getUnsignedShort(b + Ethernet.TYPE);
        if (type == Ethernet.TYPE_ARP) {
            assertEquals(Ethernet.HEADER + 28, len);
            return;
        }
        assertEquals(Ethernet.TYPE_IPV4, type);
        int ip = b + Ethernet.HEADER;
        assertEquals(null, Ipv4.check(f, ip, len - Ethernet.HEADER));
        assertEquals(len - Ethernet.HEADER, Ipv4.totalLength(f, ip), "no bytes after the packet");
        int p = Ipv4.payload(f, ip);
        int plen = Ipv4.payloadLength(f, ip);
        switch (Ipv4.protocol(f, ip)) {
            case Ipv4.ICMP -> assertTrue(Checksum.verify(Checksum.add(0, f, p, plen)), "ICMP checksum");
            case Ipv4.UDP -> {
                assertEquals(plen, f.getUnsignedShort(p + 4));
                assertTrue(Checksum.verify(Checksum.add(Checksum.pseudoHeader(Ipv4.src(f, ip), Ipv4.dst(f, ip), Ipv4.UDP, plen), f, p, plen)),
                        "UDP checksum");
                if (f.getUnsignedShort(p) == DhcpServer.SERVER_PORT) {
                    int d = p + 8;
                    assertTrue(plen - 8 >= DhcpServer.MIN_BOOTP);
                    assertEquals(2, f.getUnsignedByte(d), "BOOTREPLY");
                    assertEquals(DhcpMessage.COOKIE, f.getInt(d + DhcpMessage.FIXED));
                    int i = d + DhcpMessage.OPTIONS;
                    while (f.getUnsignedByte(i) != DhcpMessage.OPT_END) {
                        i += 2 + f.getUnsignedByte(i + 1);
                        assertTrue(i < p + plen, "options run past the end");
                    }
                }
            }
            default -> throw new AssertionError("the virtual host sent IP protocol " + Ipv4.protocol(f, ip));
        }
    }

    /**
     * Makes an IPv4 frame's header checksum and its transport checksum right, where the lengths allow;
     * with {@code fitLengths} first the IPv4 total length and the UDP length to the frame's size.
     */
    static void fixChecksums(ByteBuf f, boolean fitLengths) {
        int len = f.readableBytes();
        if (len < Ethernet.HEADER + 20 || f.getUnsignedShort(Ethernet.TYPE) != Ethernet.TYPE_IPV4) {
            return;
        }
        int ip = Ethernet.HEADER;
        int hl = (f.getUnsignedByte(ip) & 0x0F) * 4;
        if (hl < 20 || ip + hl > len) {
            return;
        }
        if (fitLengths) {
            f.setShort(ip + 2, len - ip);
            if (Ipv4.protocol(f, ip) == Ipv4.UDP && len - ip - hl >= 8) {
                f.setShort(ip + hl + 4, len - ip - hl);
            }
        }
        f.setShort(ip + 10, 0);
        f.setShort(ip + 10, Checksum.finish(Checksum.add(0, f, ip, hl)));
        int total = Ipv4.totalLength(f, ip);
        if (total < hl || ip + total > len) {
            return;
        }
        int p = ip + hl;
        int plen = total - hl;
        int src = Ipv4.src(f, ip);
        int dst = Ipv4.dst(f, ip);
        switch (Ipv4.protocol(f, ip)) {
            case Ipv4.UDP -> {
                int udpLen = plen >= 8 ? f.getUnsignedShort(p + 4) : 0;
                if (udpLen >= 8 && udpLen <= plen) {
                    f.setShort(p + 6, 0);
                    int s = Checksum.finish(Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.UDP, udpLen), f, p, udpLen));
                    f.setShort(p + 6, s == 0 ? 0xFFFF : s);
                }
            }
            case Ipv4.TCP -> {
                if (plen >= 20) {
                    f.setShort(p + 16, 0);
                    f.setShort(p + 16, Checksum.finish(Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.TCP, plen), f, p, plen)));
                }
            }
            case Ipv4.ICMP -> {
                if (plen >= 8) {
                    f.setShort(p + 2, 0);
                    f.setShort(p + 2, Checksum.finish(Checksum.add(0, f, p, plen)));
                }
            }
            default -> {
            }
        }
    }

    /** Heap buffers that are remembered, so the target sees whether the engine released all it allocated. */
    private static final class Counting extends AbstractByteBufAllocator {
        private final List<ByteBuf> given = new ArrayList<>();

        Counting() {
            super(false);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            given.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            given.add(b);
            return b;
        }

        void assertAllReleased() {
            for (ByteBuf b : given) {
                assertEquals(0, b.refCnt(), "a buffer the engine allocated was never released");
            }
        }
    }
}

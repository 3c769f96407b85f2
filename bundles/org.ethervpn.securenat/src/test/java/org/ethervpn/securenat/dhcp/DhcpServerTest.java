package org.ethervpn.securenat.dhcp;

import static org.ethervpn.securenat.dhcp.DhcpFrames.HOST_IP;
import static org.ethervpn.securenat.dhcp.DhcpFrames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.dhcp.DhcpFrames.Msg;
import org.ethervpn.securenat.dhcp.DhcpFrames.Reply;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.HostConfig.Route;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class DhcpServerTest {
    static final long A = 0x02_00_00_00_00_0AL;
    static final long B = 0x02_00_00_00_00_0BL;
    static final int FIRST = Ip4.parse("192.168.30.10");
    static final int SECOND = Ip4.parse("192.168.30.11");

    static SecureNatOptions options(int mtu, String start, String end, String dns2, String domain, String routes) {
        SecureNatOptions d = SecureNatOptions.defaults(EngineHarness.HOST_MAC);
        return new SecureNatOptions(d.mac(), d.ip(), d.mask(), true, mtu, 1800, 60, true, start, end, d.dhcpSubnetMask(), 7200,
                d.dhcpGateway(), d.dhcpDns(), dns2, domain, false, !routes.isEmpty(), routes);
    }

    static EngineHarness harness(SecureNatOptions o) {
        EngineHarness h = new EngineHarness(o, FlowLimits.DEFAULT);
        DhcpServer.install(h.engine);
        return h.start();
    }

    static EngineHarness harness() {
        return harness(SecureNatOptions.defaults(EngineHarness.HOST_MAC));
    }

    static Reply exchange(EngineHarness h, Msg m) {
        h.send(m.frame());
        ByteBuf f = h.take();
        assertNotNull(f, "an answer");
        assertNull(h.take(), "one answer");
        return Reply.read(f);
    }

    /** DISCOVER, OFFER, REQUEST, ACK: the address is the lowest of the pool, and it is listed. */
    static int bind(EngineHarness h, long mac, String hostname) {
        Reply offer = exchange(h, new Msg(DhcpMessage.DISCOVER, mac));
        Reply ack = exchange(h, new Msg(DhcpMessage.REQUEST, mac).requested(offer.yiaddr()).server(HOST_IP).hostname(hostname));
        assertEquals(DhcpMessage.ACK, ack.type());
        return ack.yiaddr();
    }

    @Test
    void fullExchangeOffersAcksAndListsTheLease() {
        try (EngineHarness h = harness()) {
            Reply offer = exchange(h, new Msg(DhcpMessage.DISCOVER, A).hostname("alpha"));
            assertEquals(DhcpMessage.OFFER, offer.type());
            assertEquals(2, offer.op());
            assertEquals(0x1234_5678, offer.xid());
            assertEquals(A, offer.chaddr());
            assertEquals(FIRST, offer.yiaddr(), "the lowest address of the pool");
            assertEquals(A, offer.dstMac(), "no broadcast flag: unicast to the client's MAC");
            assertEquals(FIRST, offer.dstIp(), "... and the offered address");
            assertTrue(offer.length() >= 300, "BOOTP minimum size");
            assertEquals(HOST_IP, offer.ipOption(DhcpMessage.OPT_SERVER_ID));
            assertEquals(7200, offer.ipOption(DhcpMessage.OPT_LEASE_TIME));
            assertEquals(3600, offer.ipOption(DhcpMessage.OPT_RENEWAL));
            assertEquals(6300, offer.ipOption(DhcpMessage.OPT_REBINDING));
            assertEquals(Ip4.parse("255.255.255.0"), offer.ipOption(DhcpMessage.OPT_SUBNET_MASK));
            assertEquals(HOST_IP, offer.ipOption(DhcpMessage.OPT_ROUTER));
            assertArrayEquals(DhcpFrames.ip(HOST_IP), offer.options().get(DhcpMessage.OPT_DNS), "dns2 0.0.0.0 is left out");
            assertNull(offer.options().get(DhcpMessage.OPT_MTU), "no MTU option at 1500");
            assertNull(offer.options().get(DhcpMessage.OPT_DOMAIN));
            assertNull(offer.options().get(DhcpMessage.OPT_CLASSLESS_ROUTES));
            assertTrue(h.engine.dhcpLeases().isEmpty(), "an offer is not a lease");

            Reply ack = exchange(h, new Msg(DhcpMessage.REQUEST, A).requested(FIRST).server(HOST_IP).hostname("alpha"));
            assertEquals(DhcpMessage.ACK, ack.type());
            assertEquals(FIRST, ack.yiaddr());
            assertEquals(A, ack.dstMac());
            assertEquals(7200, ack.ipOption(DhcpMessage.OPT_LEASE_TIME));
            List<DhcpLease> leases = h.engine.dhcpLeases();
            assertEquals(1, leases.size());
            DhcpLease l = leases.get(0);
            assertEquals("192.168.30.10", l.ip());
            assertEquals(Mac.format(A), l.mac());
            assertEquals("255.255.255.0", l.mask());
            assertEquals("alpha", l.hostname());
            assertEquals(7200, l.expires().getEpochSecond() - l.leased().getEpochSecond(), 1);
            assertEquals("alpha", h.engine.hostName(FIRST));
            assertEquals(1, h.engine.status().dhcpClients());

            // a second client gets the next address; the first keeps its own on a new DISCOVER
            assertEquals(SECOND, bind(h, B, "beta"));
            assertEquals(FIRST, exchange(h, new Msg(DhcpMessage.DISCOVER, A)).yiaddr());
            assertEquals(0, h.engine.status().framesDropped());
        }
    }

    @Test
    void broadcastFlagGetsABroadcastAnswer() {
        try (EngineHarness h = harness()) {
            Reply offer = exchange(h, new Msg(DhcpMessage.DISCOVER, A).broadcastFlag());
            assertEquals(Mac.BROADCAST, offer.dstMac());
            assertEquals(Ip4.BROADCAST, offer.dstIp());
            assertEquals(DhcpMessage.FLAG_BROADCAST, offer.flags());
        }
    }

    @Test
    void renewingUnicastExtendsTheLeaseAndExpiryFreesIt() {
        try (EngineHarness h = harness()) {
            int ip = bind(h, A, "alpha");
            h.advance(7_000_000);
            Reply ack = exchange(h, new Msg(DhcpMessage.REQUEST, A).unicastFrom(ip));
            assertEquals(DhcpMessage.ACK, ack.type());
            assertEquals(ip, ack.yiaddr());
            assertEquals(ip, ack.ciaddr());
            assertEquals(ip, ack.dstIp(), "renewal answered to the client's address");
            assertEquals(A, ack.dstMac());
            assertEquals("alpha", h.engine.dhcpLeases().get(0).hostname(), "the host name is kept on renewal");
            h.advance(7_000_000);
            assertEquals(1, h.engine.dhcpLeases().size(), "renewed: still leased 14000 s after the first ACK");
            h.advance(300_000);
            assertTrue(h.engine.dhcpLeases().isEmpty(), "expired 7200 s after the renewal");
            assertEquals("", h.engine.hostName(ip));
            // rebinding (broadcast, ciaddr set) after a server restart: the free address is given back
            Msg rebind = new Msg(DhcpMessage.REQUEST, A);
            rebind.ciaddr = ip;
            rebind.srcIp = ip;
            Reply again = exchange(h, rebind);
            assertEquals(DhcpMessage.ACK, again.type());
            assertEquals(ip, again.dstIp(), "ciaddr set: unicast even when the request was broadcast");
        }
    }

    @Test
    void releaseFreesTheAddressAndOffersExpire() {
        try (EngineHarness h = harness()) {
            int ip = bind(h, A, "alpha");
            Msg release = new Msg(DhcpMessage.RELEASE, A).unicastFrom(ip);
            h.send(release.frame());
            assertNull(h.take(), "RELEASE is not answered");
            assertTrue(h.engine.dhcpLeases().isEmpty());
            assertEquals(ip, exchange(h, new Msg(DhcpMessage.DISCOVER, B)).yiaddr(), "the released address is free again");
            assertEquals(SECOND, exchange(h, new Msg(DhcpMessage.DISCOVER, A)).yiaddr(), "held by B's offer");
            h.advance(11_000);
            assertEquals(FIRST, exchange(h, new Msg(DhcpMessage.DISCOVER, 0x02_00_00_00_00_0CL)).yiaddr(), "offers expire after 10 s");
        }
    }

    @Test
    void foreignOrTakenAddressesGetANak() {
        try (EngineHarness h = harness()) {
            Reply nak = exchange(h, new Msg(DhcpMessage.REQUEST, A).requested(Ip4.parse("10.1.2.3")));
            assertEquals(DhcpMessage.NAK, nak.type());
            assertEquals(Mac.BROADCAST, nak.dstMac(), "NAKs are broadcast");
            assertEquals(Ip4.BROADCAST, nak.dstIp());
            assertEquals(0, nak.yiaddr());
            assertEquals(HOST_IP, nak.ipOption(DhcpMessage.OPT_SERVER_ID));
            assertNull(nak.options().get(DhcpMessage.OPT_LEASE_TIME));
            assertNull(nak.options().get(DhcpMessage.OPT_ROUTER));

            int ip = bind(h, A, "alpha");
            assertEquals(DhcpMessage.NAK, exchange(h, new Msg(DhcpMessage.REQUEST, B).requested(ip)).type(), "A's address");
            assertEquals(DhcpMessage.NAK, exchange(h, new Msg(DhcpMessage.REQUEST, B).requested(HOST_IP)).type(), "the host's");
            assertEquals(DhcpMessage.NAK, exchange(h, new Msg(DhcpMessage.REQUEST, B).requested(Ip4.parse("192.168.30.201"))).type(),
                    "on the subnet but outside the pool");
            // init-reboot with a free address of the pool: honoured, as SoftEther does
            Reply ack = exchange(h, new Msg(DhcpMessage.REQUEST, B).requested(Ip4.parse("192.168.30.77")));
            assertEquals(DhcpMessage.ACK, ack.type());
            assertEquals(Ip4.parse("192.168.30.77"), ack.yiaddr());
            assertEquals(2, h.engine.dhcpLeases().size());
            assertEquals(1, h.engine.dhcpLeases().stream().filter(l -> l.mac().equals(Mac.format(B))).count(), "one lease per MAC");
        }
    }

    @Test
    void requestedAddressHonouredAndAddressesInUseSkipped() {
        try (EngineHarness h = harness()) {
            int wanted = Ip4.parse("192.168.30.50");
            assertEquals(wanted, exchange(h, new Msg(DhcpMessage.DISCOVER, A).requested(wanted)).yiaddr());
            // a station with a static address of the pool, seen by ARP, is not given away
            h.send(arp(B, FIRST));
            assertNull(h.take());
            assertEquals(SECOND, exchange(h, new Msg(DhcpMessage.DISCOVER, 0x02_00_00_00_00_0CL)).yiaddr());
            assertEquals(DhcpMessage.NAK, exchange(h, new Msg(DhcpMessage.REQUEST, 0x02_00_00_00_00_0DL).requested(FIRST)).type());
            assertEquals(FIRST, exchange(h, new Msg(DhcpMessage.DISCOVER, B)).yiaddr(), "but the station using it may have it");
        }
    }

    @Test
    void selectingAnotherServerFreesTheOffer() {
        try (EngineHarness h = harness()) {
            assertEquals(FIRST, exchange(h, new Msg(DhcpMessage.DISCOVER, A)).yiaddr());
            h.send(new Msg(DhcpMessage.REQUEST, A).requested(Ip4.parse("10.0.0.9")).server(Ip4.parse("10.0.0.1")).frame());
            assertNull(h.take(), "not ours: silent");
            assertEquals(FIRST, exchange(h, new Msg(DhcpMessage.DISCOVER, B)).yiaddr());
        }
    }

    @Test
    void declinedAddressIsFencedAndInformGetsSettingsOnly() {
        try (EngineHarness h = harness()) {
            int ip = bind(h, A, "alpha");
            h.send(new Msg(DhcpMessage.DECLINE, A).requested(ip).server(HOST_IP).frame());
            assertNull(h.take());
            assertTrue(h.engine.dhcpLeases().isEmpty());
            assertEquals(SECOND, exchange(h, new Msg(DhcpMessage.DISCOVER, B)).yiaddr(), "the declined address is kept out");
            h.send(new Msg(DhcpMessage.DECLINE, B).requested(Ip4.parse("192.168.30.12")).frame());
            assertEquals(Ip4.parse("192.168.30.12"), exchange(h, new Msg(DhcpMessage.DISCOVER, 0x02_00_00_00_00_0CL)).yiaddr(),
                    "a DECLINE for an address the MAC does not hold changes nothing");

            int stat = Ip4.parse("192.168.30.250");
            Reply inform = exchange(h, new Msg(DhcpMessage.INFORM, 0x02_00_00_00_00_0DL).unicastFrom(stat));
            assertEquals(DhcpMessage.ACK, inform.type());
            assertEquals(0, inform.yiaddr());
            assertEquals(stat, inform.dstIp());
            assertNull(inform.options().get(DhcpMessage.OPT_LEASE_TIME), "INFORM: no lease");
            assertEquals(HOST_IP, inform.ipOption(DhcpMessage.OPT_ROUTER));
            assertTrue(h.engine.dhcpLeases().isEmpty(), "offers are not leases; INFORM leases nothing");
        }
    }

    @Test
    void poolExhaustionAndDiscoverFloodStayBounded() {
        try (EngineHarness h = harness(options(1500, "192.168.30.10", "192.168.30.12", "", "", ""))) {
            assertEquals(FIRST, bind(h, A, "a"));
            assertEquals(SECOND, bind(h, B, "b"));
            assertEquals(Ip4.parse("192.168.30.12"), bind(h, 0x02_00_00_00_00_0CL, "c"));
            h.send(new Msg(DhcpMessage.DISCOVER, 0x02_00_00_00_00_0DL).frame());
            assertNull(h.take(), "pool exhausted: no offer");
            assertEquals(1, h.engine.status().framesDropped());
        }
        try (EngineHarness h = harness()) {
            Random r = new Random(17);
            Set<Integer> offered = new HashSet<>();
            int answers = 0;
            for (int i = 0; i < 2000; i++) {
                long mac = (r.nextLong() & 0xFEFF_FFFF_FFFFL) | 0x0200_0000_0000L;
                h.send(new Msg(DhcpMessage.DISCOVER, mac).frame());
                ByteBuf f = h.take();
                if (f != null) {
                    answers++;
                    assertTrue(offered.add(Reply.read(f).yiaddr()), "an address offered twice");
                }
            }
            assertEquals(191, answers, "one offer per address of the pool, none beyond");
            assertEquals(2000 - 191, h.engine.status().framesDropped());
            h.advance(11_000);
            assertEquals(FIRST, bind(h, A, "after the flood"), "offers expire: the pool is usable again");
        }
    }

    @Test
    void malformedMessagesAreDroppedAndCounted() {
        try (EngineHarness h = harness()) {
            Msg m = new Msg(DhcpMessage.DISCOVER, A);
            byte[] good = m.bootp();
            h.send(m.frame(java.util.Arrays.copyOf(good, 200)));                          // truncated
            byte[] cookie = good.clone();
            cookie[DhcpMessage.FIXED] = 0x11;
            h.send(m.frame(cookie));                                                       // bad magic cookie
            byte[] past = java.util.Arrays.copyOf(good, DhcpMessage.OPTIONS + 5);
            past[DhcpMessage.OPTIONS] = 12;
            past[DhcpMessage.OPTIONS + 1] = (byte) 200;
            h.send(m.frame(past));                                                         // option runs past the end
            byte[] hlen = good.clone();
            hlen[2] = 17;
            h.send(m.frame(hlen));                                                         // absurd hlen
            byte[] bootp = java.util.Arrays.copyOf(good, DhcpMessage.OPTIONS + 1);
            bootp[DhcpMessage.OPTIONS] = (byte) 255;
            h.send(m.frame(bootp));                                                        // plain BOOTP
            byte[] reply = good.clone();
            reply[0] = 2;
            h.send(m.frame(reply));                                                        // a BOOTREPLY
            assertNull(h.take(), "nothing answered");
            assertEquals(6, h.engine.status().framesDropped());
            assertEquals(FIRST, exchange(h, m).yiaddr(), "still serving");
        }
    }

    @Test
    void settingsCarryDnsDomainMtuAndRoutes() {
        try (EngineHarness h = harness(options(1400, "192.168.30.10", "192.168.30.200", "8.8.4.4", "vpn.example",
                "10.0.0.0/8/192.168.30.254, 172.16.0.0/255.240.0.0/192.168.30.254"))) {
            Reply offer = exchange(h, new Msg(DhcpMessage.DISCOVER, A));
            byte[] dns = new byte[8];
            System.arraycopy(DhcpFrames.ip(HOST_IP), 0, dns, 0, 4);
            System.arraycopy(DhcpFrames.ip(Ip4.parse("8.8.4.4")), 0, dns, 4, 4);
            assertArrayEquals(dns, offer.options().get(DhcpMessage.OPT_DNS));
            assertEquals("vpn.example", new String(offer.options().get(DhcpMessage.OPT_DOMAIN), java.nio.charset.StandardCharsets.US_ASCII));
            assertArrayEquals(new byte[] {0x05, 0x78}, offer.options().get(DhcpMessage.OPT_MTU));
            byte[] routes = {8, 10, (byte) 192, (byte) 168, 30, (byte) 254,
                    12, (byte) 172, 16, (byte) 192, (byte) 168, 30, (byte) 254,
                    0, (byte) 192, (byte) 168, 30, 1}; // the default route via the gateway, RFC 3442's advice
            assertArrayEquals(routes, offer.options().get(DhcpMessage.OPT_CLASSLESS_ROUTES));
            assertArrayEquals(routes, offer.options().get(DhcpMessage.OPT_MS_CLASSLESS_ROUTES));
        }
    }

    /** RFC 3442 §"Option Format", the table of destination encodings, byte for byte. */
    @Test
    void classlessRoutesEncodeAsRfc3442() {
        int gw = Ip4.parse("192.0.2.1");
        byte[] r = {(byte) 192, 0, 2, 1};
        assertArrayEquals(cat(new byte[] {0}, r), ClasslessRoutes.encode(List.of(new Route(0, 0, gw))));
        assertArrayEquals(cat(new byte[] {8, 10}, r), ClasslessRoutes.encode(List.of(route("10.0.0.0", 8, gw))));
        assertArrayEquals(cat(new byte[] {16, 10, 17}, r), ClasslessRoutes.encode(List.of(route("10.17.0.0", 16, gw))));
        assertArrayEquals(cat(new byte[] {24, 10, 27, (byte) 129}, r), ClasslessRoutes.encode(List.of(route("10.27.129.0", 24, gw))));
        assertArrayEquals(cat(new byte[] {25, 10, (byte) 229, 0, (byte) 128}, r),
                ClasslessRoutes.encode(List.of(route("10.229.0.128", 25, gw))));
        assertArrayEquals(cat(new byte[] {32, 10, (byte) 198, 122, 47}, r), ClasslessRoutes.encode(List.of(route("10.198.122.47", 32, gw))));
        // a configured default route is not doubled; no routes, no default route either
        assertEquals(1, ClasslessRoutes.withDefault(List.of(new Route(0, 0, gw)), gw).size());
        assertTrue(ClasslessRoutes.withDefault(List.of(), gw).isEmpty());
        assertEquals(1, ClasslessRoutes.withDefault(List.of(route("10.0.0.0", 8, gw)), 0).size(), "no gateway: no default route");
    }

    @Test
    void longRouteListsAreSplitAsRfc3396() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append("10.").append(i).append(".0.0/16/192.168.30.254 ");
        }
        try (EngineHarness h = harness(options(1500, "192.168.30.10", "192.168.30.200", "", "", s.toString()))) {
            Reply offer = exchange(h, new Msg(DhcpMessage.DISCOVER, A));
            assertEquals(40 * 7 + 5, offer.options().get(DhcpMessage.OPT_CLASSLESS_ROUTES).length, "concatenated again");
        }
    }

    @Test
    void answersFitTheMtu() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            s.append("10.").append(i).append(".0.0/16/192.168.30.254 ");
        }
        try (EngineHarness h = harness(options(1000, "192.168.30.10", "192.168.30.200", "", "", s.toString()))) {
            h.send(new Msg(DhcpMessage.DISCOVER, A).frame());
            ByteBuf f = h.take();
            assertTrue(f.readableBytes() <= 14 + 1000, f.readableBytes() + " bytes");
            Reply offer = Reply.read(f);
            assertEquals(64 * 7 + 5, offer.options().get(DhcpMessage.OPT_CLASSLESS_ROUTES).length, "64 routes and the default");
            assertNull(offer.options().get(DhcpMessage.OPT_MS_CLASSLESS_ROUTES), "249 left out: both would not fit");
        }
    }

    static Route route(String net, int prefix, int gw) {
        return new Route(Ip4.parse(net), -1 << (32 - prefix), gw);
    }

    static byte[] cat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static ByteBuf arp(long mac, int ip) {
        ByteBuf f = Unpooled.buffer();
        org.ethervpn.securenat.packet.Ethernet.writeHeader(f, Mac.BROADCAST, mac, 0x0806);
        f.writeShort(1).writeShort(0x0800).writeByte(6).writeByte(4).writeShort(1);
        f.writeBytes(Mac.toBytes(mac)).writeInt(ip).writeZero(6).writeInt(Ip4.parse("192.168.30.99"));
        return f;
    }
}

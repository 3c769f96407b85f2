package org.ethervpn.securenat.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.engine.HostConfig;
import org.ethervpn.securenat.engine.HostConfig.Route;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;

import io.netty.buffer.ByteBuf;

/** The server's BOOTREPLY (RFC 2131 §4.3, table 3) in a UDP/IPv4 packet, and its Ethernet framing. */
final class DhcpReply {
    /** Message type, server id, lease, T1, T2 and END: what {@link #write} adds to the settings. */
    private static final int FIXED_OPTIONS = 3 + 6 + 6 + 6 + 6 + 1;

    private DhcpReply() {
    }

    /**
     * The options every OFFER/ACK carries (RFC 2132): subnet mask, router (when set), DNS servers,
     * domain name, interface MTU (when not 1500), classless static routes as 121 and 249.
     */
    static byte[] settings(HostConfig c) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        option(o, DhcpMessage.OPT_SUBNET_MASK, ip(c.leaseMask()));
        if (c.gateway() != 0) {
            option(o, DhcpMessage.OPT_ROUTER, ip(c.gateway()));
        }
        if (c.dns() != 0 || c.dns2() != 0) {
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            for (int a : new int[] {c.dns(), c.dns2()}) {
                if (a != 0) {
                    d.writeBytes(ip(a));
                }
            }
            option(o, DhcpMessage.OPT_DNS, d.toByteArray());
        }
        if (!c.domain().isEmpty()) {
            option(o, DhcpMessage.OPT_DOMAIN, c.domain().getBytes(StandardCharsets.US_ASCII));
        }
        if (c.mtu() != 1500) {
            option(o, DhcpMessage.OPT_MTU, new byte[] {(byte) (c.mtu() >>> 8), (byte) c.mtu()});
        }
        // the answer must fit the MTU: 249 goes first, then routes from the end of the list
        int room = c.mtu() - Ipv4.MIN_HEADER - 8 - DhcpMessage.OPTIONS - FIXED_OPTIONS - o.size();
        List<Route> list = ClasslessRoutes.withDefault(c.pushRoutes(), c.gateway());
        byte[] routes = ClasslessRoutes.encode(list);
        boolean both = 2 * optionSize(routes.length) <= room;
        while (!both && !list.isEmpty() && optionSize(routes.length) > room) {
            list = list.subList(0, list.size() - 1);
            routes = ClasslessRoutes.encode(list);
        }
        if (routes.length > 0) {
            option(o, DhcpMessage.OPT_CLASSLESS_ROUTES, routes);
            if (both) {
                option(o, DhcpMessage.OPT_MS_CLASSLESS_ROUTES, routes);
            }
        }
        return o.toByteArray();
    }

    /**
     * The IPv4 packet (in a buffer from {@link Host#ipBuffer}, headroom for Ethernet) answering
     * {@code m}: {@code settings} null for a NAK, {@code leaseSeconds} 0 for INFORM's ACK and NAK.
     */
    static ByteBuf write(Host host, DhcpMessage m, int type, int ciaddr, int yiaddr, int dst, byte[] settings, int leaseSeconds) {
        HostConfig c = host.config();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        option(o, DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {(byte) type});
        option(o, DhcpMessage.OPT_SERVER_ID, ip(c.ip()));
        if (leaseSeconds > 0) {
            option(o, DhcpMessage.OPT_LEASE_TIME, u32(leaseSeconds));
            option(o, DhcpMessage.OPT_RENEWAL, u32(leaseSeconds / 2));
            option(o, DhcpMessage.OPT_REBINDING, u32((int) (leaseSeconds * 7L / 8)));
        }
        if (settings != null) {
            o.writeBytes(settings);
        }
        o.write(DhcpMessage.OPT_END);
        int bootp = Math.max(DhcpMessage.OPTIONS + o.size(), DhcpServer.MIN_BOOTP);
        int udpLength = 8 + bootp;
        ByteBuf b = host.ipBuffer(Ipv4.MIN_HEADER + udpLength);
        Ipv4.writeHeader(b, host.nextIpId(), Ipv4.DEFAULT_TTL, Ipv4.UDP, c.ip(), dst, udpLength);
        int udp = b.writerIndex();
        b.writeShort(DhcpServer.SERVER_PORT).writeShort(DhcpServer.CLIENT_PORT).writeShort(udpLength).writeShort(0);
        int start = b.writerIndex();
        b.writeByte(2).writeByte(m.htype()).writeByte(m.hlen()).writeByte(0);
        b.writeInt(m.xid()).writeShort(0).writeShort(m.flags() & DhcpMessage.FLAG_BROADCAST);
        b.writeInt(ciaddr).writeInt(yiaddr).writeInt(0).writeInt(0);
        b.writeBytes(m.chaddr()).writeZero(16 - m.hlen());
        b.writeZero(64 + 128);
        b.writeInt(DhcpMessage.COOKIE);
        b.writeBytes(o.toByteArray());
        b.writeZero(start + bootp - b.writerIndex());
        int sum = Checksum.finish(Checksum.add(Checksum.pseudoHeader(c.ip(), dst, Ipv4.UDP, udpLength), b, udp, udpLength));
        b.setShort(udp + 6, sum == 0 ? 0xFFFF : sum);
        return b;
    }

    /** Puts the Ethernet header into the packet's headroom: the answer goes to a MAC without ARP (the client has no address yet). */
    static ByteBuf frame(ByteBuf packet, long dstMac, long srcMac) {
        int at = packet.readerIndex() - Ethernet.HEADER;
        Mac.write(packet, at + Ethernet.DST, dstMac);
        Mac.write(packet, at + Ethernet.SRC, srcMac);
        packet.setShort(at + Ethernet.TYPE, Ethernet.TYPE_IPV4);
        return packet.readerIndex(at);
    }

    /** One option; values over 255 bytes are split into several of the same code (RFC 3396). */
    private static void option(ByteArrayOutputStream o, int code, byte[] value) {
        int at = 0;
        do {
            int n = Math.min(255, value.length - at);
            o.write(code);
            o.write(n);
            o.write(value, at, n);
            at += n;
        } while (at < value.length);
    }

    private static int optionSize(int length) {
        return length + 2 * Math.max(1, (length + 254) / 255);
    }

    private static byte[] ip(int a) {
        return u32(a);
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}

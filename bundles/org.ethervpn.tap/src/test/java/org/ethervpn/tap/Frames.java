package org.ethervpn.tap;

import java.nio.ByteBuffer;

/** Just enough Ethernet/ARP/IPv4/ICMP to answer the kernel inside the test namespace. */
final class Frames {
    private Frames() {
    }

    static int etherType(ByteBuffer f) {
        return f.getShort(f.position() + 12) & 0xffff;
    }

    /** The target IPv4 address of an ARP request (op 1), or -1. */
    static int arpRequestTarget(ByteBuffer f) {
        int p = f.position();
        if (f.remaining() < 42 || etherType(f) != 0x0806 || f.getShort(p + 20) != 1) {
            return -1;
        }
        return f.getInt(p + 38);
    }

    static byte[] bytes(ByteBuffer f, int offset, int len) {
        byte[] b = new byte[len];
        f.get(f.position() + offset, b);
        return b;
    }

    /** The ARP reply "{@code ip} is at {@code mac}" to the request {@code req}. */
    static ByteBuffer arpReply(ByteBuffer req, byte[] mac, int ip) {
        byte[] askerMac = bytes(req, 22, 6);
        byte[] askerIp = bytes(req, 28, 4);
        ByteBuffer r = ByteBuffer.allocate(42);
        r.put(askerMac).put(mac).putShort((short) 0x0806);
        r.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 2);
        r.put(mac).putInt(ip).put(askerMac).put(askerIp);
        return r.flip();
    }

    /** True for an IPv4 ICMP echo request to {@code ip}. */
    static boolean isEchoRequestTo(ByteBuffer f, int ip) {
        int p = f.position();
        if (f.remaining() < 42 || etherType(f) != 0x0800 || f.get(p + 23) != 1 || f.getInt(p + 30) != ip) {
            return false;
        }
        int ihl = (f.get(p + 14) & 0x0f) * 4;
        return f.get(p + 14 + ihl) == 8;
    }

    /** The echo reply to {@code req}: MACs and IPs swapped, type 0, ICMP checksum recomputed (the IP checksum is unchanged by a swap). */
    static ByteBuffer echoReply(ByteBuffer req) {
        ByteBuffer r = ByteBuffer.allocate(req.remaining());
        r.put(req.duplicate()).flip();
        byte[] dst = bytes(r, 0, 6);
        byte[] src = bytes(r, 6, 6);
        r.put(0, src).put(6, dst);
        byte[] sip = bytes(r, 26, 4);
        byte[] dip = bytes(r, 30, 4);
        r.put(26, dip).put(30, sip);
        int ihl = (r.get(14) & 0x0f) * 4;
        int icmp = 14 + ihl;
        int icmpLen = (r.getShort(16) & 0xffff) - ihl;
        r.put(icmp, (byte) 0);
        r.putShort(icmp + 2, (short) 0);
        long sum = 0;
        for (int i = 0; i < icmpLen; i += 2) {
            int hi = r.get(icmp + i) & 0xff;
            int lo = i + 1 < icmpLen ? r.get(icmp + i + 1) & 0xff : 0;
            sum += hi << 8 | lo;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        r.putShort(icmp + 2, (short) ~sum);
        return r;
    }

    /**
     * The ones'-complement sum (folded, not complemented) of the IPv4 or IPv6 pseudo-header plus the TCP/UDP segment
     * of {@code f}, byte by byte (independent of the code under test): 0xffff when the segment's checksum is right.
     * -1 if {@code f} is no TCP/UDP over IPv4/IPv6 (no options, no extension headers).
     */
    static int transportSum(ByteBuffer f) {
        int p = f.position();
        int type = etherType(f);
        int proto;
        int l4;
        int l4Len;
        long sum = 0;
        if (type == 0x0800) {
            int ihl = (f.get(p + 14) & 0x0f) * 4;
            proto = f.get(p + 23) & 0xff;
            l4 = 14 + ihl;
            l4Len = (f.getShort(p + 16) & 0xffff) - ihl;
            sum += words(f, p + 26, 8); // source and destination
        } else if (type == 0x86dd) {
            proto = f.get(p + 20) & 0xff;
            l4 = 54;
            l4Len = f.getShort(p + 18) & 0xffff;
            sum += words(f, p + 22, 32);
        } else {
            return -1;
        }
        if (proto != 6 && proto != 17) {
            return -1;
        }
        sum += proto + l4Len;
        sum += words(f, p + l4, l4Len);
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    /** The TCP (6) or UDP (17) checksum field's offset in the segment. */
    static int checksumOffset(int proto) {
        return proto == 6 ? 16 : 6;
    }

    private static long words(ByteBuffer f, int from, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = f.get(from + i) & 0xff;
            int lo = i + 1 < len ? f.get(from + i + 1) & 0xff : 0;
            sum += hi << 8 | lo;
        }
        return sum;
    }

    static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }
}

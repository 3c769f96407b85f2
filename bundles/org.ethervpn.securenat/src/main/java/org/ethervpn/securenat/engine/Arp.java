package org.ethervpn.securenat.engine;

import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Mac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** ARP for IPv4 over Ethernet (RFC 826): layout, and the frames the virtual host sends. */
final class Arp {
    static final int LENGTH = 28;
    static final int REQUEST = 1;
    static final int REPLY = 2;

    private Arp() {
    }

    /** Whether {@code arp} (28 bytes available) is Ethernet/IPv4 ARP. */
    static boolean isIpv4OverEthernet(ByteBuf b, int arp) {
        return b.getUnsignedShort(arp) == 1 && b.getUnsignedShort(arp + 2) == Ethernet.TYPE_IPV4
                && b.getUnsignedByte(arp + 4) == 6 && b.getUnsignedByte(arp + 5) == 4;
    }

    static int op(ByteBuf b, int arp) {
        return b.getUnsignedShort(arp + 6);
    }

    static long senderMac(ByteBuf b, int arp) {
        return Mac.read(b, arp + 8);
    }

    static int senderIp(ByteBuf b, int arp) {
        return b.getInt(arp + 14);
    }

    static int targetIp(ByteBuf b, int arp) {
        return b.getInt(arp + 24);
    }

    /** A whole frame: op, from (mac, ip) to (mac, ip); requests go to the broadcast MAC with target MAC 0. */
    static ByteBuf frame(ByteBufAllocator alloc, int op, long srcMac, int srcIp, long dstMac, int dstIp) {
        ByteBuf f = alloc.buffer(Ethernet.HEADER + LENGTH);
        Ethernet.writeHeader(f, op == REQUEST ? Mac.BROADCAST : dstMac, srcMac, Ethernet.TYPE_ARP);
        f.writeShort(1).writeShort(Ethernet.TYPE_IPV4).writeByte(6).writeByte(4).writeShort(op);
        f.writeInt((int) (srcMac >>> 16)).writeShort((int) srcMac).writeInt(srcIp);
        long target = op == REQUEST ? 0 : dstMac;
        f.writeInt((int) (target >>> 16)).writeShort((int) target).writeInt(dstIp);
        return f;
    }
}

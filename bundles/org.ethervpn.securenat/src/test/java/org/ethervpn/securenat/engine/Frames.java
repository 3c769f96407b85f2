package org.ethervpn.securenat.engine;

import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds the frames a client would send, for socket-free tests of SecureNAT's pieces. */
public final class Frames {
    private Frames() {
    }

    /** An Ethernet/IPv4 frame with a payload whose transport checksum is filled in (TCP, UDP, ICMP). */
    public static ByteBuf ipv4(long dstMac, long srcMac, int src, int dst, int protocol, byte[] payload) {
        ByteBuf f = Unpooled.buffer();
        Ethernet.writeHeader(f, dstMac, srcMac, Ethernet.TYPE_IPV4);
        Ipv4.writeHeader(f, 1, 64, protocol, src, dst, payload.length);
        int p = f.writerIndex();
        f.writeBytes(payload);
        int sumAt = switch (protocol) {
            case Ipv4.TCP -> 16;
            case Ipv4.UDP -> 6;
            case Ipv4.ICMP -> 2;
            default -> -1;
        };
        if (sumAt >= 0) {
            f.setShort(p + sumAt, 0);
            int initial = protocol == Ipv4.ICMP ? 0 : Checksum.pseudoHeader(src, dst, protocol, payload.length);
            int sum = Checksum.finish(Checksum.add(initial, f, p, payload.length));
            f.setShort(p + sumAt, protocol == Ipv4.UDP && sum == 0 ? 0xFFFF : sum);
        }
        return f;
    }

    /** A UDP datagram's bytes (header + data), checksum left 0 for {@link #ipv4} to fill. */
    public static byte[] udp(int srcPort, int dstPort, byte[] data) {
        ByteBuf b = Unpooled.buffer(8 + data.length);
        b.writeShort(srcPort).writeShort(dstPort).writeShort(8 + data.length).writeShort(0).writeBytes(data);
        return bytes(b);
    }

    /** An ICMP echo request's bytes. */
    public static byte[] echoRequest(int id, int seq, byte[] data) {
        ByteBuf b = Unpooled.buffer(8 + data.length);
        b.writeByte(8).writeByte(0).writeShort(0).writeShort(id).writeShort(seq).writeBytes(data);
        return bytes(b);
    }

    public static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        b.release();
        return out;
    }
}

package org.ethervpn.securenat.engine;

import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.buffer.ByteBuf;

/** The checks every TCP, UDP and ICMP packet passes before a handler sees it. */
final class Transport {
    private Transport() {
    }

    /** @return null if the transport header and checksum of the IPv4 packet at {@code ip} are sound, else why not */
    static String check(ByteBuf b, int ip) {
        int p = Ipv4.payload(b, ip);
        int len = Ipv4.payloadLength(b, ip);
        int src = Ipv4.src(b, ip);
        int dst = Ipv4.dst(b, ip);
        switch (Ipv4.protocol(b, ip)) {
            case Ipv4.TCP -> {
                if (len < 20) {
                    return "TCP segment shorter than its header";
                }
                int offset = (b.getUnsignedByte(p + 12) >>> 4) * 4;
                if (offset < 20 || offset > len) {
                    return "bad TCP data offset";
                }
                if (!Checksum.verify(Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.TCP, len), b, p, len))) {
                    return "bad TCP checksum";
                }
            }
            case Ipv4.UDP -> {
                if (len < 8) {
                    return "UDP datagram shorter than its header";
                }
                int udpLen = b.getUnsignedShort(p + 4);
                if (udpLen < 8 || udpLen > len) {
                    return "bad UDP length";
                }
                if (b.getUnsignedShort(p + 6) != 0
                        && !Checksum.verify(Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.UDP, udpLen), b, p, udpLen))) {
                    return "bad UDP checksum";
                }
            }
            case Ipv4.ICMP -> {
                if (len < 8) {
                    return "ICMP message shorter than its header";
                }
                if (!Checksum.verify(Checksum.add(0, b, p, len))) {
                    return "bad ICMP checksum";
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }
}

package org.ethervpn.securenat.tcp;

import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.buffer.ByteBuf;

/** TCP header layout and the segments the NAT sends to its clients (from the destination's address). */
final class Segments {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int HEADER = 20;

    private Segments() {
    }

    /**
     * Sends one segment from {@code src:srcPort} to the client {@code dst:dstPort}: header, options (a
     * SYN's, {@code options} bytes packed big-endian into a long, 0, 4 or 8 bytes), then {@code len}
     * bytes of {@code data} from {@code dataIndex}, checksums filled in.
     */
    static void send(Host host, int src, int srcPort, int dst, int dstPort, int seq, int ack, int flags, int window,
            long options, int optionLength, ByteBuf data, int dataIndex, int len) {
        int tcpLength = HEADER + optionLength + len;
        ByteBuf out = host.ipBuffer(Ipv4.MIN_HEADER + tcpLength);
        Ipv4.writeHeader(out, host.nextIpId(), Ipv4.DEFAULT_TTL, Ipv4.TCP, src, dst, tcpLength);
        int t = out.writerIndex();
        out.writeShort(srcPort).writeShort(dstPort).writeInt(seq).writeInt(ack);
        out.writeShort(((HEADER + optionLength) / 4) << 12 | flags).writeShort(window).writeInt(0);
        if (optionLength == 4) {
            out.writeInt((int) options);
        } else if (optionLength == 8) {
            out.writeLong(options);
        }
        if (len > 0) {
            out.writeBytes(data, dataIndex, len);
        }
        out.setShort(t + 16, Checksum.finish(Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4.TCP, tcpLength), out, t, tcpLength)));
        host.sendIp(out);
    }

    /** What a TCP stack answers a segment of no connection it knows (RFC 9293 3.10.7.1); nothing for a RST. */
    static void refuse(Host host, ByteBuf f, int ip) {
        int p = Ipv4.payload(f, ip);
        int flags = f.getUnsignedByte(p + 13);
        if ((flags & RST) != 0) {
            return;
        }
        int src = Ipv4.src(f, ip);
        int dst = Ipv4.dst(f, ip);
        int srcPort = f.getUnsignedShort(p);
        int dstPort = f.getUnsignedShort(p + 2);
        if ((flags & ACK) != 0) {
            send(host, dst, dstPort, src, srcPort, f.getInt(p + 8), 0, RST, 0, 0, 0, null, 0, 0);
        } else {
            int len = Ipv4.payloadLength(f, ip) - dataOffset(f, p) + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
            send(host, dst, dstPort, src, srcPort, 0, f.getInt(p + 4) + len, RST | ACK, 0, 0, 0, null, 0, 0);
        }
    }

    static int dataOffset(ByteBuf f, int tcp) {
        return (f.getUnsignedByte(tcp + 12) >>> 4) * 4;
    }

    /** A SYN's MSS option, or {@code -1}; its window-scale shift, or {@code -1} (packed: mss in the high half). */
    static long synOptions(ByteBuf f, int tcp) {
        int mss = -1;
        int shift = -1;
        int end = tcp + dataOffset(f, tcp);
        int i = tcp + HEADER;
        while (i < end) {
            int kind = f.getUnsignedByte(i);
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                break;
            }
            int len = f.getUnsignedByte(i + 1);
            if (len < 2 || i + len > end) {
                break;
            }
            if (kind == 2 && len == 4) {
                mss = f.getUnsignedShort(i + 2);
            } else if (kind == 3 && len == 3) {
                shift = Math.min(14, f.getUnsignedByte(i + 2));
            }
            i += len;
        }
        return (long) mss << 32 | (shift & 0xFFFF_FFFFL);
    }
}

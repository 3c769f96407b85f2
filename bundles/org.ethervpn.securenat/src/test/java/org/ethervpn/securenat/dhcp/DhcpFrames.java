package org.ethervpn.securenat.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ethervpn.securenat.engine.Frames;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** DHCP client messages as frames, and a reader for the server's answers, for socket-free tests. */
final class DhcpFrames {
    static final long HOST_MAC = Mac.parse("5E-00-00-00-00-01");
    static final int HOST_IP = Ip4.parse("192.168.30.1");

    private DhcpFrames() {
    }

    /** A client's message builder: type, MAC, xid; then options and addresses. */
    static final class Msg {
        final Map<Integer, byte[]> options = new LinkedHashMap<>();
        final long mac;
        int xid = 0x1234_5678;
        int flags;
        int ciaddr;
        int srcIp;
        int dstIp = Ip4.BROADCAST;
        long dstMac = Mac.BROADCAST;

        Msg(int type, long mac) {
            this.mac = mac;
            options.put(DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {(byte) type});
        }

        Msg opt(int code, byte[] value) {
            options.put(code, value);
            return this;
        }

        Msg requested(int ip) {
            return opt(DhcpMessage.OPT_REQUESTED_IP, ip(ip));
        }

        Msg server(int ip) {
            return opt(DhcpMessage.OPT_SERVER_ID, ip(ip));
        }

        Msg hostname(String name) {
            return opt(DhcpMessage.OPT_HOSTNAME, name.getBytes(StandardCharsets.US_ASCII));
        }

        Msg broadcastFlag() {
            flags = DhcpMessage.FLAG_BROADCAST;
            return this;
        }

        /** Renewing: unicast from the client's address to the host. */
        Msg unicastFrom(int ip) {
            ciaddr = ip;
            srcIp = ip;
            dstIp = HOST_IP;
            dstMac = HOST_MAC;
            return this;
        }

        byte[] bootp() {
            ByteBuf b = Unpooled.buffer();
            b.writeByte(1).writeByte(1).writeByte(6).writeByte(0).writeInt(xid).writeShort(0).writeShort(flags);
            b.writeInt(ciaddr).writeInt(0).writeInt(0).writeInt(0);
            b.writeBytes(Mac.toBytes(mac)).writeZero(10).writeZero(192).writeInt(DhcpMessage.COOKIE);
            options.forEach((code, v) -> b.writeByte(code).writeByte(v.length).writeBytes(v));
            b.writeByte(255);
            return Frames.bytes(b);
        }

        ByteBuf frame() {
            return frame(bootp());
        }

        ByteBuf frame(byte[] bootp) {
            return Frames.ipv4(dstMac, mac, srcIp, dstIp, Ipv4.UDP, Frames.udp(68, 67, bootp));
        }
    }

    static byte[] ip(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    /** A server answer read from its frame, after checking the IPv4 header and the UDP checksum. */
    record Reply(long dstMac, int dstIp, int op, int xid, int flags, int ciaddr, int yiaddr, long chaddr,
            Map<Integer, byte[]> options, int length) {
        int type() {
            return options.get(DhcpMessage.OPT_MESSAGE_TYPE)[0];
        }

        int ipOption(int code) {
            byte[] v = options.get(code);
            return v == null ? 0 : Unpooled.wrappedBuffer(v).getInt(0);
        }

        static Reply read(ByteBuf f) {
            try {
                int ip = Ethernet.HEADER;
                if (f.getUnsignedShort(Ethernet.TYPE) != Ethernet.TYPE_IPV4 || Ipv4.check(f, ip, f.readableBytes() - ip) != null) {
                    throw new AssertionError("not a sound IPv4 frame");
                }
                int udp = Ipv4.payload(f, ip);
                int len = f.getUnsignedShort(udp + 4);
                if (f.getUnsignedShort(udp) != 67 || f.getUnsignedShort(udp + 2) != 68
                        || !Checksum.verify(Checksum.add(Checksum.pseudoHeader(Ipv4.src(f, ip), Ipv4.dst(f, ip), Ipv4.UDP, len), f, udp, len))) {
                    throw new AssertionError("bad UDP ports or checksum");
                }
                int d = udp + 8;
                if (f.getInt(d + DhcpMessage.FIXED) != DhcpMessage.COOKIE) {
                    throw new AssertionError("no magic cookie");
                }
                Map<Integer, byte[]> opts = new HashMap<>();
                int i = d + DhcpMessage.OPTIONS;
                while (f.getUnsignedByte(i) != 255) {
                    int code = f.getUnsignedByte(i);
                    if (code == 0) {
                        i++;
                        continue;
                    }
                    byte[] v = new byte[f.getUnsignedByte(i + 1)];
                    f.getBytes(i + 2, v);
                    opts.merge(code, v, (a, b) -> {
                        byte[] c = new byte[a.length + b.length];
                        System.arraycopy(a, 0, c, 0, a.length);
                        System.arraycopy(b, 0, c, a.length, b.length);
                        return c;
                    });
                    i += 2 + v.length;
                }
                return new Reply(Mac.read(f, 0), Ipv4.dst(f, ip), f.getUnsignedByte(d), f.getInt(d + 4), f.getUnsignedShort(d + 10),
                        f.getInt(d + 12), f.getInt(d + 16), Mac.read(f, d + 28), opts, len - 8);
            } finally {
                f.release();
            }
        }
    }
}

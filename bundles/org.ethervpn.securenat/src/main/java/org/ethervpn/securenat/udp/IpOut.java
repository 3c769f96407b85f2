package org.ethervpn.securenat.udp;

import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FixedRecvByteBufAllocator;

/**
 * Sends IPv4 payloads to clients, cut into fragments when the packet would not fit the virtual
 * host's MTU (as SoftEther's virtual host does): a DNS answer with EDNS or a large iperf3 -u datagram
 * reaches the client whole, reassembled by its own stack.
 */
public final class IpOut {
    /** Datagram sockets read whole datagrams (Netty's default would cut them at 2048 bytes). */
    public static final FixedRecvByteBufAllocator DATAGRAM_RECEIVE = new FixedRecvByteBufAllocator(65536);

    private IpOut() {
    }

    /** A UDP datagram {@code srcIp:srcPort → dstIp:dstPort} with its checksum; consumes nothing (copies {@code data}). */
    public static void udp(Host host, int srcIp, int srcPort, int dstIp, int dstPort, ByteBuf data, int index, int length) {
        int udpLength = 8 + length;
        if (udpLength > 0xFFFF - Ipv4.MIN_HEADER) {
            host.dropped("UDP datagram too large for IPv4");
            return;
        }
        ByteBuf udp = host.ipBuffer(Ipv4.MIN_HEADER + udpLength);
        int ip = udp.writerIndex();
        udp.writerIndex(ip + Ipv4.MIN_HEADER); // room for a header when it fits in one packet
        int u = udp.writerIndex();
        udp.writeShort(srcPort).writeShort(dstPort).writeShort(udpLength).writeShort(0);
        udp.writeBytes(data, index, length);
        int sum = Checksum.finish(Checksum.add(Checksum.pseudoHeader(srcIp, dstIp, Ipv4.UDP, udpLength), udp, u, udpLength));
        udp.setShort(u + 6, sum == 0 ? 0xFFFF : sum);
        send(host, Ipv4.UDP, srcIp, dstIp, Ipv4.DEFAULT_TTL, udp, ip);
    }

    /**
     * Sends the payload that follows {@code headerAt} + 20 in {@code packet} (whose readable part
     * ends with it): as one packet with the header written in place when it fits the MTU, else as
     * fragments. Consumes {@code packet}.
     */
    public static void send(Host host, int protocol, int src, int dst, int ttl, ByteBuf packet, int headerAt) {
        int payload = packet.writerIndex() - headerAt - Ipv4.MIN_HEADER;
        int id = host.nextIpId();
        if (Ipv4.MIN_HEADER + payload <= host.config().mtu()) {
            int end = packet.writerIndex();
            packet.writerIndex(headerAt);
            Ipv4.writeHeader(packet, id, ttl, protocol, src, dst, payload);
            packet.writerIndex(end);
            packet.readerIndex(headerAt);
            host.sendIp(packet);
            return;
        }
        try {
            fragment(packet, headerAt + Ipv4.MIN_HEADER, payload, host.config().mtu(), id, ttl, protocol, src, dst,
                    host::ipBuffer, host::sendIp);
        } finally {
            packet.release();
        }
    }

    /**
     * Cuts {@code length} bytes of payload at {@code index} into IPv4 fragments of at most {@code mtu}
     * bytes each (every fragment but the last carries a multiple of 8 bytes and has more-fragments set).
     * Pure: buffers come from {@code buffers}, fragments go to {@code out}.
     */
    public static void fragment(ByteBuf payload, int index, int length, int mtu, int id, int ttl, int protocol, int src,
            int dst, IntFunction<ByteBuf> buffers, Consumer<ByteBuf> out) {
        int step = (mtu - Ipv4.MIN_HEADER) & ~7;
        if (step <= 0) {
            throw new IllegalArgumentException("MTU " + mtu + " leaves no room for a fragment");
        }
        for (int offset = 0; offset < length; offset += step) {
            int size = Math.min(step, length - offset);
            boolean more = offset + size < length;
            ByteBuf f = buffers.apply(Ipv4.MIN_HEADER + size);
            int h = f.writerIndex();
            Ipv4.writeHeader(f, id, ttl, protocol, src, dst, size);
            f.setShort(h + 6, (more ? 0x2000 : 0) | offset >>> 3);
            f.setShort(h + 10, 0);
            f.setShort(h + 10, Checksum.finish(Checksum.add(0, f, h, Ipv4.MIN_HEADER)));
            f.writeBytes(payload, index + offset, size);
            out.accept(f);
        }
    }
}

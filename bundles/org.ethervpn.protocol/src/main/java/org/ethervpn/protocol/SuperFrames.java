package org.ethervpn.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Super-frames: TCP super-segments of up to 64 KiB that a TAP with offloads hands over in one piece (GSO), carried
 * whole between two EtherVPN peers that agreed on them at login, instead of ~45 frames of 1500 bytes each.
 *
 * <p>Representation, everywhere a frame is a {@link ByteBuf} (tunnel decoder, hub queues, sessions): a frame whose
 * readable bytes exceed {@link TunnelLimits#MAX_FRAME_SIZE} is a super-frame, and the {@link TunnelLimits#VNET_HEADER}
 * bytes right before its reader index are its {@code struct virtio_net_hdr} (little-endian, as the kernels we run on
 * write it): flags, gso_type, hdr_len, gso_size, csum_start, csum_offset. The frame itself (Ethernet onwards) is what
 * a switch looks at, so the hub learns and forwards it like any frame; duplicates and slices keep the header in front.
 * On the wire it is one block of header and frame ({@link TunnelEncoder}, {@link TunnelDecoder} with
 * {@link TunnelLimits#SUPER_FRAMES}). A peer that did not agree (every SoftEther program) gets the segments
 * {@link #segment} cuts, so it never sees one.
 */
public final class SuperFrames {
    /** virtio_net_hdr flag: the TCP checksum holds only the pseudo-header sum (to be completed). */
    public static final int F_NEEDS_CSUM = 1;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_ECN = 0x80;
    private static final int ETH = 14;

    private SuperFrames() {
    }

    /** Whether {@code frame} is a super-frame (its header is then right before its reader index). */
    public static boolean isSuperFrame(ByteBuf frame) {
        return frame.readableBytes() > TunnelLimits.MAX_FRAME_SIZE;
    }

    /**
     * Whether the header at absolute index {@code header} of {@code buf} describes a super-frame of {@code frameLength}
     * bytes that a peer may forward: TCPv4 or TCPv6 segmentation, a segment size below the frame length, a checksum
     * field inside the frame.
     */
    public static boolean validHeader(ByteBuf buf, int header, int frameLength) {
        if (header < 0 || frameLength <= TunnelLimits.MAX_FRAME_SIZE || frameLength > TunnelLimits.MAX_SUPER_FRAME) {
            return false;
        }
        int flags = buf.getUnsignedByte(header);
        int type = buf.getUnsignedByte(header + 1) & ~GSO_ECN;
        int gsoSize = buf.getUnsignedShortLE(header + 4);
        if (type != GSO_TCPV4 && type != GSO_TCPV6 || gsoSize == 0 || gsoSize >= frameLength) {
            return false;
        }
        if ((flags & F_NEEDS_CSUM) != 0) {
            int start = buf.getUnsignedShortLE(header + 6);
            int offset = buf.getUnsignedShortLE(header + 8);
            return start + offset + 2 <= frameLength;
        }
        return true;
    }

    /**
     * Cuts {@code superFrame} into plain frames of at most {@link TunnelLimits#MAX_FRAME_SIZE} bytes, as the kernel's
     * {@code tcp_gso_segment} would: each segment gets the headers with its own IPv4 total length, ID (+1 per
     * segment) and header checksum, or IPv6 payload length, its sequence number, CWR on the first only, FIN and PSH
     * on the last only, and a complete TCP checksum. Untagged TCPv4/TCPv6 without IPv6 extension headers only.
     * Consumes {@code superFrame} in every case.
     *
     * @return the number of segments added to {@code out}; 0 when it cannot be cut (dropped)
     */
    public static int segment(ByteBuf superFrame, ByteBufAllocator alloc, List<? super ByteBuf> out) {
        try {
            int at = superFrame.readerIndex();
            int len = superFrame.readableBytes();
            int header = at - TunnelLimits.VNET_HEADER;
            if (!validHeader(superFrame, header, len)) {
                return 0;
            }
            int type = superFrame.getUnsignedByte(header + 1) & ~GSO_ECN;
            int mss = superFrame.getUnsignedShortLE(header + 4);
            int etherType = superFrame.getUnsignedShort(at + 12);
            boolean v4;
            int ipLength;
            if (type == GSO_TCPV4 && etherType == 0x0800) {
                ipLength = (superFrame.getUnsignedByte(at + ETH) & 0x0f) * 4;
                if (ipLength < 20 || superFrame.getUnsignedByte(at + ETH + 9) != 6) {
                    return 0;
                }
                v4 = true;
            } else if (type == GSO_TCPV6 && etherType == 0x86dd) {
                ipLength = 40;
                if (superFrame.getUnsignedByte(at + ETH + 6) != 6) {
                    return 0; // extension headers: not handled
                }
                v4 = false;
            } else {
                return 0;
            }
            int tcp = ETH + ipLength;
            if (tcp + 20 > len) {
                return 0;
            }
            int headers = tcp + (superFrame.getUnsignedByte(at + tcp + 12) >> 4) * 4;
            if (headers < tcp + 20 || headers >= len || headers + mss > TunnelLimits.MAX_FRAME_SIZE) {
                return 0;
            }
            int payload = len - headers;
            int seq0 = superFrame.getInt(at + tcp + 4);
            int id0 = v4 ? superFrame.getUnsignedShort(at + 18) : 0;
            int n = 0;
            for (int offset = 0; offset < payload; offset += mss, n++) {
                int chunk = Math.min(mss, payload - offset);
                ByteBuf s = alloc.directBuffer(headers + chunk);
                s.writeBytes(superFrame, at, headers).writeBytes(superFrame, at + headers + offset, chunk);
                int tcpLength = headers - tcp + chunk;
                if (v4) {
                    s.setShort(16, tcp - ETH + tcpLength);
                    s.setShort(18, id0 + n);
                    s.setShort(24, 0);
                    s.setShort(24, ~fold(sum(s, ETH, tcp)));
                } else {
                    s.setShort(18, tcpLength);
                }
                s.setInt(tcp + 4, seq0 + offset);
                int flags = s.getUnsignedByte(tcp + 13);
                if (offset != 0) {
                    flags &= ~0x80; // CWR
                }
                if (offset + chunk != payload) {
                    flags &= ~0x09; // FIN, PSH
                }
                s.setByte(tcp + 13, flags);
                s.setShort(tcp + 16, 0);
                long sum = (v4 ? sum(s, 26, 34) : sum(s, 22, 54)) + 6 + tcpLength + sum(s, tcp, tcp + tcpLength);
                s.setShort(tcp + 16, ~fold(sum));
                out.add(s);
            }
            return n;
        } finally {
            superFrame.release();
        }
    }

    /** The big-endian 16-bit word sum of {@code b[from..to)} (absolute indices; an odd last byte padded), unfolded. */
    static long sum(ByteBuf b, int from, int to) {
        long sum = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = b.getLong(i);
            sum += (v >>> 32) + (v & 0xffffffffL); // word sums of both halves; folding later gives the same result
        }
        for (; i + 2 <= to; i += 2) {
            sum += b.getUnsignedShort(i);
        }
        if (i < to) {
            sum += b.getUnsignedByte(i) << 8;
        }
        return sum;
    }

    /** Folds a wide sum into 16 bits with end-around carry. */
    static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}

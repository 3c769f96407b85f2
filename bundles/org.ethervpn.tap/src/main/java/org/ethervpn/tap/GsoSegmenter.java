package org.ethervpn.tap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Software TCP segmentation of a GSO super-frame (TCPv4 or TCPv6 without extension headers, untagged Ethernet),
 * as the kernel's {@code tcp_gso_segment} would do it: each segment gets the headers with its own IPv4 length, ID
 * (+1 per segment) and header checksum or IPv6 payload length, its TCP sequence number, CWR only on the first
 * and FIN/PSH only on the last, and a full TCP checksum. One instance per reader thread; not thread-safe.
 */
final class GsoSegmenter {
    static final int GSO_TCPV4 = 1;
    static final int GSO_TCPV6 = 4;
    static final int GSO_ECN = 0x80;

    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment src;
    private boolean v4;
    private int tcp;
    private int headers;
    private int mss;
    private long payload;
    private long offset;
    private int index;
    private int seq0;
    private int id0;

    /**
     * Prepares the segmentation of {@code frame} (Ethernet onwards, no vnet header), which must stay unchanged until
     * the last {@link #next}. False (nothing pending) if it is not a super-frame we can segment into segments of at
     * most {@code maxSegment} bytes.
     */
    boolean start(MemorySegment frame, int gsoType, int gsoSize, int maxSegment) {
        src = null;
        long len = frame.byteSize();
        int type = gsoType & ~GSO_ECN;
        if (len < 14 + 40 || gsoSize <= 0) {
            return false;
        }
        int etherType = frame.get(BE16, 12) & 0xffff;
        int ipHeader;
        if (type == GSO_TCPV4 && etherType == 0x0800) {
            ipHeader = (frame.get(ValueLayout.JAVA_BYTE, 14) & 0x0f) * 4;
            if (ipHeader < 20 || frame.get(ValueLayout.JAVA_BYTE, 14 + 9) != 6) {
                return false;
            }
            v4 = true;
        } else if (type == GSO_TCPV6 && etherType == 0x86dd) {
            ipHeader = 40;
            if (frame.get(ValueLayout.JAVA_BYTE, 14 + 6) != 6) {
                return false; // extension headers: not handled
            }
            v4 = false;
        } else {
            return false;
        }
        tcp = 14 + ipHeader;
        if (tcp + 20 > len) {
            return false;
        }
        int tcpHeader = ((frame.get(ValueLayout.JAVA_BYTE, tcp + 12) & 0xf0) >> 4) * 4;
        headers = tcp + tcpHeader;
        if (tcpHeader < 20 || headers >= len || headers + gsoSize > maxSegment) {
            return false;
        }
        src = frame;
        mss = gsoSize;
        payload = len - headers;
        offset = 0;
        index = 0;
        seq0 = frame.get(BE32, tcp + 4);
        id0 = v4 ? frame.get(BE16, 18) & 0xffff : 0;
        return true;
    }

    boolean hasNext() {
        return src != null && offset < payload;
    }

    /** Writes the next segment to {@code dst} at 0 and returns its length. */
    int next(MemorySegment dst) {
        int chunk = (int) Math.min(mss, payload - offset);
        boolean first = offset == 0;
        boolean last = offset + chunk == payload;
        MemorySegment.copy(src, 0, dst, 0, headers);
        MemorySegment.copy(src, headers + offset, dst, headers, chunk);
        int tcpLen = headers - tcp + chunk;
        if (v4) {
            dst.set(BE16, 16, (short) (tcp - 14 + tcpLen));
            dst.set(BE16, 18, (short) (id0 + index));
            dst.set(BE16, 24, (short) 0);
            dst.set(BE16, 24, (short) ~VnetHdr.fold(VnetHdr.onesComplementSum(dst, 14, tcp)));
        } else {
            dst.set(BE16, 18, (short) tcpLen);
        }
        dst.set(BE32, tcp + 4, seq0 + (int) offset);
        int flags = dst.get(ValueLayout.JAVA_BYTE, tcp + 13) & 0xff;
        if (!first) {
            flags &= ~0x80; // CWR
        }
        if (!last) {
            flags &= ~0x09; // FIN, PSH
        }
        dst.set(ValueLayout.JAVA_BYTE, tcp + 13, (byte) flags);
        dst.set(BE16, tcp + 16, (short) 0);
        long sum = v4 ? VnetHdr.onesComplementSum(dst, 26, 34) : VnetHdr.onesComplementSum(dst, 22, 54);
        sum += 6 + tcpLen + VnetHdr.onesComplementSum(dst, tcp, tcp + tcpLen);
        dst.set(BE16, tcp + 16, (short) ~VnetHdr.fold(sum));
        offset += chunk;
        index++;
        if (!hasNext()) {
            src = null;
        }
        return headers + chunk;
    }
}

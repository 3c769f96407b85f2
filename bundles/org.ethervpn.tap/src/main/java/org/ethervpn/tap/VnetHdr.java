package org.ethervpn.tap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The {@code struct virtio_net_hdr} a packet socket with {@code PACKET_VNET_HDR} puts before every frame
 * (and expects before every frame written): flags u8, gso_type u8, hdr_len u16, gso_size u16, csum_start u16,
 * csum_offset u16, in host byte order.
 *
 * <p>Why: a frame sent by the host (or a veth peer) with TX checksum offload reaches the packet socket as
 * CHECKSUM_PARTIAL: its TCP/UDP checksum field holds only the pseudo-header sum. The header says so
 * ({@link #F_NEEDS_CSUM}) and where the checksum goes, so we complete it as the kernel's
 * {@code skb_checksum_help} would before the frame leaves through the VPN.
 */
final class VnetHdr {
    static final int SIZE = 10;
    static final int F_NEEDS_CSUM = 1;
    static final int GSO_NONE = 0;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED; // host order
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** What to do with a received frame. */
    enum Verdict {
        /** Deliver as is (complete checksum or none to complete). */
        AS_IS,
        /** Deliver: the checksum was completed in place. */
        CHECKSUM_COMPLETED,
        /** A GSO super-frame (gso_type != 0): several segments in one, not delivered. */
        GSO,
        /** csum_start/csum_offset point outside the frame: not delivered. */
        BAD_OFFSETS,
        /** Not delivered for another reason (short, too long, a super-frame that cannot be segmented), counted. */
        DROPPED
    }

    private VnetHdr() {
    }

    /**
     * Inspects the header at {@code buf[0..SIZE)} of a received {@code buf[0..n)} and completes the
     * checksum of the frame {@code buf[SIZE..n)} in place if the kernel left it partial.
     */
    static Verdict apply(MemorySegment buf, long n) {
        if (n < SIZE) {
            return Verdict.BAD_OFFSETS;
        }
        int flags = buf.get(ValueLayout.JAVA_BYTE, 0) & 0xff;
        int gsoType = buf.get(ValueLayout.JAVA_BYTE, 1) & 0xff;
        if (gsoType != GSO_NONE) {
            return Verdict.GSO;
        }
        if ((flags & F_NEEDS_CSUM) == 0) {
            return Verdict.AS_IS;
        }
        int start = buf.get(U16, 6) & 0xffff;
        int offset = buf.get(U16, 8) & 0xffff;
        return completeChecksum(buf.asSlice(SIZE, n - SIZE), start, offset) ? Verdict.CHECKSUM_COMPLETED : Verdict.BAD_OFFSETS;
    }

    /**
     * Stores the Internet checksum of {@code frame[start..end)} at {@code start + offset}. The field must hold the
     * pseudo-header sum (as CHECKSUM_PARTIAL leaves it), which the sum over the range then includes. A result of 0
     * is stored as 0xffff (the same in ones' complement; 0 would mean "no checksum" to UDP), as the kernel does.
     *
     * @return false, with the frame untouched, if the field does not lie inside the frame
     */
    static boolean completeChecksum(MemorySegment frame, int start, int offset) {
        long len = frame.byteSize();
        if (offset < 0 || start + offset + 2L > len) {
            return false;
        }
        int sum = fold(onesComplementSum(frame, start, len));
        short result = (short) ~sum;
        frame.set(BE16, start + offset, result == 0 ? (short) 0xffff : result);
        return true;
    }

    /** The 16-bit big-endian word sum of {@code s[from..to)} (an odd last byte padded with zero), not yet folded. */
    static long onesComplementSum(MemorySegment s, long from, long to) {
        long sum = 0;
        long i = from;
        for (; i + 4 <= to; i += 4) {
            sum += s.get(BE32, i) & 0xffffffffL; // two words at once; folding later gives the same result
        }
        for (; i + 2 <= to; i += 2) {
            sum += s.get(BE16, i) & 0xffff;
        }
        if (i < to) {
            sum += (s.get(ValueLayout.JAVA_BYTE, i) & 0xff) << 8;
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

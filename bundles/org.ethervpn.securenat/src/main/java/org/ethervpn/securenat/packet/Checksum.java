package org.ethervpn.securenat.packet;

import io.netty.buffer.ByteBuf;

/** The Internet checksum (RFC 1071), summed in 32 bits and folded at the end. */
public final class Checksum {
    private Checksum() {
    }

    /**
     * Adds {@code length} bytes at {@code index} to {@code sum} as big-endian 16-bit words. Eight bytes
     * are read at a time and added as two 32-bit words: the one's complement sum is the same, since
     * 2^16 = 1 modulo 0xFFFF, and it is four times fewer reads (this runs over every NAT segment).
     */
    public static int add(int sum, ByteBuf buf, int index, int length) {
        long s = sum & 0xFFFF_FFFFL;
        int end8 = index + (length & ~7);
        for (; index < end8; index += 8) {
            long v = buf.getLong(index);
            s += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        int end = index + (length & 6);
        for (; index < end; index += 2) {
            s += buf.getUnsignedShort(index);
        }
        if ((length & 1) != 0) {
            s += (buf.getUnsignedByte(index)) << 8;
        }
        s = (s & 0xFFFF_FFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /** The TCP/UDP pseudo-header's contribution. */
    public static int pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
    }

    /** Folds a sum into the 16-bit one's complement checksum to write. */
    public static int finish(int sum) {
        long s = sum & 0xFFFF_FFFFL;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    /** Whether a region holding its own checksum sums to zero (i.e. is intact). */
    public static boolean verify(int sum) {
        return finish(sum) == 0;
    }
}

package org.ethervpn.pack;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary PACK form (spec: session protocol §2.1): big-endian, elements in the order of the
 * {@link Pack}. Decoding copies each DATA/STR/UNISTR value once and does no other copying.
 *
 * <p>Trailing bytes: SoftEther's reader ignores bytes after the last element; {@link #decode}
 * rejects them, because every carriage (HTTP body, RPC frame) gives a PACK its exact length, so
 * leftovers mean a framing error. {@link #decodePrefix} reads the SoftEther way.
 */
public final class PackCodec {
    private PackCodec() {
    }

    /** Decodes all remaining bytes of {@code in} as one PACK under {@link PackLimits#DEFAULT}. */
    public static Pack decode(ByteBuffer in) throws PackException {
        return decode(in, PackLimits.DEFAULT);
    }

    /**
     * Decodes all remaining bytes of {@code in} as one PACK. On success the position is at the
     * limit; on failure it is unchanged. The buffer's byte order does not matter.
     *
     * @throws PackException if the bytes are not exactly one valid PACK within {@code limits}
     */
    public static Pack decode(ByteBuffer in, PackLimits limits) throws PackException {
        return PackDecoder.decode(in, limits, true);
    }

    public static Pack decode(byte[] in) throws PackException {
        return decode(ByteBuffer.wrap(in), PackLimits.DEFAULT);
    }

    public static Pack decode(byte[] in, PackLimits limits) throws PackException {
        return decode(ByteBuffer.wrap(in), limits);
    }

    /**
     * Decodes one PACK from the start of {@code in}'s remaining bytes, ignoring whatever follows it
     * (as SoftEther does), and leaves the position just after it.
     */
    public static Pack decodePrefix(ByteBuffer in, PackLimits limits) throws PackException {
        return PackDecoder.decode(in, limits, false);
    }

    /** The number of bytes {@link #encode(Pack)} produces. */
    public static long encodedSize(Pack pack) {
        long size = 4;
        for (PackElement e : pack.elements()) {
            size += e.encodedSize();
        }
        return size;
    }

    /**
     * Encodes the PACK into a new array.
     *
     * @throws IllegalStateException if the encoding would not fit in a Java array
     */
    public static byte[] encode(Pack pack) {
        long size = encodedSize(pack);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("PACK too large to encode into an array: " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        write(pack, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Encodes the PACK at {@code out}'s position (big-endian whatever the buffer's order) and moves
     * the position past it.
     *
     * @throws BufferOverflowException if fewer than {@link #encodedSize} bytes remain; nothing is written then
     */
    public static void encode(Pack pack, ByteBuffer out) {
        if (encodedSize(pack) > out.remaining()) {
            throw new BufferOverflowException();
        }
        ByteBuffer o = out.duplicate().order(ByteOrder.BIG_ENDIAN);
        write(pack, o);
        out.position(o.position());
    }

    private static void write(Pack pack, ByteBuffer out) {
        out.putInt(pack.size());
        for (PackElement e : pack.elements()) {
            e.write(out);
        }
    }
}

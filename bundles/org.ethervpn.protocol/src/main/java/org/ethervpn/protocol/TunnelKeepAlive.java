package org.ethervpn.protocol;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

import io.netty.buffer.ByteBuf;

/**
 * A keep-alive unit: {@code u32 0xFFFFFFFF, u32 P, P bytes}. The padding is random except that it may
 * announce the sender's UDP port for UDP acceleration: {@code "NATT_MY_PORT"} followed by a big-endian
 * u16 port.
 *
 * <p>Decoded keep-alives carry the padding length and the announced port; to send one, write an
 * instance to a channel with a {@link TunnelEncoder}, which fills the padding with random bytes.
 *
 * @param paddingLength {@code P}, 0..512
 * @param nattPort the announced UDP port, or -1 if none
 */
public record TunnelKeepAlive(int paddingLength, int nattPort) {
    /** Prefix of a padding that announces a UDP port. */
    public static final String NATT_SIGNATURE = "NATT_MY_PORT";
    /** A padding must be at least this long to carry a port: signature plus u16. */
    public static final int NATT_MIN_PADDING = NATT_SIGNATURE.length() + 2;
    /** No port announced. */
    public static final int NO_PORT = -1;

    private static final byte[] NATT_BYTES = NATT_SIGNATURE.getBytes(StandardCharsets.US_ASCII);

    public TunnelKeepAlive {
        if (paddingLength < 0 || paddingLength > TunnelLimits.MAX_KEEPALIVE_SIZE) {
            throw new IllegalArgumentException("keep-alive padding " + paddingLength + " is not within 0.."
                    + TunnelLimits.MAX_KEEPALIVE_SIZE);
        }
        if (nattPort != NO_PORT) {
            if (nattPort < 0 || nattPort > 0xFFFF) {
                throw new IllegalArgumentException("port " + nattPort + " is not within 0..65535");
            }
            if (paddingLength < NATT_MIN_PADDING) {
                throw new IllegalArgumentException("a port needs a padding of at least " + NATT_MIN_PADDING + " bytes");
            }
        }
    }

    /** A keep-alive with {@code paddingLength} random bytes and no port. */
    public static TunnelKeepAlive of(int paddingLength) {
        return new TunnelKeepAlive(paddingLength, NO_PORT);
    }

    /** A keep-alive as SoftEther sends it: padding of {@code random % 512} bytes. */
    public static TunnelKeepAlive random(RandomGenerator random) {
        return of(KeepAlivePolicy.paddingLength(random));
    }

    /** A keep-alive announcing {@code port}, padded like SoftEther: {@code max(random % 512, 14)}. */
    public static TunnelKeepAlive randomWithPort(RandomGenerator random, int port) {
        return new TunnelKeepAlive(Math.max(KeepAlivePolicy.paddingLength(random), NATT_MIN_PADDING), port);
    }

    public boolean hasNattPort() {
        return nattPort != NO_PORT;
    }

    /** Reads the padding at {@code buf[index .. index+length)} without moving any index. */
    static TunnelKeepAlive parse(ByteBuf buf, int index, int length) {
        if (length >= NATT_MIN_PADDING && startsWithSignature(buf, index)) {
            return new TunnelKeepAlive(length, buf.getUnsignedShort(index + NATT_BYTES.length));
        }
        return of(length);
    }

    /** Writes the whole unit (marker, length, padding) to {@code out}. */
    void writeTo(ByteBuf out, RandomGenerator random) {
        out.writeInt((int) TunnelLimits.KEEP_ALIVE_MARKER);
        out.writeInt(paddingLength);
        int remaining = paddingLength;
        if (hasNattPort()) {
            out.writeBytes(NATT_BYTES);
            out.writeShort(nattPort);
            remaining -= NATT_MIN_PADDING;
        }
        for (; remaining >= Long.BYTES; remaining -= Long.BYTES) {
            out.writeLong(random.nextLong());
        }
        for (; remaining > 0; remaining--) {
            out.writeByte(random.nextInt());
        }
    }

    /** Bytes of the whole unit on the wire. */
    int wireLength() {
        return 8 + paddingLength;
    }

    private static boolean startsWithSignature(ByteBuf buf, int index) {
        for (int i = 0; i < NATT_BYTES.length; i++) {
            if (buf.getByte(index + i) != NATT_BYTES[i]) {
                return false;
            }
        }
        return true;
    }
}

package org.ethervpn.securenat.packet;

import io.netty.buffer.ByteBuf;

/**
 * IPv4 header fields read at an absolute index (the header's first byte), and the header written. No
 * object per packet: the engine and the protocol handlers read the fields straight from the frame.
 */
public final class Ipv4 {
    public static final int MIN_HEADER = 20;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** SoftEther's TTL for what its virtual host sends. */
    public static final int DEFAULT_TTL = 128;

    private Ipv4() {
    }

    public static int headerLength(ByteBuf b, int ip) {
        return (b.getUnsignedByte(ip) & 0x0F) * 4;
    }

    public static int totalLength(ByteBuf b, int ip) {
        return b.getUnsignedShort(ip + 2);
    }

    public static int id(ByteBuf b, int ip) {
        return b.getUnsignedShort(ip + 4);
    }

    /** More-fragments flag set or a fragment offset: part of a fragmented datagram. */
    public static boolean isFragment(ByteBuf b, int ip) {
        return (b.getUnsignedShort(ip + 6) & 0x3FFF) != 0;
    }

    public static boolean dontFragment(ByteBuf b, int ip) {
        return (b.getUnsignedShort(ip + 6) & 0x4000) != 0;
    }

    public static int ttl(ByteBuf b, int ip) {
        return b.getUnsignedByte(ip + 8);
    }

    public static int protocol(ByteBuf b, int ip) {
        return b.getUnsignedByte(ip + 9);
    }

    public static int src(ByteBuf b, int ip) {
        return b.getInt(ip + 12);
    }

    public static int dst(ByteBuf b, int ip) {
        return b.getInt(ip + 16);
    }

    /** Index of the payload (TCP/UDP/ICMP header). */
    public static int payload(ByteBuf b, int ip) {
        return ip + headerLength(b, ip);
    }

    /** Bytes of payload the header declares. */
    public static int payloadLength(ByteBuf b, int ip) {
        return totalLength(b, ip) - headerLength(b, ip);
    }

    /**
     * Checks the header of a packet at {@code ip} with {@code available} bytes after it.
     *
     * @return null if it is a well-formed IPv4 header whose declared length fits, else why not
     */
    public static String check(ByteBuf b, int ip, int available) {
        if (available < MIN_HEADER) {
            return "IPv4 packet shorter than a header";
        }
        int v = b.getUnsignedByte(ip);
        if (v >>> 4 != 4) {
            return "not IPv4";
        }
        int hl = (v & 0x0F) * 4;
        int total = totalLength(b, ip);
        if (hl < MIN_HEADER || hl > total || total > available) {
            return "bad IPv4 lengths";
        }
        if (!Checksum.verify(Checksum.add(0, b, ip, hl))) {
            return "bad IPv4 header checksum";
        }
        return null;
    }

    /**
     * Writes a 20-byte header (no options, don't-fragment clear) with its checksum at the writer index;
     * the payload of {@code payloadLength} bytes follows.
     */
    public static void writeHeader(ByteBuf out, int id, int ttl, int protocol, int src, int dst, int payloadLength) {
        int i = out.writerIndex();
        out.ensureWritable(MIN_HEADER);
        out.setByte(i, 0x45);
        out.setByte(i + 1, 0);
        out.setShort(i + 2, MIN_HEADER + payloadLength);
        out.setShort(i + 4, id);
        out.setShort(i + 6, 0);
        out.setByte(i + 8, ttl);
        out.setByte(i + 9, protocol);
        out.setShort(i + 10, 0);
        out.setInt(i + 12, src);
        out.setInt(i + 16, dst);
        out.setShort(i + 10, Checksum.finish(Checksum.add(0, out, i, MIN_HEADER)));
        out.writerIndex(i + MIN_HEADER);
    }
}

package org.ethervpn.securenat.dns;

import io.netty.buffer.ByteBuf;

/**
 * The little of a DNS message (RFC 1035) the proxy reads: header flags, the id, and the single
 * question's name. Pure and bounded: every length is checked against the message, compression
 * pointers may only point backwards and at most {@link #MAX_JUMPS} times, names stay within 255 octets.
 */
public final class DnsMessage {
    public static final int HEADER = 12;
    static final int MAX_JUMPS = 16;
    static final int MAX_NAME = 255;
    public static final int RCODE_SERVFAIL = 2;

    /** The question: its name in text form and the index just after its type and class. */
    public record Question(String name, int end) {
    }

    private DnsMessage() {
    }

    public static int id(ByteBuf b, int m) {
        return b.getUnsignedShort(m);
    }

    public static boolean isResponse(ByteBuf b, int m) {
        return (b.getUnsignedByte(m + 2) & 0x80) != 0;
    }

    /**
     * A standard query (QR 0, opcode 0) with exactly one question, as SoftEther's proxy accepts.
     *
     * @return its question, or null if the message is not one
     */
    public static Question query(ByteBuf b, int m, int length) {
        if (length < HEADER || isResponse(b, m) || (b.getUnsignedByte(m + 2) & 0x78) != 0 || b.getUnsignedShort(m + 4) != 1) {
            return null;
        }
        return question(b, m, length);
    }

    /** The first question of a message whose header says it has at least one, or null if malformed. */
    public static Question question(ByteBuf b, int m, int length) {
        if (length < HEADER || b.getUnsignedShort(m + 4) < 1) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        int end = name(b, m, length, HEADER, name);
        if (end < 0 || end + 4 > length) {
            return null;
        }
        return new Question(name.isEmpty() ? "." : name.toString(), end + 4);
    }

    /**
     * Reads the name at offset {@code at} of the message {@code [m, m+length)} into {@code out}
     * (labels joined by dots, bytes outside printable ASCII, dots and backslashes as {@code \DDD}).
     *
     * @return the offset just after the name where it started (after its first pointer, if any), or -1
     */
    static int name(ByteBuf b, int m, int length, int at, StringBuilder out) {
        int pos = at;
        int end = -1;
        int jumps = 0;
        int octets = 1;
        int lowest = at; // a pointer must go strictly before every label read so far: no loops
        while (true) {
            if (pos >= length) {
                return -1;
            }
            int len = b.getUnsignedByte(m + pos);
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= length || ++jumps > MAX_JUMPS) {
                    return -1;
                }
                int target = (len & 0x3F) << 8 | b.getUnsignedByte(m + pos + 1);
                if (end < 0) {
                    end = pos + 2;
                }
                if (target >= lowest || target < HEADER) {
                    return -1;
                }
                pos = target;
                lowest = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                return -1; // 0x40 and 0x80 label types are not in use
            }
            if (len == 0) {
                return end < 0 ? pos + 1 : end;
            }
            octets += len + 1;
            if (octets > MAX_NAME || pos + 1 + len > length) {
                return -1;
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            for (int i = 0; i < len; i++) {
                int c = b.getUnsignedByte(m + pos + 1 + i);
                if (c > 0x20 && c < 0x7F && c != '.' && c != '\\') {
                    out.append((char) c);
                } else {
                    out.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
                            .append((char) ('0' + c % 10));
                }
            }
            pos += 1 + len;
        }
    }

    /**
     * A SERVFAIL answer to a query: its header and question ({@code [m, m+questionEnd)}) with QR, RA
     * and the response code set, no records. Written at {@code out}'s writer index.
     */
    public static void servFail(ByteBuf query, int m, int questionEnd, ByteBuf out) {
        int o = out.writerIndex();
        out.writeBytes(query, m, questionEnd);
        out.setByte(o + 2, 0x80 | (query.getUnsignedByte(m + 2) & 0x79)); // QR, opcode, RD kept; AA, TC off
        out.setByte(o + 3, 0x80 | RCODE_SERVFAIL);
        out.setShort(o + 4, 1);
        out.setShort(o + 6, 0);
        out.setShort(o + 8, 0);
        out.setShort(o + 10, 0);
    }
}

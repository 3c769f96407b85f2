package org.ethervpn.hub;

import io.netty.buffer.ByteBuf;

/** MAC addresses packed into the low 48 bits of a {@code long}, so lookups need no objects. */
final class Macs {
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Macs() {
    }

    /** The six bytes at absolute index {@code index} of {@code buf}; indices are not moved. */
    static long read(ByteBuf buf, int index) {
        return (buf.getUnsignedInt(index) << 16) | buf.getUnsignedShort(index + 4);
    }

    /** Group (multicast or broadcast) addresses have the least significant bit of the first byte set. */
    static boolean isGroup(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /** Text form as SoftEther's MAC table list shows it: {@code 00-AC-12-34-56-78}. */
    static String format(long mac) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int b = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            out[i * 3] = HEX[b >>> 4];
            out[i * 3 + 1] = HEX[b & 0xF];
            if (i < 5) {
                out[i * 3 + 2] = '-';
            }
        }
        return new String(out);
    }

    /** Parses {@code 00-ac-12-34-56-78} or {@code 00:ac:12:34:56:78}. */
    static long parse(String text) {
        String hex = text.replace("-", "").replace(":", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        return Long.parseLong(hex, 16);
    }
}

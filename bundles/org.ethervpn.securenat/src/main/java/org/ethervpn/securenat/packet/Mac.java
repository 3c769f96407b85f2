package org.ethervpn.securenat.packet;

import io.netty.buffer.ByteBuf;

/** MAC addresses packed into the low 48 bits of a {@code long}, and their text form. */
public final class Mac {
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Mac() {
    }

    public static long read(ByteBuf buf, int index) {
        return (buf.getUnsignedInt(index) << 16) | buf.getUnsignedShort(index + 4);
    }

    public static void write(ByteBuf buf, int index, long mac) {
        buf.setInt(index, (int) (mac >>> 16));
        buf.setShort(index + 4, (int) mac);
    }

    public static long fromBytes(byte[] b) {
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            mac = mac << 8 | (b[i] & 0xFF);
        }
        return mac;
    }

    public static byte[] toBytes(long mac) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return b;
    }

    /** Group (multicast or broadcast) addresses have the lowest bit of the first octet set. */
    public static boolean isGroup(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /** SoftEther's text form: {@code 5E-12-34-56-78-9A}. */
    public static String format(long mac) {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            int b = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            if (i > 0) {
                s.append('-');
            }
            s.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return s.toString();
    }

    /**
     * Parses {@code 5e-12-34-56-78-9a}, {@code 5E:12:34:56:78:9A} or 12 hex digits.
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static long parse(String text) {
        String hex = text == null ? "" : text.trim().replace("-", "").replace(":", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("not a MAC address: \"" + text + "\"");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a MAC address: \"" + text + "\"");
        }
    }
}

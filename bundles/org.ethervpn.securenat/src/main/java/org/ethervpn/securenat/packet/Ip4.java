package org.ethervpn.securenat.packet;

/** IPv4 addresses as {@code int}s (network order: the first octet is the high byte) and their text form. */
public final class Ip4 {
    public static final int BROADCAST = 0xFFFF_FFFF;

    private Ip4() {
    }

    /**
     * Parses dotted text such as {@code 192.168.30.1}.
     *
     * @throws IllegalArgumentException naming the text if it is not four octets
     */
    public static int parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
        }
        int ip = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
            }
            ip = ip << 8 | octet;
        }
        return ip;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xFF) + "." + (ip >>> 8 & 0xFF) + "." + (ip & 0xFF);
    }

    /** A netmask is ones then zeros ({@code 255.255.255.0}); 0.0.0.0 and 255.255.255.255 count. */
    public static boolean isMask(int mask) {
        int inverted = ~mask;
        return (inverted & (inverted + 1)) == 0;
    }

    /** Prefix length of a valid mask. */
    public static int prefix(int mask) {
        return Integer.bitCount(mask);
    }

    public static boolean sameSubnet(int a, int b, int mask) {
        return (a & mask) == (b & mask);
    }
}

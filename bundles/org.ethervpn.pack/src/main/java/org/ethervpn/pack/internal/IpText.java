package org.ethervpn.pack.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text forms of IP addresses without any name resolution. */
public final class IpText {
    private IpText() {
    }

    /** RFC 5952 text: dotted quad for IPv4; compressed lower-case hex for IPv6, {@code %scope} if non-zero. */
    public static String format(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        // the longest run of two or more zero groups (the first one on a tie) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            sb.append('%').append(Integer.toUnsignedString(v6.getScopeId()));
        }
        return sb.toString();
    }

    /**
     * Parses a strict dotted quad or an IPv6 literal (optionally with a numeric {@code %scope}).
     *
     * @throws IllegalArgumentException if the text is neither
     */
    public static InetAddress parse(String text) {
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        String literal = text;
        int scope = 0;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            literal = text.substring(0, percent);
            scope = parseScope(text.substring(percent + 1), text);
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length == 4) {
            // Java turns IPv4-mapped IPv6 literals into IPv4 addresses; keep the IPv6 form the text asked for
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return v6(bytes, scope);
    }

    /**
     * SoftEther's INT form of an IPv4 address: the octets reversed (192.168.0.1 is 0x0100a8c0), because
     * the C code keeps the network-order bytes in a little-endian integer and sends it big-endian.
     */
    public static int reversedInt(byte[] v4) {
        return (v4[3] & 0xff) << 24 | (v4[2] & 0xff) << 16 | (v4[1] & 0xff) << 8 | (v4[0] & 0xff);
    }

    /** The IPv4 address of SoftEther's reversed INT form. */
    public static Inet4Address fromReversedInt(int v) {
        return v4(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    /** An IPv6 address from 16 bytes and a scope id, without any lookup. */
    public static Inet6Address v6(byte[] bytes, int scope) {
        try {
            return Inet6Address.getByAddress(null, bytes, scope);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IPv6 address needs 16 bytes, not " + bytes.length, e);
        }
    }

    /** An IPv4 address from 4 bytes in network order. */
    public static Inet4Address v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IPv4 address needs 4 bytes, not " + bytes.length, e);
        }
    }

    private static int parseScope(String scope, String text) {
        if (scope.isEmpty() || scope.length() > 10 || !scope.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' has a scope that is not a number");
        }
        long value = Long.parseLong(scope);
        if (value > 0xffffffffL) {
            throw new IllegalArgumentException("'" + text + "' has a scope above 4294967295");
        }
        return (int) value;
    }

    private static InetAddress parseV4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9' && value != 0 && (value < 0 || value * 10 + (c - '0') <= 255)) {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
            } else if (c == '.' && value >= 0 && part < 4) {
                bytes[part++] = (byte) value;
                value = -1;
            } else {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d, each 0-255)");
            }
        }
        if (part != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d, each 0-255)");
        }
        return v4(bytes);
    }
}

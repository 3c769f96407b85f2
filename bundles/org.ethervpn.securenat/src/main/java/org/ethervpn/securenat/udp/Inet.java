package org.ethervpn.securenat.udp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Between {@link InetAddress} and SecureNAT's int addresses (dual-stack sockets report IPv4 as ::ffff:a.b.c.d). */
public final class Inet {
    private Inet() {
    }

    public static InetAddress address(int ip) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** The IPv4 address, or 0 for an IPv6 one. */
    public static int ipv4(InetAddress a) {
        byte[] b = a.getAddress();
        int o;
        if (b.length == 4) {
            o = 0;
        } else if (b.length == 16 && isMapped(b)) {
            o = 12;
        } else {
            return 0;
        }
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}

package org.ethervpn.admin.wire;

import java.net.InetAddress;

/** "host:port" / "[v6]:port" as our admin API writes remote ends, split into the PACK's address and port fields. */
public final class HostPort {
    /** 0.0.0.0: what SoftEther writes for an address it does not know. */
    public static final InetAddress NO_ADDRESS = InetAddress.ofLiteral("0.0.0.0");

    private HostPort() {
    }

    /** The address, 0.0.0.0 if the host is not an address literal (never resolved: no DNS lookups on the admin thread). */
    public static InetAddress address(String hostPort) {
        if (hostPort == null) {
            return NO_ADDRESS;
        }
        try {
            return InetAddress.ofLiteral(host(hostPort));
        } catch (IllegalArgumentException e) {
            return NO_ADDRESS;
        }
    }

    /** The host without brackets; a bare IPv6 address is returned whole. */
    public static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end > 0 ? hostPort.substring(1, end) : hostPort;
        }
        return colon > 0 && hostPort.indexOf(':') == colon ? hostPort.substring(0, colon) : hostPort;
    }

    /** The port, 0 if there is none. */
    public static int port(String hostPort) {
        if (hostPort == null) {
            return 0;
        }
        int colon = hostPort.lastIndexOf(':');
        boolean v6bare = !hostPort.startsWith("[") && hostPort.indexOf(':') != colon;
        if (colon < 0 || v6bare) {
            return 0;
        }
        try {
            return Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "host:port", brackets around an IPv6 host; "" for no host. */
    public static String join(String host, int port) {
        return host.isEmpty() ? "" : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

package org.ethervpn.server;

import org.ethervpn.pack.Pack;

/**
 * The session policy sent in the welcome as {@code policy:<Name>} INTs (spec §3.5). Real clients
 * read it and an absent element reads as 0, so all 38 are sent: SoftEther's default policy, with
 * NoBridge/NoRouting set for sessions that did not ask for bridge/routing mode (§3.6).
 */
final class Policy {
    static final int TIMEOUT_SECONDS = 20;
    static final int MAX_CONNECTION = 32;
    /** MAC addresses a session without bridge/routing mode may use (SoftEther's limit, §3.6). */
    static final int NON_BRIDGE_MAX_MACS = 3;

    private static final String[] BOOLEANS = {"Access", "DHCPFilter", "DHCPNoServer", "DHCPForce", "NoBridge",
        "NoRouting", "PrivacyFilter", "NoServer", "CheckMac", "CheckIP", "ArpDhcpOnly", "MonitorPort",
        "NoBroadcastLimiter", "FixPassword", "NoQoS", "RSandRAFilter", "RAFilter", "DHCPv6Filter", "DHCPv6NoServer",
        "NoRoutingV6", "CheckIPv6", "NoServerV6", "NoSavePassword", "FilterIPv4", "FilterIPv6", "FilterNonIP",
        "NoIPv6DefaultRouterInRA", "NoIPv6DefaultRouterInRAWhenIPv6", "Ver3"};
    private static final String[] INTEGERS = {"MaxConnection", "TimeOut", "MaxMac", "MaxIP", "MaxUpload",
        "MaxDownload", "MultiLogins", "MaxIPv6", "AutoDisconnect", "VLanId"};

    private Policy() {
    }

    static void addTo(Pack welcome, boolean bridgeMode) {
        for (String name : BOOLEANS) {
            boolean on = switch (name) {
                case "Access", "Ver3" -> true;
                case "NoBridge", "NoRouting" -> !bridgeMode;
                default -> false;
            };
            welcome.addInt("policy:" + name, on ? 1 : 0);
        }
        for (String name : INTEGERS) {
            int value = switch (name) {
                case "MaxConnection" -> MAX_CONNECTION;
                case "TimeOut" -> TIMEOUT_SECONDS;
                default -> 0;
            };
            welcome.addInt("policy:" + name, value);
        }
    }

    static int count() {
        return BOOLEANS.length + INTEGERS.length;
    }
}

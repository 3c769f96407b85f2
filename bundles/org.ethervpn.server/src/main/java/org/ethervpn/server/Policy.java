package org.ethervpn.server;

import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * The session policy sent in the welcome as {@code policy:<Name>} INTs (spec §3.5). Real clients
 * read it and an absent element reads as 0, so all 38 are sent: SoftEther's default policy, with
 * NoBridge/NoRouting set for sessions that did not ask for bridge/routing mode (§3.6).
 */
final class Policy {
    static final int TIMEOUT_SECONDS = SoftEtherPolicy.TIMEOUT_SECONDS;
    static final int MAX_CONNECTION = SoftEtherPolicy.MAX_CONNECTION;
    /** MAC addresses a session without bridge/routing mode may use (SoftEther's limit, §3.6). */
    static final int NON_BRIDGE_MAX_MACS = 3;

    private Policy() {
    }

    static void addTo(Pack welcome, boolean bridgeMode) {
        SoftEtherPolicy.defaults(bridgeMode).forEach((name, value) -> welcome.addInt("policy:" + name, value.intValue()));
        welcome.addInt("policy:Ver3", 1);
    }

    static int count() {
        return SoftEtherPolicy.items().size() + 1;
    }
}

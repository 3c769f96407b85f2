package org.ethervpn.securenat.component;

import org.ethervpn.securenat.engine.Engine;

/** Plugs SecureNAT's protocol pieces into a new engine, as its options ask. */
final class Pieces {
    private Pieces() {
    }

    static Engine install(Engine engine) {
        // DHCP server (UDP 67), DNS proxy (UDP 53), and the TCP/UDP/ICMP NAT are added here as they land.
        return engine;
    }
}

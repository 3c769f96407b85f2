package org.ethervpn.securenat.component;

import org.ethervpn.securenat.dhcp.DhcpServer;
import org.ethervpn.securenat.engine.Engine;

/** Plugs SecureNAT's protocol pieces into a new engine, as its options ask. */
final class Pieces {
    private Pieces() {
    }

    static Engine install(Engine engine) {
        if (engine.config().dhcp()) {
            DhcpServer.install(engine);
        }
        // DNS proxy (UDP 53) and the TCP/UDP/ICMP NAT are added here as they land.
        return engine;
    }
}

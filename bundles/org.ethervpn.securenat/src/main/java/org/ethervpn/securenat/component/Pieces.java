package org.ethervpn.securenat.component;

import org.ethervpn.securenat.dhcp.DhcpServer;
import org.ethervpn.securenat.dns.DnsProxy;
import org.ethervpn.securenat.dns.Resolvers;
import org.ethervpn.securenat.engine.Engine;
import org.ethervpn.securenat.icmp.IcmpNat;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.tcp.TcpNat;
import org.ethervpn.securenat.udp.UdpNat;

/** Plugs SecureNAT's protocol pieces into a new engine, as its options ask. */
final class Pieces {
    private Pieces() {
    }

    static Engine install(Engine engine) {
        if (engine.config().dhcp()) {
            DhcpServer.install(engine);
        }
        if (engine.config().nat()) {
            TcpNat.install(engine);
            DnsProxy dns = new DnsProxy(engine, new Resolvers(Resolvers.RESOLV_CONF, engine.log()));
            engine.hostUdp(DnsProxy.PORT, dns).service(dns);
            UdpNat udp = new UdpNat(engine);
            engine.nat(Ipv4.UDP, udp).service(udp);
            IcmpNat icmp = new IcmpNat(engine);
            engine.nat(Ipv4.ICMP, icmp).service(icmp);
        }
        return engine;
    }
}

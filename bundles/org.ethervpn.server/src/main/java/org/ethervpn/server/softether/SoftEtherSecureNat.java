package org.ethervpn.server.softether;

import java.util.List;
import java.util.Optional;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.server.config.SecureNatConfig;

/**
 * A hub's {@code SecureNAT} folder of a SoftEther {@code vpn_server.config} (SiWriteSecureNAT's
 * layout): {@code Disabled}, {@code SaveLog} and the folders {@code VirtualHost}, {@code VirtualRouter},
 * {@code VirtualDhcpServer}. An item missing takes SoftEther's default; a hub without the folder gets
 * SecureNAT off with the defaults and a new MAC (chosen by the server), as SoftEther loads it; settings SoftEther would not
 * accept either fall back to the defaults (keeping the MAC if it is valid), with a note.
 */
final class SoftEtherSecureNat {
    private SoftEtherSecureNat() {
    }

    static SecureNatConfig read(SoftEtherFolder hub, List<String> notes) {
        Optional<SoftEtherFolder> folder = hub.folder("SecureNAT");
        if (folder.isEmpty()) {
            return null; // the server chooses it (off, defaults, a new MAC) when it saves
        }
        SecureNatConfig fresh = SecureNatConfig.fresh();
        SoftEtherFolder f = folder.get();
        SecureNatOptions d = fresh.options();
        SoftEtherFolder none = new SoftEtherFolder("", "", 0);
        SoftEtherFolder host = f.folder("VirtualHost").orElse(none);
        SoftEtherFolder nat = f.folder("VirtualRouter").orElse(none);
        SoftEtherFolder dhcp = f.folder("VirtualDhcpServer").orElse(none);
        boolean enabled = !f.bool("Disabled", true);
        String mac = host.string("VirtualHostMacAddress", d.mac());
        SecureNatOptions o = new SecureNatOptions(mac, host.string("VirtualHostIp", d.ip()),
                host.string("VirtualHostIpSubnetMask", d.mask()), nat.bool("NatEnabled", d.useNat()),
                (int) nat.uint("NatMtu", d.mtu()), (int) nat.uint("NatTcpTimeout", d.natTcpTimeoutSeconds()),
                (int) nat.uint("NatUdpTimeout", d.natUdpTimeoutSeconds()), dhcp.bool("DhcpEnabled", d.useDhcp()),
                dhcp.string("DhcpLeaseIPStart", d.dhcpLeaseStart()), dhcp.string("DhcpLeaseIPEnd", d.dhcpLeaseEnd()),
                dhcp.string("DhcpSubnetMask", d.dhcpSubnetMask()),
                (int) dhcp.uint("DhcpExpireTimeSpan", d.dhcpExpireSeconds()),
                dhcp.string("DhcpGatewayAddress", d.dhcpGateway()), dhcp.string("DhcpDnsServerAddress", d.dhcpDns()),
                dhcp.string("DhcpDnsServerAddress2", d.dhcpDns2()), dhcp.string("DhcpDomainName", d.dhcpDomainName()),
                f.bool("SaveLog", d.saveLog()), true, dhcp.string("DhcpPushRoutes", d.dhcpPushRoutes()));
        try {
            return new SecureNatConfig(enabled, o);
        } catch (IllegalArgumentException e) {
            SecureNatOptions fallback = d;
            try {
                fallback = new SecureNatConfig(false, d.withHost(mac, d.ip(), d.mask())).options();
            } catch (IllegalArgumentException badMac) {
                // the MAC is what is wrong: keep the new one
            }
            notes.add("  SecureNAT (hub " + hub.name() + "): its settings are not valid (" + e.getMessage()
                    + "): imported " + (enabled ? "on" : "off") + " with SoftEther's defaults");
            return new SecureNatConfig(enabled, fallback);
        }
    }

    /** For the report: "on (5E-..., 10.77.0.1/255.255.0.0, NAT, DHCP 10.77.1.10-10.77.1.99)". */
    static String describe(SecureNatConfig c) {
        SecureNatOptions o = c.options();
        return (c.enabled() ? "on" : "off") + " (" + o.mac() + ", " + o.ip() + "/" + o.mask()
                + (o.useNat() ? ", NAT" : ", no NAT") + (o.useDhcp() ? ", DHCP " + o.dhcpLeaseStart() + "-" + o.dhcpLeaseEnd()
                : ", no DHCP") + ")";
    }

}

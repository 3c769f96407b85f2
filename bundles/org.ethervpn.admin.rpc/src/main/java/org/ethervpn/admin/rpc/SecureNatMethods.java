package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.rpc.HubMethods.hubName;
import static org.ethervpn.admin.wire.PackCopy.copy;

import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.admin.wire.SecureNatWire;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.VpnServerAdmin;

/**
 * SecureNAT (vpncmd SecureNatEnable/Disable/StatusGet, SecureNatHostGet/Set, NatGet/Set/Enable/Disable/
 * Table, DhcpGet/Set/Enable/Disable/Table). As in SoftEther every method is for the server administrator
 * and the hub's own administrator (its default hub admin options allow SecureNAT). EnumNAT, EnumDHCP
 * and GetSecureNATStatus answer empty tables and zeros while SecureNAT does not run, as SoftEther's do.
 */
final class SecureNatMethods {
    private SecureNatMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnableSecureNAT", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.secureNatSetEnabled(hubName(req, HubWire.HUB_NAME), true);
            return copy(req);
        });
        d.add("DisableSecureNAT", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.secureNatSetEnabled(hubName(req, HubWire.HUB_NAME), false);
            return copy(req);
        });
        d.add("GetSecureNATOption", Rights.HUB, SecureNatWire.OPTION_HUB, (req, who) -> {
            String hub = admin.hubGet(hubName(req, SecureNatWire.OPTION_HUB)).name();
            return SecureNatWire.writeOption(hub, admin.secureNatOptionGet(hub));
        });
        d.add("SetSecureNATOption", Rights.HUB, SecureNatWire.OPTION_HUB, (req, who) -> {
            String hub = admin.hubGet(hubName(req, SecureNatWire.OPTION_HUB)).name();
            admin.secureNatOptionSet(hub, SecureNatWire.readOption(req));
            return SecureNatWire.writeOption(hub, admin.secureNatOptionGet(hub));
        });
        d.add("EnumNAT", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = admin.hubGet(hubName(req, HubWire.HUB_NAME)).name();
            return SecureNatWire.writeNatList(hub, admin.natList(hub));
        });
        d.add("EnumDHCP", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = admin.hubGet(hubName(req, HubWire.HUB_NAME)).name();
            return SecureNatWire.writeDhcpList(hub, admin.dhcpList(hub));
        });
        d.add("GetSecureNATStatus", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            SecureNatStatus s = admin.secureNatStatus(hubName(req, HubWire.HUB_NAME));
            return SecureNatWire.writeStatus(s);
        });
    }
}

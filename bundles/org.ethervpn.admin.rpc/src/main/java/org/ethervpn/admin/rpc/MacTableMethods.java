package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.rpc.HubMethods.hubName;

import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.admin.wire.MacTableWire;
import org.ethervpn.api.admin.VpnServerAdmin;

/**
 * A hub's learned MAC addresses (vpncmd MacTable → EnumMacTable). Key is the entry's position: we
 * have no stable entry ids, and vpncmd only shows it. No VLANs and no cluster, so VlanId 0 and
 * RemoteItem false.
 */
final class MacTableMethods {
    private MacTableMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumMacTable", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            return MacTableWire.writeList(admin.hubGet(hub).name(), admin.serverInfo().hostName(), admin.macTableList(hub));
        });
    }
}

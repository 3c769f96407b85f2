package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.Traffic.time;
import static org.ethervpn.admin.rpc.HubMethods.hubName;

import java.util.HexFormat;

import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * A hub's learned MAC addresses (vpncmd MacTable → EnumMacTable). Key is the entry's position: we
 * have no stable entry ids, and vpncmd only shows it. No VLANs and no cluster, so VlanId 0 and
 * RemoteItem false.
 */
final class MacTableMethods {
    private MacTableMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumMacTable", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            String host = admin.serverInfo().hostName();
            Pack p = new Pack().addStr("HubName", admin.hubGet(hub).name()).beginJsonGroup("MacTable");
            int key = 1;
            for (MacEntryInfo m : admin.macTableList(hub)) {
                p.appendInt("Key", key++).appendStr("SessionName", m.session())
                        .appendData("MacAddress", HexFormat.of().parseHex(m.mac().replaceAll("[^0-9A-Fa-f]", ""))).appendInt("VlanId", 0)
                        .appendTime64("CreatedTime", time(m.created())).appendTime64("UpdatedTime", time(m.lastSeen()))
                        .appendBool("RemoteItem", false).appendStr("RemoteHostname", host);
            }
            return p.endJsonGroup();
        });
    }
}

package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.rpc.HubMethods.hubName;
import static org.ethervpn.admin.wire.PackCopy.copy;

import java.time.Instant;

import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.admin.wire.SessionWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * Sessions of a hub (spec §5.5); their layout is {@link SessionWire}'s.
 */
final class SessionMethods {
    private SessionMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumSession", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            return SessionWire.writeList(admin.hubGet(hub).name(), admin.serverInfo().hostName(), admin.sessionList(hub),
                    Instant.now());
        });
        d.add("GetSessionStatus", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            return SessionWire.writeStatus(admin.sessionGet(hub, sessionName(req)), admin.serverInfo());
        });
        d.add("DeleteSession", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.sessionDisconnect(hubName(req, HubWire.HUB_NAME), sessionName(req));
            return copy(req);
        });
    }

    private static String sessionName(Pack req) {
        String name = HubWire.name(req);
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "Name is missing");
        }
        return name;
    }
}

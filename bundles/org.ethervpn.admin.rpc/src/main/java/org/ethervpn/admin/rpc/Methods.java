package org.ethervpn.admin.rpc;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.tls.ServerIdentity;
import org.osgi.service.log.Logger;

/** Every admin RPC method this server answers, by area; the rest get error 33. */
final class Methods {
    private Methods() {
    }

    static Dispatcher all(VpnServerAdmin admin, ServerIdentity identity, Logger log) {
        Dispatcher d = new Dispatcher(log);
        AdminConnections.register(d, admin);
        ServerMethods.register(d, admin, identity);
        HubMethods.register(d, admin);
        UserMethods.register(d, admin);
        SessionMethods.register(d, admin);
        LinkMethods.register(d, admin);
        ConfigMethods.register(d, admin);
        MacTableMethods.register(d, admin);
        SecureNatMethods.register(d, admin);
        return d;
    }
}

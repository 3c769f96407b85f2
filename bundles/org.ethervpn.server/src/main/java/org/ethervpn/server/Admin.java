package org.ethervpn.server;

import org.ethervpn.api.admin.VpnServerAdmin;

/**
 * The {@link VpnServerAdmin} service, registered as it is: each area of the API (hubs, users,
 * sessions, cascades, listeners, bridges, SecureNAT, the server, the configuration as a whole) is an interface
 * of its own whose methods validate, save through {@link ServerCore#change}, then update the running
 * state. This class only joins them and gives them the server.
 */
final class Admin implements HubsAdmin, UsersAdmin, SessionsAdmin, CascadesAdmin, ListenersAdmin, BridgesAdmin,
        SecureNatAdmin, ServerAdmin, ServerConfigAdmin {
    private final ServerCore core;

    Admin(ServerCore core) {
        this.core = core;
    }

    @Override
    public ServerCore core() {
        return core;
    }
}

package org.ethervpn.admin.client;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.admin.wire.ConfigWire;
import org.ethervpn.admin.wire.ConnectionWire;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.pack.Pack;

/**
 * ConfigSet and the ConnectionList family over the RPC (kept apart from {@link RemoteAdmin}, which
 * is long enough): the requests vpncmd sends for the same commands.
 */
final class RemoteConfigAndConnections {
    private final RemoteAdmin admin;

    RemoteConfigAndConnections(RemoteAdmin admin) {
        this.admin = admin;
    }

    /** vpncmd sends the file NUL-terminated; a SoftEther server restarts, ours keeps admin connections. */
    List<String> configSet(byte[] config) {
        List<String> report = new ArrayList<>(ConfigWire.readReport(
                admin.call("SetConfig", ConfigWire.writeSetRequest(config), "cannot set the configuration")));
        if (report.isEmpty()) {
            report.add("configuration sent (" + config.length + " bytes); the server applies it");
        }
        return report;
    }

    List<TcpConnectionInfo> list() {
        return ConnectionWire.readList(admin.call("EnumConnection", new Pack(), "cannot list the connections"));
    }

    TcpConnectionInfo get(String name) {
        return ConnectionWire.readInfo(admin.call("GetConnectionInfo", ConnectionWire.request(name),
                "cannot get connection " + name));
    }

    void disconnect(String name) {
        admin.call("DisconnectConnection", ConnectionWire.request(name), "cannot close connection " + name);
    }
}

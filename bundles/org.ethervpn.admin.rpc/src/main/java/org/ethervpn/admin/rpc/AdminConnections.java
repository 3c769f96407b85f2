package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.ethervpn.admin.wire.ConnectionWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.VpnServerAdmin;

/**
 * SoftEther's EnumConnection / GetConnectionInfo / DisconnectConnection over the server's
 * {@link VpnServerAdmin#connectionList()}: TCP connections outside VPN sessions (spec §5.5), those
 * still in their handshake (type 1) and admin connections (type 5, JSON-RPC ones included).
 */
final class AdminConnections {
    private AdminConnections() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumConnection", Rights.SERVER, null, (req, who) -> ConnectionWire.writeList(admin.connectionList(),
                AdminConnections::ip));
        d.add("GetConnectionInfo", Rights.SERVER, null, (req, who) -> {
            TcpConnectionInfo c = admin.connectionGet(ConnectionWire.name(req));
            return ConnectionWire.writeInfo(c, ip(c), admin.serverInfo());
        });
        d.add("DisconnectConnection", Rights.SERVER, null, (req, who) -> {
            admin.connectionDisconnect(ConnectionWire.name(req));
            return copy(req);
        });
    }

    private static InetAddress ip(TcpConnectionInfo c) {
        try {
            return InetAddress.getByName(c.remoteHost()); // a literal address: no lookup
        } catch (UnknownHostException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "connection " + c.name() + " has no address");
        }
    }
}

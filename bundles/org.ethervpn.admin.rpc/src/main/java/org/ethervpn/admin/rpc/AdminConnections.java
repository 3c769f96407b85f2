package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

import static org.ethervpn.admin.wire.Traffic.time;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * SoftEther's EnumConnection / GetConnectionInfo / DisconnectConnection over the server's
 * {@link VpnServerAdmin#connectionList()}: TCP connections outside VPN sessions (spec §5.5), those
 * still in their handshake (type 1) and admin connections (type 5, JSON-RPC ones included).
 */
final class AdminConnections {
    static final int TYPE_INIT = 1;
    static final int TYPE_ADMIN_RPC = 5;

    private AdminConnections() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumConnection", Rights.SERVER, null, (req, who) -> {
            Pack p = new Pack().beginJsonGroup("ConnectionList");
            for (TcpConnectionInfo c : admin.connectionList()) {
                p.appendStr("Name", c.name()).appendIp("Ip", ip(c)).appendInt("Port", c.remotePort())
                        .appendStr("Hostname", c.remoteHost()).appendTime64("ConnectedTime", time(c.connected()))
                        .appendInt("Type", type(c));
            }
            return p.endJsonGroup();
        });
        d.add("GetConnectionInfo", Rights.SERVER, null, (req, who) -> {
            TcpConnectionInfo c = admin.connectionGet(req.getStr("Name"));
            var v = admin.serverInfo();
            return new Pack().addStr("Name", c.name()).addIp("Ip", ip(c)).addInt("Port", c.remotePort())
                    .addTime64("ConnectedTime", time(c.connected())).addStr("Hostname", c.remoteHost())
                    .addStr("ServerStr", v.product()).addStr("ClientStr", c.client())
                    .addInt("ServerVer", v.version()).addInt("ServerBuild", v.build()).addInt("ClientVer", 0)
                    .addInt("ClientBuild", 0).addInt("Type", type(c));
        });
        d.add("DisconnectConnection", Rights.SERVER, null, (req, who) -> {
            admin.connectionDisconnect(req.getStr("Name"));
            return copy(req);
        });
    }

    private static int type(TcpConnectionInfo c) {
        return TcpConnectionInfo.HANDSHAKE.equals(c.type()) ? TYPE_INIT : TYPE_ADMIN_RPC;
    }

    private static InetAddress ip(TcpConnectionInfo c) {
        try {
            return InetAddress.getByName(c.remoteHost()); // a literal address: no lookup
        } catch (UnknownHostException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "connection " + c.name() + " has no address");
        }
    }
}

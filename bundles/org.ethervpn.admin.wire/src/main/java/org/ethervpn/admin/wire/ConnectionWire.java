package org.ethervpn.admin.wire;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.pack.Pack;

/**
 * EnumConnection and GetConnectionInfo (admin spec §5.5) ⇄ {@link TcpConnectionInfo}: TCP connections
 * outside VPN sessions, type 1 (still in the handshake) or 5 (admin RPC).
 */
public final class ConnectionWire {
    public static final int TYPE_INIT = 1;
    public static final int TYPE_ADMIN_RPC = 5;

    private ConnectionWire() {
    }

    public static int type(TcpConnectionInfo c) {
        return TcpConnectionInfo.HANDSHAKE.equals(c.type()) ? TYPE_INIT : TYPE_ADMIN_RPC;
    }

    /** SoftEther's types 1..3 are stages of the handshake; other types (a SoftEther server's) by number. */
    public static String type(int code) {
        return switch (code) {
            case 1, 2, 3 -> TcpConnectionInfo.HANDSHAKE;
            case TYPE_ADMIN_RPC -> TcpConnectionInfo.ADMIN_RPC;
            default -> "type " + code;
        };
    }

    /** EnumConnection's answer; {@code ip} gives each connection's address. */
    public static Pack writeList(List<TcpConnectionInfo> connections, Function<TcpConnectionInfo, InetAddress> ip) {
        Pack p = new Pack().beginJsonGroup("ConnectionList");
        for (TcpConnectionInfo c : connections) {
            p.appendStr("Name", c.name()).appendIp("Ip", ip.apply(c)).appendInt("Port", c.remotePort())
                    .appendStr("Hostname", c.remoteHost()).appendTime64("ConnectedTime", Traffic.time(c.connected()))
                    .appendInt("Type", type(c));
        }
        return p.endJsonGroup();
    }

    /** The connections of an EnumConnection answer (it carries no client string). */
    public static List<TcpConnectionInfo> readList(Pack a) {
        List<TcpConnectionInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("Name"); i++) {
            list.add(new TcpConnectionInfo(a.getStr("Name", i), host(a, i), a.getInt("Port", i),
                    Traffic.time(a.getInt64("ConnectedTime", i)), type(a.getInt("Type", i)), ""));
        }
        return list;
    }

    /** GetConnectionInfo's answer from server {@code v}; the client's version is not kept (0). */
    public static Pack writeInfo(TcpConnectionInfo c, InetAddress ip, ServerInfo v) {
        return new Pack().addStr("Name", c.name()).addIp("Ip", ip).addInt("Port", c.remotePort())
                .addTime64("ConnectedTime", Traffic.time(c.connected())).addStr("Hostname", c.remoteHost())
                .addStr("ServerStr", v.product()).addStr("ClientStr", c.client())
                .addInt("ServerVer", v.version()).addInt("ServerBuild", v.build()).addInt("ClientVer", 0)
                .addInt("ClientBuild", 0).addInt("Type", type(c));
    }

    public static TcpConnectionInfo readInfo(Pack a) {
        return new TcpConnectionInfo(a.getStr("Name"), host(a, 0), a.getInt("Port"),
                Traffic.time(a.getInt64("ConnectedTime")), type(a.getInt("Type")), a.getStr("ClientStr"));
    }

    private static String host(Pack a, int i) {
        InetAddress ip = a.getIp("Ip", i);
        return ip != null ? ip.getHostAddress() : a.getStr("Hostname", i);
    }

    /** GetConnectionInfo's or DisconnectConnection's request. */
    public static Pack request(String name) {
        return new Pack().addStr("Name", name);
    }

    public static String name(Pack req) {
        return req.getStr("Name");
    }
}

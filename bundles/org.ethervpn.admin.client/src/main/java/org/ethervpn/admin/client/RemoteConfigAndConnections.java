package org.ethervpn.admin.client;

import static org.ethervpn.admin.wire.Traffic.time;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.pack.Pack;

/**
 * ConfigSet and the ConnectionList family over the RPC (kept apart from {@link RemoteAdmin}, which
 * is long enough): the requests vpncmd sends for the same commands.
 */
final class RemoteConfigAndConnections {
    /** SoftEther's connection types (spec §5.5) as our {@link TcpConnectionInfo} types. */
    private static String type(int code) {
        return switch (code) {
            case 1, 2, 3 -> TcpConnectionInfo.HANDSHAKE;
            case 5 -> TcpConnectionInfo.ADMIN_RPC;
            default -> "type " + code;
        };
    }

    private final RemoteAdmin admin;

    RemoteConfigAndConnections(RemoteAdmin admin) {
        this.admin = admin;
    }

    /** vpncmd sends the file NUL-terminated; a SoftEther server restarts, ours keeps admin connections. */
    List<String> configSet(byte[] config) {
        byte[] data = java.util.Arrays.copyOf(config, config.length + 1);
        Pack answer = admin.call("SetConfig", new Pack().addStr("FileName", "").addData("FileData", data),
                "cannot set the configuration");
        List<String> report = new ArrayList<>();
        for (int i = 0; i < answer.count("Report"); i++) {
            report.add(answer.getText("Report", i));
        }
        if (report.isEmpty()) {
            report.add("configuration sent (" + config.length + " bytes); the server applies it");
        }
        return report;
    }

    List<TcpConnectionInfo> list() {
        Pack a = admin.call("EnumConnection", new Pack(), "cannot list the connections");
        List<TcpConnectionInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("Name"); i++) {
            list.add(new TcpConnectionInfo(a.getStr("Name", i), host(a, i), a.getInt("Port", i),
                    time(a.getInt64("ConnectedTime", i)), type(a.getInt("Type", i)), ""));
        }
        return list;
    }

    TcpConnectionInfo get(String name) {
        Pack a = admin.call("GetConnectionInfo", new Pack().addStr("Name", name), "cannot get connection " + name);
        return new TcpConnectionInfo(a.getStr("Name"), host(a, 0), a.getInt("Port"), time(a.getInt64("ConnectedTime")),
                type(a.getInt("Type")), a.getStr("ClientStr"));
    }

    void disconnect(String name) {
        admin.call("DisconnectConnection", new Pack().addStr("Name", name), "cannot close connection " + name);
    }

    private static String host(Pack a, int i) {
        java.net.InetAddress ip = a.getIp("Ip", i);
        return ip != null ? ip.getHostAddress() : a.getStr("Hostname", i);
    }
}

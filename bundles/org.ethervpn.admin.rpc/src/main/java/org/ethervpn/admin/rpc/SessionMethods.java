package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.HostPort.address;
import static org.ethervpn.admin.wire.PackCopy.copy;
import static org.ethervpn.admin.rpc.Fields.nodeInt;
import static org.ethervpn.admin.wire.Traffic.time;
import static org.ethervpn.admin.rpc.HubMethods.hubName;

import java.net.InetAddress;
import java.time.Instant;

import org.ethervpn.admin.wire.Traffic;
import org.ethervpn.admin.wire.HostPort;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.ClientNode;
import org.ethervpn.api.admin.ConnectionInfo;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * Sessions of a hub (spec §5.5). {@code <NODE_INFO>} is what the client reported at login
 * ({@link ClientNode}) except its unique id and proxy, which we do not keep; the remote address stands
 * in for the client's host name, as SoftEther shows it when reverse DNS has no name.
 */
final class SessionMethods {
    /** SoftEther's "established" session status. */
    private static final int STATUS_ESTABLISHED = 3;

    private SessionMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumSession", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            String host = admin.serverInfo().hostName();
            Pack p = new Pack().addStr("HubName", admin.hubGet(hub).name()).beginJsonGroup("SessionList");
            long now = time(Instant.now());
            for (SessionInfo s : admin.sessionList(hub)) {
                InetAddress ip = address(s.remote());
                p.appendStr("Name", s.name()).appendStr("Username", s.user()).appendIp("Ip", ip).appendIp("ClientIP", ip)
                        .appendStr("Hostname", ip.getHostAddress()).appendInt("MaxNumTcp", s.maxConnections())
                        .appendInt("CurrentNumTcp", s.connections().size())
                        .appendInt64("PacketSize", s.bytesIn() + s.bytesOut())
                        .appendInt64("PacketNum", s.framesIn() + s.framesOut()).appendBool("RemoteSession", false)
                        .appendStr("RemoteHostname", host).appendBool("LinkMode", false).appendBool("SecureNATMode", false)
                        .appendBool("BridgeMode", false).appendBool("Layer3Mode", false)
                        .appendBool("Client_BridgeMode", s.bridgeMode()).appendBool("Client_MonitorMode", false)
                        .appendInt("VLanId", 0).appendData("UniqueId", new byte[16]).appendBool("IsDormantEnabled", false)
                        .appendBool("IsDormant", false).appendTime64("LastCommDormant", 0)
                        .appendTime64("CreatedTime", time(s.created())).appendTime64("LastCommTime", now);
            }
            return p.endJsonGroup();
        });
        d.add("GetSessionStatus", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            SessionInfo s = admin.sessionGet(hub, sessionName(req));
            return status(s, admin.serverInfo());
        });
        d.add("DeleteSession", Rights.HUB, "HubName", (req, who) -> {
            admin.sessionDisconnect(hubName(req, "HubName"), sessionName(req));
            return copy(req);
        });
    }

    /** GetSessionStatus: the session, {@code <CONN_STATUS>} as the server sees it, and {@code <NODE_INFO>}. */
    static Pack status(SessionInfo s, ServerInfo server) {
        InetAddress ip = address(s.remote());
        Instant first = s.connections().stream().map(ConnectionInfo::connected).filter(t -> t != null).min(Instant::compareTo)
                .orElse(s.created());
        Instant last = s.connections().stream().map(ConnectionInfo::connected).filter(t -> t != null).max(Instant::compareTo)
                .orElse(s.created());
        String tls = s.connections().isEmpty() ? "none" : s.connections().get(0).tls();
        int up = 0;
        int down = 0;
        for (ConnectionInfo c : s.connections()) {
            if (c.direction() == 2) {
                up++;
            } else if (c.direction() == 1) {
                down++;
            }
        }
        Pack p = new Pack().addStr("HubName", s.hub()).addStr("Name", s.name()).addStr("Username", s.user())
                .addStr("GroupName", "").addStr("RealUsername", s.user())
                .addIp("SessionStatus_ClientIp", ip).addData("SessionStatus_ClientIp6", new byte[16])
                .addStr("SessionStatus_ClientHostName", ip.getHostAddress()).addIp("Client_Ip_Address", ip);
        // <CONN_STATUS>
        p.addUniStr("AccountName", "").addStr("ServerName", server.hostName()).addStr("ServerProductName", server.product())
                .addStr("CipherName", cipher(tls)).addStr("SessionName", s.name())
                .addStr("ConnectionName", s.connections().isEmpty() ? "" : s.connections().get(0).name())
                .addData("SessionKey", new byte[20]) // the key is the additional-connection credential: never shown
                .addBool("Active", true).addBool("Connected", true).addInt("SessionStatus", STATUS_ESTABLISHED)
                .addInt("ServerPort", 0).addInt("ServerProductVer", server.version())
                .addInt("ServerProductBuild", server.build()).addInt("NumConnectionsEstablished", s.connections().size())
                .addBool("HalfConnection", s.halfDuplex()).addBool("QoS", s.qos())
                .addInt("MaxTcpConnections", s.maxConnections()).addInt("NumTcpConnections", s.connections().size())
                .addInt("NumTcpConnectionsUpload", up).addInt("NumTcpConnectionsDownload", down)
                .addBool("UseEncrypt", s.encrypted()).addBool("UseCompress", s.compressed()).addBool("IsRUDPSession", false)
                .addStr("UnderlayProtocol", ip instanceof java.net.Inet6Address ? "Standard TCP/IP (IPv6)"
                        : "Standard TCP/IP (IPv4)")
                .addBool("IsUdpAccelerationEnabled", false).addBool("IsUsingUdpAcceleration", false)
                .addBool("IsBridgeMode", s.bridgeMode()).addBool("IsMonitorMode", false)
                .addTime64("StartTime", time(s.created())).addTime64("FirstConnectionEstablisiedTime", time(first))
                .addTime64("CurrentConnectionEstablishTime", time(last)).addInt64("TotalSendSize", s.bytesOut())
                .addInt64("TotalRecvSize", s.bytesIn()).addInt64("TotalSendSizeReal", s.bytesOut())
                .addInt64("TotalRecvSizeReal", s.bytesIn()).addInt("VLanId", 0);
        Fields.policy(p, s.bridgeMode());
        Traffic.write(p, "", s.framesIn(), s.bytesIn(), s.framesOut(), s.bytesOut(), false);
        // <NODE_INFO>: integers byte-swapped, as SoftEther passes the client's struct on. Its
        // ServerProductName/Ver/Build and HubName share names with the fields above, which win
        ClientNode n = s.node();
        p.addStr("ClientProductName", s.client()).addStr("ClientOsName", n.osName())
                .addStr("ClientOsVer", n.osVersion()).addStr("ClientOsProductId", n.osProductId())
                .addStr("ClientHostname", n.hostName())
                .addStr("ServerHostname", n.serverHostName().isEmpty() ? server.hostName() : n.serverHostName())
                .addStr("ProxyHostname", "").addData("UniqueId", new byte[16])
                .addInt("ClientProductVer", nodeInt(n.version())).addInt("ClientProductBuild", nodeInt(n.build()))
                .addIp("ClientIpAddress", ip).addData("ClientIpAddress6", new byte[16])
                .addInt("ClientPort", nodeInt(HostPort.port(s.remote()))).addIp("ServerIpAddress", address(n.serverAddress()))
                .addData("ServerIpAddress6", new byte[16]).addInt("ServerPort2", nodeInt(n.serverPort()))
                .addIp("ProxyIpAddress", HostPort.NO_ADDRESS).addData("ProxyIpAddress6", new byte[16]).addInt("ProxyPort", 0);
        return p;
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384" → the suite; "none" (use_encrypt=0) → "". */
    static String cipher(String tls) {
        if (tls == null || tls.equals("none")) {
            return "";
        }
        int space = tls.indexOf(' ');
        return space < 0 ? tls : tls.substring(space + 1);
    }

    private static String sessionName(Pack req) {
        String name = req.getStr("Name");
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "Name is missing");
        }
        return name;
    }
}

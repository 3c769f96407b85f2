package org.ethervpn.admin.wire;

import static org.ethervpn.admin.wire.HostPort.address;
import static org.ethervpn.admin.wire.Traffic.time;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.ClientNode;
import org.ethervpn.api.admin.ConnectionInfo;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.SessionKind;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * EnumSession and GetSessionStatus (admin spec §5.5) ⇄ {@link SessionInfo}. {@code <NODE_INFO>} is
 * what the client reported at login ({@link ClientNode}) except its unique id and proxy, which the
 * server does not keep; the remote address stands in for the client's host name, as SoftEther shows
 * it when reverse DNS has no name. The RPC counts a session's TCP connections but does not list
 * them, so the reader makes one unnamed entry per connection.
 */
public final class SessionWire {
    /** SoftEther's "established" session status. */
    private static final int STATUS_ESTABLISHED = 3;

    private SessionWire() {
    }

    /** EnumSession's answer for hub {@code hub} of server host {@code host}, at {@code now}. */
    public static Pack writeList(String hub, String host, List<SessionInfo> sessions, Instant now) {
        Pack p = new Pack().addStr("HubName", hub).beginJsonGroup("SessionList");
        long last = time(now);
        for (SessionInfo s : sessions) {
            InetAddress ip = address(s.remote());
            p.appendStr("Name", s.name()).appendStr("Username", s.user()).appendIp("Ip", ip).appendIp("ClientIP", ip)
                    .appendStr("Hostname", s.remote().isEmpty() ? "" : ip.getHostAddress())
                    .appendInt("MaxNumTcp", s.maxConnections())
                    .appendInt("CurrentNumTcp", s.connections().size())
                    .appendInt64("PacketSize", s.bytesIn() + s.bytesOut())
                    .appendInt64("PacketNum", s.framesIn() + s.framesOut()).appendBool("RemoteSession", false)
                    .appendStr("RemoteHostname", host).appendBool("LinkMode", false)
                    .appendBool("SecureNATMode", s.kind() == SessionKind.SECURE_NAT)
                    .appendBool("BridgeMode", false).appendBool("Layer3Mode", false)
                    .appendBool("Client_BridgeMode", s.bridgeMode()).appendBool("Client_MonitorMode", false)
                    .appendInt("VLanId", 0).appendData("UniqueId", new byte[16]).appendBool("IsDormantEnabled", false)
                    .appendBool("IsDormant", false).appendTime64("LastCommDormant", 0)
                    .appendTime64("CreatedTime", time(s.created())).appendTime64("LastCommTime", last);
        }
        return p.endJsonGroup();
    }

    /** The sessions of an EnumSession answer; it has only totals, reported as received. */
    public static List<SessionInfo> readList(String hub, Pack a) {
        List<SessionInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("Name"); i++) {
            InetAddress ip = a.getIp("Ip", i);
            String remote = a.getStr("Hostname", i).isEmpty() && ip != null ? ip.getHostAddress() : a.getStr("Hostname", i);
            list.add(new SessionInfo(hub, a.getStr("Name", i), a.getStr("Username", i), "", remote,
                    time(a.getInt64("CreatedTime", i)), a.getInt("MaxNumTcp", i), true, false, false, false,
                    a.getBool("Client_BridgeMode", i), placeholders(a.getInt("CurrentNumTcp", i), remote, 0, 0, ""),
                    a.getInt64("PacketNum", i), a.getInt64("PacketSize", i), 0, 0, 0, null,
                    a.getBool("SecureNATMode", i) ? SessionKind.SECURE_NAT : SessionKind.CLIENT));
        }
        return list;
    }

    /** GetSessionStatus: the session, {@code <CONN_STATUS>} as the server sees it, and {@code <NODE_INFO>}. */
    public static Pack writeStatus(SessionInfo s, ServerInfo server) {
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
                .addStr("SessionStatus_ClientHostName", s.remote().isEmpty() ? "" : ip.getHostAddress()).addIp("Client_Ip_Address", ip);
        // <CONN_STATUS>
        p.addUniStr("AccountName", "").addStr("ServerName", server.hostName()).addStr("ServerProductName", server.product())
                .addStr("CipherName", cipher(tls)).addStr("SessionName", s.name())
                // a session without connections (SecureNAT's) has SoftEther's never-named "INITING", which
                // vpncmd leaves out, and no underlay protocol
                .addStr("ConnectionName", s.connections().isEmpty() ? "INITING" : s.connections().get(0).name())
                .addData("SessionKey", new byte[20]) // the key is the additional-connection credential: never shown
                .addBool("Active", true).addBool("Connected", true).addInt("SessionStatus", STATUS_ESTABLISHED)
                .addInt("ServerPort", 0).addInt("ServerProductVer", server.version())
                .addInt("ServerProductBuild", server.build()).addInt("NumConnectionsEstablished", s.connections().size())
                .addBool("HalfConnection", s.halfDuplex()).addBool("QoS", s.qos())
                .addInt("MaxTcpConnections", s.maxConnections()).addInt("NumTcpConnections", s.connections().size())
                .addInt("NumTcpConnectionsUpload", up).addInt("NumTcpConnectionsDownload", down)
                .addBool("UseEncrypt", s.encrypted()).addBool("UseCompress", s.compressed()).addBool("IsRUDPSession", false)
                .addStr("UnderlayProtocol", s.connections().isEmpty() ? ""
                        : ip instanceof Inet6Address ? "Standard TCP/IP (IPv6)" : "Standard TCP/IP (IPv4)")
                .addBool("IsUdpAccelerationEnabled", false).addBool("IsUsingUdpAcceleration", false)
                .addBool("IsBridgeMode", s.bridgeMode()).addBool("IsMonitorMode", false)
                .addTime64("StartTime", time(s.created())).addTime64("FirstConnectionEstablisiedTime", time(first))
                .addTime64("CurrentConnectionEstablishTime", time(last)).addInt64("TotalSendSize", s.bytesOut())
                .addInt64("TotalRecvSize", s.bytesIn()).addInt64("TotalSendSizeReal", s.bytesOut())
                .addInt64("TotalRecvSizeReal", s.bytesIn()).addInt("VLanId", 0);
        policy(p, s.bridgeMode());
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

    /** A session of hub {@code hub} from a GetSessionStatus answer (the connections as placeholders). */
    public static SessionInfo readStatus(String hub, Pack s) {
        InetAddress ip = s.getIp("Client_Ip_Address");
        String host = s.getStr("SessionStatus_ClientHostName");
        String remote = host.isEmpty() && ip != null ? ip.getHostAddress() : host;
        int port = nodeInt(s.getInt("ClientPort"));
        if (port > 0 && port < 65536) {
            remote = (remote.contains(":") ? "[" + remote + "]" : remote) + ":" + port;
        }
        String tls = s.getStr("CipherName").isEmpty() ? "none" : "TLS " + s.getStr("CipherName");
        long[] t = Traffic.read(s, "", 0);
        return new SessionInfo(hub, s.getStr("Name"), s.getStr("Username"), s.getStr("ClientProductName"), remote,
                time(s.getInt64("StartTime")), s.getInt("MaxTcpConnections"), s.getBool("UseEncrypt"),
                s.getBool("UseCompress"), s.getBool("HalfConnection"), s.getBool("QoS"), s.getBool("IsBridgeMode"),
                placeholders(s.getInt("NumTcpConnections"), remote, s.getInt("NumTcpConnectionsUpload"),
                        s.getInt("NumTcpConnectionsDownload"), tls),
                t[0], t[1], t[2], t[3], 0);
    }

    /** One unnamed entry per counted connection (at most 1,024: the count comes from the peer). */
    private static List<ConnectionInfo> placeholders(int n, String remote, int up, int down, String tls) {
        List<ConnectionInfo> c = new ArrayList<>();
        for (int i = 0; i < Math.max(0, Math.min(n, 1024)); i++) {
            int direction = i < up ? 2 : i < up + down ? 1 : 0;
            c.add(new ConnectionInfo("#" + (i + 1), remote, direction, tls, null, 0, 0, 0, 0));
        }
        return c;
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384" → the suite; "none" (use_encrypt=0) → "". */
    public static String cipher(String tls) {
        if (tls == null || tls.equals("none")) {
            return "";
        }
        int space = tls.indexOf(' ');
        return space < 0 ? tls : tls.substring(space + 1);
    }

    /**
     * {@code <NODE_INFO>} integers: SoftEther copies the client's network-order struct verbatim, so
     * admin tools receive them byte-swapped and swap them back (spec §5.1): 501 goes out as
     * 0xF5010000. Its own inverse.
     */
    public static int nodeInt(int value) {
        return Integer.reverseBytes(value);
    }

    /** {@code <POLICY>} of a session: SoftEther's default policy, the one every session of this server gets. */
    public static Pack policy(Pack p, boolean bridgeMode) {
        for (SoftEtherPolicy.Item i : SoftEtherPolicy.items()) {
            long v = SoftEtherPolicy.defaults(bridgeMode).get(i.name());
            if (i.kind() == SoftEtherPolicy.Kind.BOOL) {
                p.addBool("policy:" + i.name(), v != 0);
            } else {
                p.addInt("policy:" + i.name(), (int) v);
            }
        }
        return p.addBool("policy:Ver3", true);
    }
}

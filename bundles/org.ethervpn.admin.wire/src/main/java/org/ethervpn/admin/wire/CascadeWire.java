package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.ProtocolError;

/**
 * A cascade's own fields (admin spec §5.8) ⇄ {@link CascadeInfo}: EnumLink, GetLink, GetLinkStatus,
 * the CreateLink request vpncmd's CascadeCreate sends and the SetLink edits made on a GetLink answer.
 * The local hub is {@code HubName_Ex} in CreateLink, GetLink, SetLink and GetLinkStatus
 * ({@code HubName} there is the remote hub). The options are {@link CascadeOptionsWire}'s.
 */
public final class CascadeWire {
    public static final int AUTH_ANONYMOUS = 0;
    public static final int AUTH_PASSWORD = 1;
    public static final int AUTH_PLAIN = 2;

    private CascadeWire() {
    }

    /** Connected: our cascade's status says so ("connected"); anything else is on its way or failed. */
    public static boolean connected(CascadeInfo c) {
        return c.online() && c.status().equals("connected");
    }

    /** Any failure we only have as text is CONNECT_FAILED. */
    public static int lastError(CascadeInfo c) {
        return c.lastError() == null || c.lastError().isEmpty() ? 0 : AdminError.CONNECT_FAILED.code();
    }

    /** EnumLink's answer for hub {@code hub}. */
    public static Pack writeList(String hub, List<CascadeInfo> cascades) {
        Pack p = new Pack().addStr("HubName", hub).beginJsonGroup("LinkList");
        for (CascadeInfo c : cascades) {
            p.appendUniStr("AccountName", c.name()).appendStr("Hostname", Endpoint.parse(c.server()).host())
                    .appendStr("ConnectedHubName", c.remoteHub()).appendStr("TargetHubName", c.remoteHub())
                    .appendBool("Online", c.online()).appendBool("Connected", connected(c))
                    .appendTime64("ConnectedTime", 0).appendInt("LastError", lastError(c));
        }
        return p.endJsonGroup();
    }

    /** The cascades of an EnumLink answer (it carries neither port nor user nor options). */
    public static List<CascadeInfo> readList(String hub, Pack a) {
        List<CascadeInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("AccountName"); i++) {
            boolean online = a.getBool("Online", i);
            boolean connected = a.getBool("Connected", i);
            int err = a.getInt("LastError", i);
            String remoteHub = a.getStr("ConnectedHubName", i).isEmpty() ? a.getStr("TargetHubName", i)
                    : a.getStr("ConnectedHubName", i);
            list.add(new CascadeInfo(hub, a.getText("AccountName", i), a.getStr("Hostname", i), remoteHub, "", online,
                    connected ? "connected" : online ? "connecting" : "offline", "", 0,
                    err == 0 ? null : ProtocolError.describe(err)));
        }
        return list;
    }

    /** GetLink's answer: {@code <CLIENT_OPTION>} as SoftEther forces it for cascades, {@code <CLIENT_AUTH>}, {@code <POLICY>}. */
    public static Pack writeLink(CascadeInfo c, String hub) {
        Endpoint e = Endpoint.parse(c.server());
        Pack p = new Pack().addStr("HubName_Ex", hub).addBool("Online", c.online())
                .addUniStr("AccountName", c.name()).addStr("Hostname", e.host()).addInt("Port", e.port())
                .addInt("PortUDP", 0).addStr("HubName", c.remoteHub());
        CascadeOptionsWire.writeAnswer(p, c.options())
                // forced for cascades, as SoftEther forces them; no cascade here uses UDP acceleration
                .addStr("DeviceName", "_SEHUBLINKCLI_").addInt("NumRetry", -1).addInt("RetryInterval", 10)
                .addBool("NoRoutingTracking", true).addBool("HideStatusWindow", false).addBool("HideNicInfoWindow", false)
                .addBool("RequireMonitorMode", false).addBool("RequireBridgeRoutingMode", true)
                .addBool("FromAdminPack", false).addBool("NoUdpAcceleration", true)
                .addData("HostUniqueKey", new byte[20])
                // the stored hash is not returned (our API keeps it in); SetLink takes zeros as "keep"
                .addInt("AuthType", AUTH_PASSWORD).addStr("Username", c.user()).addData("HashedPassword", new byte[20]);
        return SessionWire.policy(p, true);
    }

    /**
     * A cascade of hub {@code hub} from a GetLink answer and, when it is online, its GetLinkStatus
     * answer ({@code status}, null when there is none) or the reason there is none ({@code lastError}).
     */
    public static CascadeInfo readLink(String hub, Pack l, Pack status, String lastError) {
        boolean online = l.getBool("Online");
        String state = online ? "connecting" : "offline";
        String session = "";
        int connections = 0;
        if (online && status != null) {
            if (status.getBool("Connected")) {
                state = "connected";
            }
            session = status.getStr("SessionName");
            connections = status.getInt("NumTcpConnections");
        }
        return new CascadeInfo(hub, l.getText("AccountName"), l.getStr("Hostname") + ":" + l.getInt("Port"),
                l.getStr("HubName"), l.getStr("Username"), online, state, session, connections, lastError,
                CascadeOptionsWire.readAnswer(l));
    }

    /** GetLinkStatus's answer: {@code <CONN_STATUS>} of the client side of the cascade. */
    public static Pack writeStatus(CascadeInfo c, String hub) {
        Endpoint e = Endpoint.parse(c.server());
        boolean up = connected(c);
        Pack p = new Pack().addStr("HubName_Ex", hub).addUniStr("AccountName", c.name()).addStr("ServerName", e.host())
                .addStr("ServerProductName", "").addStr("CipherName", "").addStr("SessionName", up ? c.session() : "")
                .addStr("ConnectionName", "").addData("SessionKey", new byte[20]).addBool("Active", true)
                .addBool("Connected", up).addInt("SessionStatus", up ? 3 : 1).addInt("ServerPort", e.port())
                .addInt("ServerProductVer", 0).addInt("ServerProductBuild", 0)
                .addInt("NumConnectionsEstablished", c.connections()).addBool("HalfConnection", c.options().halfDuplex())
                .addBool("QoS", c.options().qos()).addInt("MaxTcpConnections", c.options().maxConnections())
                .addInt("NumTcpConnections", c.connections())
                .addInt("NumTcpConnectionsUpload", 0).addInt("NumTcpConnectionsDownload", 0)
                .addBool("UseEncrypt", c.options().encrypt()).addBool("UseCompress", c.options().compress())
                .addBool("IsRUDPSession", false)
                .addStr("UnderlayProtocol", up ? "Standard TCP/IP" : "").addBool("IsUdpAccelerationEnabled", false)
                .addBool("IsUsingUdpAcceleration", false).addBool("IsBridgeMode", true).addBool("IsMonitorMode", false)
                .addTime64("StartTime", 0).addTime64("FirstConnectionEstablisiedTime", 0)
                .addTime64("CurrentConnectionEstablishTime", 0).addInt64("TotalSendSize", 0)
                .addInt64("TotalRecvSize", 0).addInt64("TotalSendSizeReal", 0).addInt64("TotalRecvSizeReal", 0)
                .addInt("VLanId", 0);
        SessionWire.policy(p, true);
        return Traffic.write(p, "", 0, 0, 0, 0, false);
    }

    /** The GetLink / GetLinkStatus request naming cascade {@code cascade} of hub {@code hub}. */
    public static Pack name(String hub, String cascade) {
        return new Pack().addStr("HubName_Ex", hub).addUniStr("AccountName", cascade);
    }

    /** What vpncmd's CascadeCreate sends: anonymous until CascadePasswordSet, 8 connections, TLS. */
    public static Pack createRequest(String hub, String cascade, Endpoint server, String remoteHub, String user) {
        Pack p = new Pack().addStr("HubName_Ex", hub).addBool("Online", false).addUniStr("AccountName", cascade)
                .addStr("Hostname", server.host()).addInt("Port", server.port()).addStr("HubName", remoteHub)
                .addInt("ProxyType", 0).addInt("NumRetry", -1).addInt("RetryInterval", 10).addInt("MaxConnection", 8)
                .addBool("UseEncrypt", true).addBool("UseCompress", false).addBool("HalfConnection", false)
                .addInt("AdditionalConnectionInterval", 1).addInt("ConnectionDisconnectSpan", 0)
                .addInt("AuthType", AUTH_ANONYMOUS).addStr("Username", user).addBool("CheckServerCert", false);
        return requestPolicy(p);
    }

    /** The part of SoftEther's default policy vpncmd's CascadeCreate sends (access allowed, 32 connections, 20 s). */
    static Pack requestPolicy(Pack p) {
        for (String b : new String[] {"Access", "DHCPFilter", "DHCPNoServer", "DHCPForce", "NoBridge", "NoRouting",
            "PrivacyFilter", "NoServer", "CheckMac", "CheckIP", "ArpDhcpOnly", "MonitorPort", "NoBroadcastLimiter",
            "FixPassword", "NoQoS"}) {
            p.addBool("policy:" + b, b.equals("Access"));
        }
        return p.addInt("policy:MaxConnection", 32).addInt("policy:TimeOut", 20).addBool("policy:Ver3", true);
    }

    /**
     * vpncmd's CascadeSet / CascadeUsernameSet on a GetLink answer {@code l}: the new destination;
     * a new user loses the password (SoftEther's hash includes the user name).
     */
    public static Pack setDestination(Pack l, Endpoint server, String remoteHub, String user) {
        PackCopy.setStr(l, "Hostname", server.host());
        PackCopy.setInt(l, "Port", server.port());
        PackCopy.setStr(l, "HubName", remoteHub);
        if (!l.getStr("Username").equalsIgnoreCase(user)) {
            PackCopy.setInt(l, "AuthType", AUTH_ANONYMOUS);
            l.remove("HashedPassword");
            l.remove("PlainPassword");
        }
        return PackCopy.setStr(l, "Username", user);
    }

    /** vpncmd's CascadePasswordSet on a GetLink answer {@code l}: the password as SoftEther's hash. */
    public static Pack setPasswordHash(Pack l, byte[] hash) {
        PackCopy.setInt(l, "AuthType", AUTH_PASSWORD);
        PackCopy.setData(l, "HashedPassword", hash);
        l.remove("PlainPassword");
        return l;
    }

    /** SetLinkOnline's, SetLinkOffline's or DeleteLink's request: here the local hub is {@code HubName}. */
    public static Pack hubRequest(String hub, String cascade) {
        return HubWire.request(hub).addUniStr("AccountName", cascade);
    }

    /** The cascade a request names ("" if absent). */
    public static String accountName(Pack req) {
        return req.getText("AccountName");
    }
}

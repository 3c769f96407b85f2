package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;
import static org.ethervpn.admin.rpc.HubMethods.hubName;

import org.ethervpn.admin.wire.Traffic;
import org.ethervpn.admin.wire.CascadeOptionsWire;
import org.ethervpn.admin.wire.SessionWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.pack.Pack;

/**
 * Cascade connections (spec §5.8). The local hub is {@code HubName_Ex} in CreateLink, GetLink,
 * SetLink and GetLinkStatus ({@code HubName} there is the remote hub) and {@code HubName} in the
 * others. The connection options, proxy and certificate check are kept ({@link LinkOptions}); what
 * cascades cannot do is refused with 33 naming the field. Links log in with a password hash only, so
 * anonymous links are stored but cannot go online until a password is set.
 */
final class LinkMethods {
    static final int AUTH_ANONYMOUS = 0;
    static final int AUTH_PASSWORD = 1;
    static final int AUTH_PLAIN = 2;

    private LinkMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("CreateLink", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            String name = linkName(req);
            CascadeOptions options = LinkOptions.from(req, CascadeOptions.defaults());
            checkAuth(req);
            admin.cascadeCreate(hub, name, server(req), hubName(req, "HubName"), req.getStr("Username"));
            try {
                if (!options.equals(CascadeOptions.defaults())) {
                    admin.cascadeOptionsSet(hub, name, options);
                }
                applyAuth(admin, hub, name, req);
            } catch (RuntimeException e) {
                admin.cascadeDelete(hub, name); // whole or not at all
                throw e;
            }
            return copy(req);
        });
        d.add("SetLink", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            String name = linkName(req);
            CascadeInfo c = admin.cascadeGet(hub, name);
            CascadeOptions options = LinkOptions.from(req, c.options());
            checkAuth(req);
            String server = server(req);
            if (!options.equals(c.options())) {
                admin.cascadeOptionsSet(hub, c.name(), options); // first: a refused certificate changes nothing
            }
            String remoteHub = hubName(req, "HubName");
            String user = req.getStr("Username");
            boolean userChanged = !c.user().equalsIgnoreCase(user);
            if (!c.server().equalsIgnoreCase(server) || !c.remoteHub().equals(remoteHub) || !c.user().equals(user)) {
                admin.cascadeSet(hub, c.name(), server, remoteHub, user); // a new user loses the stored hash
            }
            if (applyAuth(admin, hub, c.name(), req) && userChanged && c.online()) {
                admin.cascadeSetOnline(hub, c.name(), true); // it went offline without a password
            }
            return copy(req);
        });
        d.add("GetLink", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            return link(admin.cascadeGet(hub, linkName(req)), hub);
        });
        d.add("EnumLink", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            Pack p = new Pack().addStr("HubName", admin.hubGet(hub).name()).beginJsonGroup("LinkList");
            for (CascadeInfo c : admin.cascadeList(hub)) {
                p.appendUniStr("AccountName", c.name()).appendStr("Hostname", Endpoint.parse(c.server()).host())
                        .appendStr("ConnectedHubName", c.remoteHub()).appendStr("TargetHubName", c.remoteHub())
                        .appendBool("Online", c.online()).appendBool("Connected", connected(c))
                        .appendTime64("ConnectedTime", 0).appendInt("LastError", lastError(c));
            }
            return p.endJsonGroup();
        });
        d.add("SetLinkOnline", Rights.HUB, "HubName", (req, who) -> {
            admin.cascadeSetOnline(hubName(req, "HubName"), linkName(req), true);
            return copy(req);
        });
        d.add("SetLinkOffline", Rights.HUB, "HubName", (req, who) -> {
            admin.cascadeSetOnline(hubName(req, "HubName"), linkName(req), false);
            return copy(req);
        });
        d.add("DeleteLink", Rights.HUB, "HubName", (req, who) -> {
            admin.cascadeDelete(hubName(req, "HubName"), linkName(req));
            return copy(req);
        });
        d.add("GetLinkStatus", Rights.HUB, "HubName_Ex", (req, who) -> {
            String hub = hubName(req, "HubName_Ex");
            CascadeInfo c = admin.cascadeGet(hub, linkName(req));
            if (!c.online()) {
                throw new AdminException(AdminError.LINK_IS_OFFLINE, "cascade " + c.name() + " is offline");
            }
            return linkStatus(c, hub);
        });
    }

    /** Connected: our cascade's status says so ("connected"); anything else is on its way or failed. */
    static boolean connected(CascadeInfo c) {
        return c.online() && c.status().equals("connected");
    }

    static int lastError(CascadeInfo c) {
        return c.lastError() == null || c.lastError().isEmpty() ? 0 : AdminError.CONNECT_FAILED.code(); // any failure we only have as text
    }

    /** GetLink's answer: {@code <CLIENT_OPTION>} as SoftEther forces it for cascades, {@code <CLIENT_AUTH>}, {@code <POLICY>}. */
    static Pack link(CascadeInfo c, String hub) {
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

    /** GetLinkStatus's answer: {@code <CONN_STATUS>} of the client side of the cascade. */
    static Pack linkStatus(CascadeInfo c, String hub) {
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

    /** Before anything changes: 33 for an authentication type links here cannot use. */
    private static void checkAuth(Pack req) {
        int type = req.getInt("AuthType");
        if (type != AUTH_ANONYMOUS && type != AUTH_PASSWORD && type != AUTH_PLAIN) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "cascade authentication type " + Integer.toUnsignedString(type)
                    + ": only password (1, 2) and anonymous (0)");
        }
    }

    /** Sets what the request's {@code <CLIENT_AUTH>} gives; true if the link now has a password. */
    private static boolean applyAuth(VpnServerAdmin admin, String hub, String name, Pack req) {
        int type = req.getInt("AuthType");
        switch (type) {
            case AUTH_ANONYMOUS:
                return false;
            case AUTH_PASSWORD: {
                byte[] hash = req.getData("HashedPassword");
                if (hash.length == 20 && !Fields.allZero(hash)) {
                    admin.cascadePasswordHashSet(hub, name, hash);
                    return true;
                }
                return false; // zeros: keep what is stored
            }
            case AUTH_PLAIN: {
                String pw = req.getStr("PlainPassword");
                admin.cascadePasswordSet(hub, name, pw.toCharArray());
                return true;
            }
            default:
                throw new AdminException(AdminError.NOT_SUPPORTED,
                        "cascade authentication type " + Integer.toUnsignedString(type) + ": only password (1, 2) and anonymous (0)");
        }
    }

    /** "host:port" for our API ("[v6]:port" for an IPv6 literal). */
    static String server(Pack req) {
        String host = req.getStr("Hostname");
        int port = req.getInt("Port");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "Hostname and Port (1..65535) are needed");
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String linkName(Pack req) {
        String name = req.getText("AccountName");
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "AccountName is missing");
        }
        return name;
    }
}

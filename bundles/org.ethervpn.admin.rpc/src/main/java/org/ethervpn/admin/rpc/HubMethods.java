package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;
import static org.ethervpn.admin.wire.Traffic.time;

import org.ethervpn.admin.wire.Traffic;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * Virtual hubs (admin spec §5.3). Hubs are stand-alone (type 0). {@code NoEnum} is the hub's
 * {@link HubInfo#hidden()}; SoftEther's static network ({@code DefaultGateway}, {@code DefaultSubnet},
 * vpncmd SetStaticNetwork) is refused with 33. {@code SecurePassword} is derived from the same
 * password as {@code HashedPassword}, which is what we keep.
 */
final class HubMethods {
    private HubMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("EnumHub", Rights.ANY, null, (req, who) -> {
            Pack p = new Pack().beginJsonGroup("HubList");
            for (HubInfo h : admin.hubList()) {
                if (!who.isServerAdmin() && !h.name().equalsIgnoreCase(who.hub())) {
                    continue; // a hub administrator sees only its hub
                }
                p.appendStr("HubName", h.name()).appendBool("Online", h.online()).appendInt("HubType", 0)
                        .appendInt("NumSessions", h.sessions()).appendInt("NumUsers", h.users()).appendInt("NumGroups", 0)
                        .appendInt("NumMacTables", h.macEntries()).appendInt("NumIpTables", 0)
                        // the last login also stands for the last communication, which we do not keep
                        .appendTime64("LastCommTime", time(h.lastLogin())).appendTime64("CreatedTime", 0)
                        .appendTime64("LastLoginTime", time(h.lastLogin()))
                        .appendInt("NumLogin", 0).appendBool("IsTrafficFilled", true);
                Traffic.write(p, "Ex.", h.framesIn(), h.bytesIn(), h.framesOut(), h.bytesOut(), true);
            }
            return p.endJsonGroup();
        });
        d.add("GetHubStatus", Rights.HUB, "HubName", (req, who) -> {
            HubInfo h = admin.hubGet(hubName(req, "HubName"));
            Pack p = new Pack().addStr("HubName", h.name()).addBool("Online", h.online()).addInt("HubType", 0)
                    .addInt("NumSessions", h.sessions()).addInt("NumSessionsClient", h.sessions())
                    .addInt("NumSessionsBridge", 0).addInt("NumAccessLists", 0).addInt("NumUsers", h.users())
                    .addInt("NumGroups", 0).addInt("NumMacTables", h.macEntries()).addInt("NumIpTables", 0)
                    .addBool("SecureNATEnabled", false);
            Traffic.write(p, "", h.framesIn(), h.bytesIn(), h.framesOut(), h.bytesOut(), false);
            long login = time(h.lastLogin());
            return p.addTime64("LastCommTime", login).addTime64("CreatedTime", 0).addTime64("LastLoginTime", login)
                    .addInt("NumLogin", 0);
        });
        d.add("GetHub", Rights.HUB, "HubName", (req, who) -> {
            HubInfo h = admin.hubGet(hubName(req, "HubName"));
            return new Pack().addStr("HubName", h.name()).addInt("HubType", 0).addBool("Online", h.online())
                    .addInt("MaxSession", h.maxSessions()).addBool("NoEnum", h.hidden())
                    .addData("HashedPassword", new byte[20]).addData("SecurePassword", new byte[20])
                    .addStr("AdminPasswordPlainText", "");
        });
        d.add("CreateHub", Rights.SERVER, null, (req, who) -> {
            String name = hubName(req, "HubName");
            check(req);
            admin.hubCreate(name);
            password(admin, name, req, true);
            apply(admin, name, req);
            return copy(req);
        });
        d.add("SetHub", Rights.HUB, "HubName", (req, who) -> {
            String name = hubName(req, "HubName");
            check(req);
            admin.hubGet(name); // 8 if absent
            password(admin, name, req, false);
            apply(admin, name, req);
            return copy(req);
        });
        d.add("DeleteHub", Rights.SERVER, null, (req, who) -> {
            admin.hubDelete(hubName(req, "HubName"));
            return copy(req);
        });
        d.add("SetHubOnline", Rights.HUB, "HubName", (req, who) -> {
            admin.hubSetOnline(hubName(req, "HubName"), req.getBool("Online"));
            return copy(req);
        });
    }

    /**
     * CreateHub/SetHub passwords (spec §5.3): the plain text if given, else the hash if not all zero;
     * on create, neither means the empty password (administration from this machine only).
     */
    private static void password(VpnServerAdmin admin, String hub, Pack req, boolean create) {
        String plain = req.getStr("AdminPasswordPlainText");
        byte[] hash = req.getData("HashedPassword");
        if (!plain.isEmpty()) {
            admin.hubPasswordSet(hub, plain.toCharArray());
        } else if (hash.length == 20 && !ServerMethods.allZero(hash)) {
            admin.hubPasswordHashSet(hub, hash);
        } else if (create) {
            admin.hubPasswordSet(hub, new char[0]);
        }
    }

    private static void apply(VpnServerAdmin admin, String hub, Pack req) {
        HubInfo h = admin.hubGet(hub);
        if (h.maxSessions() != req.getInt("MaxSession")) {
            admin.hubSetMaxSessions(hub, req.getInt("MaxSession"));
        }
        if (h.hidden() != req.getBool("NoEnum")) {
            admin.hubSetHidden(hub, req.getBool("NoEnum")); // as SoftEther: SetHub always overwrites it
        }
        if (h.online() != req.getBool("Online")) {
            admin.hubSetOnline(hub, req.getBool("Online"));
        }
    }

    /**
     * Refusals before anything changes: the static network, and a SecurePassword without
     * HashedPassword (it only ever comes along with it, for the same password; alone it would be dropped).
     */
    private static void check(Pack req) {
        checkType(req);
        checkStaticNetwork(req);
        byte[] secure = req.getData("SecurePassword");
        byte[] hash = req.getData("HashedPassword");
        if (req.getStr("AdminPasswordPlainText").isEmpty() && secure.length > 0 && !ServerMethods.allZero(secure)
                && (hash.length == 0 || ServerMethods.allZero(hash))) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "SecurePassword without HashedPassword: send the password"
                    + " as HashedPassword or AdminPasswordPlainText");
        }
    }

    /** SoftEther's hub static network (vpncmd SetStaticNetwork): not supported, so refused rather than dropped. */
    private static void checkStaticNetwork(Pack req) {
        for (String f : new String[] {"DefaultGateway", "DefaultSubnet"}) {
            if (req.getInt(f) != 0) {
                throw new AdminException(AdminError.NOT_SUPPORTED, f + " (the hub's static network, vpncmd"
                        + " SetStaticNetwork) is not supported");
            }
        }
    }

    private static void checkType(Pack req) {
        if (req.getInt("HubType") != 0) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "only stand-alone hubs (type 0): this server is not a cluster");
        }
    }

    static String hubName(Pack req, String field) {
        String name = req.getStr(field);
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, field + " is missing");
        }
        return name;
    }
}

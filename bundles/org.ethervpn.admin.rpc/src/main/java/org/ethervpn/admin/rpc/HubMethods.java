package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

import org.ethervpn.admin.wire.HubWire;
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
        // a hub administrator sees only its hub
        d.add("EnumHub", Rights.ANY, null, (req, who) -> HubWire.writeList(admin.hubList(),
                h -> who.isServerAdmin() || h.name().equalsIgnoreCase(who.hub())));
        d.add("GetHubStatus", Rights.HUB, "HubName", (req, who) -> HubWire.writeStatus(admin.hubGet(hubName(req, "HubName"))));
        d.add("GetHub", Rights.HUB, "HubName", (req, who) -> HubWire.writeHub(admin.hubGet(hubName(req, "HubName"))));
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

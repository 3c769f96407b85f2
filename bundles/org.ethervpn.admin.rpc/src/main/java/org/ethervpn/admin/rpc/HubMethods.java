package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;

import java.net.InetAddress;
import java.util.Arrays;

import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.Sha0;

/**
 * Virtual hubs (admin spec §5.3). Hubs are stand-alone (type 0). {@code NoEnum} is the hub's
 * {@link HubInfo#hidden()}; SoftEther's static network ({@code DefaultGateway}, {@code DefaultSubnet},
 * vpncmd SetStaticNetwork) is refused with 33. {@code SecurePassword} is derived from the same
 * password as {@code HashedPassword}, which is what we keep.
 */
final class HubMethods {
    private static final byte[] EMPTY_SHA0 = Sha0.hash(new byte[0]);

    private HubMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        // a hub administrator sees only its hub
        d.add("EnumHub", Rights.ANY, null, (req, who) -> HubWire.writeList(admin.hubList(),
                h -> who.isServerAdmin() || h.name().equalsIgnoreCase(who.hub())));
        d.add("GetHubStatus", Rights.HUB, HubWire.HUB_NAME, (req, who) -> HubWire.writeStatus(admin.hubGet(hubName(req, HubWire.HUB_NAME))));
        d.add("GetHub", Rights.HUB, HubWire.HUB_NAME, (req, who) -> HubWire.writeHub(admin.hubGet(hubName(req, HubWire.HUB_NAME))));
        d.add("CreateHub", Rights.SERVER, null, (req, who) -> {
            String name = hubName(req, HubWire.HUB_NAME);
            check(req);
            admin.hubCreate(name);
            password(admin, name, req, true);
            apply(admin, name, req);
            return copy(req);
        });
        d.add("SetHub", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String name = hubName(req, HubWire.HUB_NAME);
            check(req);
            checkEmptyPassword(req, who);
            admin.hubGet(name); // 8 if absent
            password(admin, name, req, false);
            apply(admin, name, req);
            return copy(req);
        });
        d.add("DeleteHub", Rights.SERVER, null, (req, who) -> {
            admin.hubDelete(hubName(req, HubWire.HUB_NAME));
            return copy(req);
        });
        d.add("SetHubOnline", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.hubSetOnline(hubName(req, HubWire.HUB_NAME), HubWire.online(req));
            return copy(req);
        });
    }

    /**
     * CreateHub/SetHub passwords (spec §5.3): the plain text if given, else the hash if not all zero;
     * on create, neither means the empty password (administration from this machine only).
     */
    private static void password(VpnServerAdmin admin, String hub, Pack req, boolean create) {
        String plain = HubWire.plainPassword(req);
        byte[] hash = HubWire.passwordHash(req);
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
        if (h.maxSessions() != HubWire.maxSessions(req)) {
            admin.hubSetMaxSessions(hub, HubWire.maxSessions(req));
        }
        if (h.hidden() != HubWire.hidden(req)) {
            admin.hubSetHidden(hub, HubWire.hidden(req)); // as SoftEther: SetHub always overwrites it
        }
        if (h.online() != HubWire.online(req)) {
            admin.hubSetOnline(hub, HubWire.online(req));
        }
    }

    /**
     * Refusals before anything changes: the static network, and a SecurePassword without
     * HashedPassword (it only ever comes along with it, for the same password; alone it would be dropped).
     */
    private static void check(Pack req) {
        checkType(req);
        checkStaticNetwork(req);
        byte[] secure = HubWire.securePassword(req);
        byte[] hash = HubWire.passwordHash(req);
        if (HubWire.plainPassword(req).isEmpty() && secure.length > 0 && !ServerMethods.allZero(secure)
                && (hash.length == 0 || ServerMethods.allZero(hash))) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "SecurePassword without HashedPassword: send the password"
                    + " as HashedPassword or AdminPasswordPlainText");
        }
    }

    /**
     * A hub administrator away from the server's machine may not make the hub password empty (38, as
     * SoftEther): an empty password admits hub administrators from that machine only.
     */
    private static void checkEmptyPassword(Pack req, AdminCaller who) {
        if (who.isServerAdmin() || !HubWire.plainPassword(req).isEmpty()
                || !Arrays.equals(HubWire.passwordHash(req), EMPTY_SHA0) || loopback(who.from())) {
            return;
        }
        throw new AdminException(AdminError.INVALID_PARAMETER, "a hub administrator can set an empty hub password only"
                + " from the server's own machine");
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
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
        if (HubWire.type(req) != 0) {
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

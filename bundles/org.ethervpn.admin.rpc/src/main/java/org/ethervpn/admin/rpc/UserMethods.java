package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.wire.PackCopy.copy;
import static org.ethervpn.admin.rpc.HubMethods.hubName;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.ethervpn.admin.wire.HubWire;
import org.ethervpn.admin.wire.UserWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.SoftEtherTime;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * Hub users (spec §5.4): anonymous and password users, their expiry and the {@code Access} policy
 * item (enabled/disabled). No groups (a group name is refused with 65); any other policy item that
 * differs from SoftEther's default is refused with 33 naming it, never accepted and dropped. GetUser
 * returns the stored SoftEther hash, as SoftEther does; an all-zero hash sent back by SetUser keeps
 * the stored one. SetUser replaces the whole user, as SoftEther's does: no policy means enabled, no
 * ExpireTime means never.
 */
final class UserMethods {
    private UserMethods() {
    }

    /** What a CreateUser/SetUser request asks for, checked whole before anything changes. */
    private record Request(UserAuthField auth, boolean enabled, Instant expires) {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("CreateUser", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            String name = userName(req);
            UserAuthField.checkName(name);
            Request r = request(req);
            admin.userCreate(hub, name, req.getText("Realname"), req.getText("Note"));
            try {
                apply(admin, hub, name, r, null);
            } catch (RuntimeException e) {
                admin.userDelete(hub, name); // as SoftEther: a user is created whole or not at all
                throw e;
            }
            return UserWire.createAnswer(req, Instant.now());
        });
        d.add("SetUser", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            String name = userName(req);
            Request r = request(req);
            UserInfo u = admin.userGet(hub, name); // 29 if absent
            if (!u.realName().equals(req.getText("Realname")) || !u.note().equals(req.getText("Note"))) {
                admin.userSetInfo(hub, u.name(), req.getText("Realname"), req.getText("Note"));
            }
            apply(admin, hub, u.name(), r, u);
            return copy(req);
        });
        d.add("GetUser", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            UserInfo u = admin.userGet(hubName(req, HubWire.HUB_NAME), userName(req));
            return UserWire.writeGet(u, u.auth() == UserAuth.PASSWORD ? admin.userPasswordHashGet(u.hub(), u.name()) : null);
        });
        d.add("DeleteUser", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            admin.userDelete(hubName(req, HubWire.HUB_NAME), userName(req));
            return copy(req);
        });
        d.add("EnumUser", Rights.HUB, HubWire.HUB_NAME, (req, who) -> {
            String hub = hubName(req, HubWire.HUB_NAME);
            return UserWire.writeList(admin.hubGet(hub).name(), admin.userList(hub));
        });
    }

    /** Changes only what differs from {@code before} (null: a new user), so an echo of GetUser is a no-op. */
    private static void apply(VpnServerAdmin admin, String hub, String user, Request r, UserInfo before) {
        switch (r.auth()) {
            case UserAuthField.Anonymous a -> admin.userSetAnonymous(hub, user);
            case UserAuthField.Hash h -> admin.userPasswordHashSet(hub, user, h.sha0());
            case UserAuthField.Plain p -> admin.userPasswordSet(hub, user, p.password().toCharArray());
            case UserAuthField.Keep k -> {
                if (admin.userGet(hub, user).auth() != UserAuth.PASSWORD) {
                    throw new AdminException(AdminError.INVALID_PARAMETER, "a password user needs a password");
                }
            }
        }
        if (before == null ? r.expires() != null : !Objects.equals(before.expires(), r.expires())) {
            admin.userSetExpires(hub, user, r.expires());
        }
        if (before == null ? !r.enabled() : before.enabled() != r.enabled()) {
            admin.userSetEnabled(hub, user, r.enabled());
        }
    }

    private static Request request(Pack req) {
        if (!req.getStr("GroupName").isEmpty()) {
            throw new AdminException(AdminError.GROUP_NOT_FOUND, "group " + req.getStr("GroupName")
                    + " does not exist: this server has no user groups yet");
        }
        long expire = req.getInt64("ExpireTime");
        Instant expires = expire == 0 ? null : SoftEtherTime.toInstant(expire).orElse(null);
        boolean enabled = true;
        if (req.getBool("UsePolicy")) {
            List<String> other = otherPolicyItems(req);
            if (!other.isEmpty()) {
                throw new AdminException(AdminError.NOT_SUPPORTED, "policy " + String.join(", ", other)
                        + ": EtherVPN supports only the Access item of a user policy; nothing was changed");
            }
            // as SoftEther reads a policy: an absent Access item is false, so the user is closed
            enabled = req.getBool("policy:Access");
        }
        return new Request(UserAuthField.of(req), enabled, expires);
    }

    /**
     * The policy items other than Access that differ from SoftEther's default. Absent items count as
     * default; so do MaxConnection 0 and TimeOut 0, which SoftEther's login takes as 32 and 20.
     */
    static List<String> otherPolicyItems(Pack req) {
        return SoftEtherPolicy.differences(i -> {
            String n = "policy:" + i.name();
            if (i.name().equals("Access") || !req.contains(n)) {
                return -1;
            }
            long v = Integer.toUnsignedLong(req.getInt(n));
            return v == 0 && (i.name().equals("MaxConnection") || i.name().equals("TimeOut")) ? -1 : v;
        });
    }

    private static String userName(Pack req) {
        String name = HubWire.name(req);
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "Name is missing");
        }
        return name;
    }
}

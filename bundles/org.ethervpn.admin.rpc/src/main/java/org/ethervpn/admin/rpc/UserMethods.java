package org.ethervpn.admin.rpc;

import static org.ethervpn.admin.rpc.Fields.echo;
import static org.ethervpn.admin.rpc.Fields.time;
import static org.ethervpn.admin.rpc.HubMethods.hubName;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;

/**
 * Hub users (spec §5.4): anonymous and password users. No groups, expiry or per-user policy yet
 * (asked for, they are refused with 65 / 33). GetUser returns the stored SoftEther hash, as
 * SoftEther does; an all-zero hash sent back by SetUser keeps the stored one.
 */
final class UserMethods {
    private UserMethods() {
    }

    static void register(Dispatcher d, VpnServerAdmin admin) {
        d.add("CreateUser", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            String name = userName(req);
            UserAuthField.checkName(name);
            UserAuthField auth = checkUnsupported(req);
            admin.userCreate(hub, name, req.getText("Realname"), req.getText("Note"));
            try {
                apply(admin, hub, name, auth);
            } catch (RuntimeException e) {
                admin.userDelete(hub, name); // as SoftEther: a user is created whole or not at all
                throw e;
            }
            // the echo, with what the server fills in (vpncmd sends these fields too, as zeros)
            Pack p = echo(req);
            for (String f : new String[] {"CreatedTime", "UpdatedTime", "NumLogin"}) {
                p.remove(f);
            }
            for (String f : Fields.TRAFFIC_NAMES) {
                p.remove(f);
            }
            long now = time(java.time.Instant.now());
            p.addTime64("CreatedTime", now).addTime64("UpdatedTime", now).addInt("NumLogin", 0);
            return Fields.traffic(p, "", 0, 0, 0, 0, false);
        });
        d.add("SetUser", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            String name = userName(req);
            UserAuthField auth = checkUnsupported(req);
            UserInfo u = admin.userGet(hub, name); // 29 if absent
            if (!u.realName().equals(req.getText("Realname")) || !u.note().equals(req.getText("Note"))) {
                admin.userSetInfo(hub, u.name(), req.getText("Realname"), req.getText("Note"));
            }
            apply(admin, hub, u.name(), auth);
            return echo(req);
        });
        d.add("GetUser", Rights.HUB, "HubName", (req, who) -> {
            UserInfo u = admin.userGet(hubName(req, "HubName"), userName(req));
            Pack p = new Pack().addStr("HubName", u.hub()).addStr("Name", u.name()).addStr("GroupName", "")
                    .addUniStr("Realname", u.realName()).addUniStr("Note", u.note())
                    .addTime64("CreatedTime", time(u.created())).addTime64("UpdatedTime", time(u.created()))
                    .addTime64("ExpireTime", 0).addInt("AuthType", authType(u.auth()));
            if (u.auth() == UserAuth.PASSWORD) {
                // the stored hash, as SoftEther's GetUser answers administrators [live]; we keep no NT hash
                byte[] hash = admin.userPasswordHashGet(u.hub(), u.name());
                p.addData("HashedKey", hash.length == 20 ? hash : new byte[20]).addData("NtLmSecureHash", new byte[16]);
            }
            return Fields.traffic(p.addInt("NumLogin", (int) Math.min(u.logins(), 0xFFFF_FFFFL)), "", 0, 0, 0, 0, false);
        });
        d.add("DeleteUser", Rights.HUB, "HubName", (req, who) -> {
            admin.userDelete(hubName(req, "HubName"), userName(req));
            return echo(req);
        });
        d.add("EnumUser", Rights.HUB, "HubName", (req, who) -> {
            String hub = hubName(req, "HubName");
            Pack p = new Pack().addStr("HubName", admin.hubGet(hub).name()).beginJsonGroup("UserList");
            for (UserInfo u : admin.userList(hub)) {
                p.appendStr("Name", u.name()).appendStr("GroupName", "").appendUniStr("Realname", u.realName())
                        .appendUniStr("Note", u.note()).appendInt("AuthType", authType(u.auth()))
                        .appendTime64("LastLoginTime", time(u.lastLogin()))
                        .appendInt("NumLogin", (int) Math.min(u.logins(), 0xFFFF_FFFFL)).appendBool("DenyAccess", false)
                        .appendBool("IsTrafficFilled", true);
                Fields.traffic(p, "Ex.", 0, 0, 0, 0, true);
                p.appendBool("IsExpiresFilled", true).appendTime64("Expires", 0);
            }
            return p.endJsonGroup();
        });
    }

    static int authType(UserAuth a) {
        return a == UserAuth.ANONYMOUS ? UserAuthField.ANONYMOUS : UserAuthField.PASSWORD;
    }

    private static void apply(VpnServerAdmin admin, String hub, String user, UserAuthField auth) {
        switch (auth) {
            case UserAuthField.Anonymous a -> admin.userSetAnonymous(hub, user);
            case UserAuthField.Hash h -> admin.userPasswordHashSet(hub, user, h.sha0());
            case UserAuthField.Plain p -> admin.userPasswordSet(hub, user, p.password().toCharArray());
            case UserAuthField.Keep k -> {
                if (admin.userGet(hub, user).auth() != UserAuth.PASSWORD) {
                    throw new AdminException(AdminError.INVALID_PARAMETER, "a password user needs a password");
                }
            }
        }
    }

    private static UserAuthField checkUnsupported(Pack req) {
        if (!req.getStr("GroupName").isEmpty()) {
            throw new AdminException(AdminError.GROUP_NOT_FOUND, "group " + req.getStr("GroupName")
                    + " does not exist: this server has no user groups yet");
        }
        if (req.getInt64("ExpireTime") != 0) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "user expiry is not supported yet");
        }
        if (req.getBool("UsePolicy")) {
            throw new AdminException(AdminError.NOT_SUPPORTED, "per-user policies are not supported yet");
        }
        return UserAuthField.of(req);
    }

    private static String userName(Pack req) {
        String name = req.getStr("Name");
        if (name.isEmpty()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "Name is missing");
        }
        return name;
    }
}

package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * EnumUser and GetUser (admin spec §5.6) ⇄ {@link UserInfo}, SoftEther's auth type codes, and the
 * user {@code <POLICY>} through which vpncmd enables and disables an account ({@code Access}).
 * This server has no groups and counts no per-user traffic (0).
 */
public final class UserWire {
    public static final int ANONYMOUS = 0;
    public static final int PASSWORD = 1;

    private UserWire() {
    }

    public static int authType(UserAuth a) {
        return a == UserAuth.ANONYMOUS ? ANONYMOUS : PASSWORD;
    }

    /** Certificate, RADIUS and NT-domain users (a SoftEther server's) show as password users. */
    public static UserAuth auth(int type) {
        return type == ANONYMOUS ? UserAuth.ANONYMOUS : UserAuth.PASSWORD;
    }

    /** EnumUser's answer for hub {@code hub}. */
    public static Pack writeList(String hub, List<UserInfo> users) {
        Pack p = new Pack().addStr("HubName", hub).beginJsonGroup("UserList");
        for (UserInfo u : users) {
            p.appendStr("Name", u.name()).appendStr("GroupName", "").appendUniStr("Realname", u.realName())
                    .appendUniStr("Note", u.note()).appendInt("AuthType", authType(u.auth()))
                    .appendTime64("LastLoginTime", Traffic.time(u.lastLogin()))
                    .appendInt("NumLogin", (int) Math.min(u.logins(), 0xFFFF_FFFFL)).appendBool("DenyAccess", !u.enabled())
                    .appendBool("IsTrafficFilled", true);
            Traffic.write(p, "Ex.", 0, 0, 0, 0, true);
            p.appendBool("IsExpiresFilled", true).appendTime64("Expires", Traffic.time(u.expires()));
        }
        return p.endJsonGroup();
    }

    /** The users of an EnumUser answer (it has no creation time); {@code hub} if the answer names none. */
    public static List<UserInfo> readList(String hub, Pack a) {
        String name = a.getStr("HubName").isEmpty() ? hub : a.getStr("HubName");
        List<UserInfo> users = new ArrayList<>();
        for (int i = 0; i < a.count("Name"); i++) {
            users.add(new UserInfo(name, a.getStr("Name", i), auth(a.getInt("AuthType", i)), a.getText("Realname", i),
                    a.getText("Note", i), Integer.toUnsignedLong(a.getInt("NumLogin", i)),
                    Traffic.time(a.getInt64("LastLoginTime", i)), null, !a.getBool("DenyAccess", i),
                    a.getBool("IsExpiresFilled", i) ? Traffic.time(a.getInt64("Expires", i)) : null));
        }
        return users;
    }

    /**
     * GetUser's answer. {@code hash} is the stored password hash of a password user (as SoftEther's
     * GetUser answers administrators); no NT hash is kept. A disabled user carries the default policy
     * with {@code Access} off, what vpncmd's UserPolicySet /NAME:Access /VALUE:no leaves.
     */
    public static Pack writeGet(UserInfo u, byte[] hash) {
        Pack p = new Pack().addStr("HubName", u.hub()).addStr("Name", u.name()).addStr("GroupName", "")
                .addUniStr("Realname", u.realName()).addUniStr("Note", u.note())
                .addTime64("CreatedTime", Traffic.time(u.created())).addTime64("UpdatedTime", Traffic.time(u.created()))
                .addTime64("ExpireTime", Traffic.time(u.expires())).addInt("AuthType", authType(u.auth()));
        if (u.auth() == UserAuth.PASSWORD) {
            p.addData("HashedKey", hash != null && hash.length == 20 ? hash : new byte[20]).addData("NtLmSecureHash", new byte[16]);
        }
        Traffic.write(p.addInt("NumLogin", (int) Math.min(u.logins(), 0xFFFF_FFFFL)), "", 0, 0, 0, 0, false);
        if (!u.enabled()) {
            policy(p.addBool("UsePolicy", true), false);
        }
        return p;
    }

    /**
     * A user from a GetUser answer: enabled unless its own policy denies {@code Access} (a SoftEther
     * group's policy is not in the answer); {@code hub} if the answer names none.
     */
    public static UserInfo readGet(String hub, Pack u) {
        return new UserInfo(u.getStr("HubName").isEmpty() ? hub : u.getStr("HubName"), u.getStr("Name"),
                auth(u.getInt("AuthType")), u.getText("Realname"), u.getText("Note"),
                Integer.toUnsignedLong(u.getInt("NumLogin")), null, Traffic.time(u.getInt64("CreatedTime")),
                !u.getBool("UsePolicy") || u.getBool("policy:Access"), Traffic.time(u.getInt64("ExpireTime")));
    }

    /** {@code <POLICY>}: SoftEther's default policy (vpncmd starts from it) with this Access value, replacing what {@code p} had. */
    public static Pack policy(Pack p, boolean access) {
        for (SoftEtherPolicy.Item i : SoftEtherPolicy.items()) {
            long v = i.name().equals("Access") ? (access ? 1 : 0) : i.defaultValue();
            if (i.kind() == SoftEtherPolicy.Kind.BOOL) {
                PackCopy.setBool(p, "policy:" + i.name(), v != 0);
            } else {
                PackCopy.setInt(p, "policy:" + i.name(), (int) v);
            }
        }
        return PackCopy.setBool(p, "policy:Ver3", true);
    }
}

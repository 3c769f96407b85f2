package org.ethervpn.admin.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.SoftEtherPolicy;

/**
 * EnumUser and GetUser (admin spec §5.6) ⇄ {@link UserInfo}, SoftEther's auth type codes, and the
 * user {@code <POLICY>} through which vpncmd enables and disables an account ({@code Access}).
 * This server has no groups and counts no per-user traffic (0). Also the CreateUser request
 * vpncmd's UserCreate sends, the SetUser edits made on a GetUser answer and CreateUser's answer.
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

    // ---------------------------------------------------------------- CreateUser / SetUser requests

    /**
     * What vpncmd's UserCreate sends: a password user whose hashes are the given random bytes, so
     * no password works until one is set.
     */
    public static Pack createRequest(String hub, String user, String realName, String note, byte[] key, byte[] nt) {
        return new Pack().addStr("HubName", hub).addStr("Name", user).addStr("GroupName", "")
                .addUniStr("Realname", realName == null ? "" : realName).addUniStr("Note", note == null ? "" : note)
                .addTime64("ExpireTime", 0).addInt("AuthType", PASSWORD).addData("HashedKey", key)
                .addData("NtLmSecureHash", nt);
    }

    /**
     * A GetUser answer {@code u} made a password user with this hash, for SetUser. The NT hash
     * (MS-CHAPv2 only) cannot be derived from it: sent as zeros.
     */
    public static Pack setPasswordHash(Pack u, byte[] hash) {
        PackCopy.setInt(u, "AuthType", PASSWORD);
        PackCopy.setData(u, "HashedKey", hash);
        return PackCopy.setData(u, "NtLmSecureHash", new byte[16]);
    }

    /** A GetUser answer {@code u} with a new real name and note, for SetUser. */
    public static Pack setInfo(Pack u, String realName, String note) {
        PackCopy.setUniStr(u, "Realname", realName);
        return PackCopy.setUniStr(u, "Note", note);
    }

    /** A GetUser answer {@code u} made anonymous, for SetUser. */
    public static Pack setAnonymous(Pack u) {
        PackCopy.setInt(u, "AuthType", ANONYMOUS);
        u.remove("HashedKey");
        u.remove("NtLmSecureHash");
        return u;
    }

    /**
     * As vpncmd's UserPolicySet NAME /NAME:Access: a user without a policy of its own first gets
     * SoftEther's default policy (so nothing else changes), then its {@code Access} item is set.
     */
    public static Pack setEnabled(Pack u, boolean enabled) {
        if (!u.getBool("UsePolicy")) {
            return policy(PackCopy.setBool(u, "UsePolicy", true), enabled);
        }
        return PackCopy.setBool(u, "policy:Access", enabled);
    }

    /** As vpncmd's UserExpiresSet: ExpireTime (0 = never). */
    public static Pack setExpires(Pack u, Instant expires) {
        u.remove("ExpireTime");
        return u.addTime64("ExpireTime", Traffic.time(expires));
    }

    /** CreateUser's answer: the request echoed with what the server fills in (vpncmd sends these fields too, as zeros). */
    public static Pack createAnswer(Pack req, Instant now) {
        Pack p = PackCopy.copy(req);
        for (String f : new String[] {"CreatedTime", "UpdatedTime", "NumLogin"}) {
            p.remove(f);
        }
        for (String f : Traffic.names()) {
            p.remove(f);
        }
        long t = Traffic.time(now);
        p.addTime64("CreatedTime", t).addTime64("UpdatedTime", t).addInt("NumLogin", 0);
        return Traffic.write(p, "", 0, 0, 0, 0, false);
    }
}

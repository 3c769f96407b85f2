package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.pack.Pack;

/**
 * EnumHub, GetHubStatus and GetHub (admin spec §5.3) ⇄ {@link HubInfo}. This server has one hub type
 * (0, standalone), no groups or IP tables, and keeps the last login, which also stands for the last
 * communication.
 */
public final class HubWire {
    /** The field naming the hub a request is for (the dispatcher checks a hub administrator's right on it). */
    public static final String HUB_NAME = "HubName";
    private static final String HASHED = "HashedPassword";
    private static final String SECURE = "SecurePassword";

    private HubWire() {
    }

    /** A request about hub {@code hub} only (GetHub, DeleteHub, EnumUser...). */
    public static Pack request(String hub) {
        return new Pack().addStr(HUB_NAME, hub);
    }

    /** A request about user or session {@code name} of hub {@code hub} (GetUser, DeleteSession...). */
    public static Pack request(String hub, String name) {
        return request(hub).addStr("Name", name);
    }

    /** The user or session a {@link #request(String, String)} names ("" if absent). */
    public static String name(Pack req) {
        return req.getStr("Name");
    }

    /** CreateHub's request: stand-alone, online, no limit, listed; both hashes zero (the empty password). */
    public static Pack createRequest(String hub) {
        return request(hub).addInt("HubType", 0).addBool("Online", true).addInt("MaxSession", 0)
                .addBool("NoEnum", false).addData(HASHED, new byte[20]).addData(SECURE, new byte[20]);
    }

    /** SetHubOnline's request. */
    public static Pack onlineRequest(String hub, boolean online) {
        return request(hub).addBool("Online", online);
    }

    public static int type(Pack req) {
        return req.getInt("HubType");
    }

    public static boolean online(Pack req) {
        return req.getBool("Online");
    }

    public static int maxSessions(Pack req) {
        return req.getInt("MaxSession");
    }

    public static boolean hidden(Pack req) {
        return req.getBool("NoEnum");
    }

    /** SHA-0 of the password ({@code HashedPassword}); empty if absent. */
    public static byte[] passwordHash(Pack req) {
        return req.getData(HASHED);
    }

    /** SHA-0 of the password and "ADMINISTRATOR" ({@code SecurePassword}); empty if absent. */
    public static byte[] securePassword(Pack req) {
        return req.getData(SECURE);
    }

    /** The password in clear (JSON-RPC's {@code AdminPasswordPlainText}); "" if absent. */
    public static String plainPassword(Pack req) {
        return req.getStr("AdminPasswordPlainText");
    }

    /** A SetHub request's session limit replaced. */
    public static Pack setMaxSessions(Pack setHub, int max) {
        return PackCopy.setInt(setHub, "MaxSession", max);
    }

    /** A SetHub request's NoEnum replaced. */
    public static Pack setHidden(Pack setHub, boolean hidden) {
        return PackCopy.setBool(setHub, "NoEnum", hidden);
    }

    /** A SetHub request's password replaced: both hashes, as only a client knowing the password can make. */
    public static Pack setPassword(Pack setHub, byte[] hash, byte[] secure) {
        PackCopy.setData(setHub, HASHED, hash);
        return PackCopy.setData(setHub, SECURE, secure);
    }

    /** EnumHub's answer with the hubs {@code shown} lets through (a hub administrator sees only its own). */
    public static Pack writeList(List<HubInfo> hubs, Predicate<HubInfo> shown) {
        Pack p = new Pack().beginJsonGroup("HubList");
        for (HubInfo h : hubs) {
            if (!shown.test(h)) {
                continue;
            }
            p.appendStr("HubName", h.name()).appendBool("Online", h.online()).appendInt("HubType", 0)
                    .appendInt("NumSessions", h.sessions()).appendInt("NumUsers", h.users()).appendInt("NumGroups", 0)
                    .appendInt("NumMacTables", h.macEntries()).appendInt("NumIpTables", 0)
                    .appendTime64("LastCommTime", Traffic.time(h.lastLogin())).appendTime64("CreatedTime", 0)
                    .appendTime64("LastLoginTime", Traffic.time(h.lastLogin()))
                    .appendInt("NumLogin", 0).appendBool("IsTrafficFilled", true);
            Traffic.write(p, "Ex.", h.framesIn(), h.bytesIn(), h.framesOut(), h.bytesOut(), true);
        }
        return p.endJsonGroup();
    }

    /** The hubs of an EnumHub answer: it carries no session limit (0) and no NoEnum. */
    public static List<HubInfo> readList(Pack a) {
        List<HubInfo> hubs = new ArrayList<>();
        for (int i = 0; i < a.count("HubName"); i++) {
            long[] t = Traffic.read(a, "Ex.", i);
            hubs.add(new HubInfo(a.getStr("HubName", i), a.getBool("Online", i), 0, a.getInt("NumUsers", i),
                    a.getInt("NumSessions", i), a.getInt("NumMacTables", i), t[0], t[1], t[2], t[3]));
        }
        return hubs;
    }

    /** GetHubStatus's answer. */
    public static Pack writeStatus(HubInfo h) {
        Pack p = new Pack().addStr("HubName", h.name()).addBool("Online", h.online()).addInt("HubType", 0)
                .addInt("NumSessions", h.sessions()).addInt("NumSessionsClient", h.sessions())
                .addInt("NumSessionsBridge", 0).addInt("NumAccessLists", 0).addInt("NumUsers", h.users())
                .addInt("NumGroups", 0).addInt("NumMacTables", h.macEntries()).addInt("NumIpTables", 0)
                .addBool("SecureNATEnabled", h.secureNat());
        Traffic.write(p, "", h.framesIn(), h.bytesIn(), h.framesOut(), h.bytesOut(), false);
        long login = Traffic.time(h.lastLogin());
        return p.addTime64("LastCommTime", login).addTime64("CreatedTime", 0).addTime64("LastLoginTime", login)
                .addInt("NumLogin", 0);
    }

    /** GetHub's answer: the password hashes are never given out (zeros). */
    public static Pack writeHub(HubInfo h) {
        return new Pack().addStr("HubName", h.name()).addInt("HubType", 0).addBool("Online", h.online())
                .addInt("MaxSession", h.maxSessions()).addBool("NoEnum", h.hidden())
                .addData("HashedPassword", new byte[20]).addData("SecurePassword", new byte[20])
                .addStr("AdminPasswordPlainText", "");
    }

    /** A hub from its GetHubStatus and GetHub answers. */
    public static HubInfo read(Pack status, Pack hub) {
        long[] t = Traffic.read(status, "", 0);
        return new HubInfo(status.getStr("HubName"), status.getBool("Online"), hub.getInt("MaxSession"),
                status.getInt("NumUsers"), status.getInt("NumSessions"), status.getInt("NumMacTables"), t[0], t[1], t[2],
                t[3], Traffic.time(status.getInt64("LastLoginTime")), hub.getBool("NoEnum"), status.getBool("SecureNATEnabled"));
    }

    /**
     * A SetHub request from a GetHub answer, keeping the passwords (both hashes zero), as vpncmd's
     * SetMaxSession / SetEnumDeny do.
     */
    public static Pack setRequest(Pack getHubAnswer) {
        return request(getHubAnswer.getStr(HUB_NAME)).addInt("HubType", type(getHubAnswer))
                .addBool("Online", online(getHubAnswer)).addInt("MaxSession", maxSessions(getHubAnswer))
                .addBool("NoEnum", hidden(getHubAnswer)).addData(HASHED, new byte[20]).addData(SECURE, new byte[20]);
    }
}

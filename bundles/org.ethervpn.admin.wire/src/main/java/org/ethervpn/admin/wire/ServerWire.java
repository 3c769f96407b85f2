package org.ethervpn.admin.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackElement;
import org.ethervpn.pack.ValueType;

/**
 * GetServerInfo, GetServerStatus and GetCaps' bridge flag (admin spec §5.2) ⇄ {@link ServerInfo} and
 * {@link ServerStatus}. This server is standalone (type 0), has no farm, groups or IP tables and
 * reports no memory figures (0).
 */
public final class ServerWire {
    /** SoftEther's OSTYPE_LINUX. */
    public static final int OS_TYPE_LINUX = 3100;
    private static final String[] MEMORY = {"TotalMemory", "UsedMemory", "FreeMemory", "TotalPhys", "UsedPhys", "FreePhys"};

    private ServerWire() {
    }

    /** The host's OS as GetServerInfo names it (the server reads it from its machine). */
    public record Os(String productName, String vendor, String version, String kernelVersion) {
    }

    public static Pack writeInfo(ServerInfo i, Os os) {
        return new Pack()
                .addStr("ServerProductName", i.product())
                .addStr("ServerVersionString", i.versionText())
                .addStr("ServerBuildInfoString", "EtherVPN, compatible with SoftEther VPN " + i.version() / 100 + "."
                        + String.format("%02d", i.version() % 100) + " build " + i.build())
                .addInt("ServerVerInt", i.version())
                .addInt("ServerBuildInt", i.build())
                .addStr("ServerHostName", i.hostName())
                .addInt("ServerType", 0)
                .addTime64("ServerBuildDate", Traffic.time(i.started()))
                .addStr("ServerFamilyName", "EtherVPN")
                .addInt("OsType", OS_TYPE_LINUX).addInt("OsServicePack", 0)
                .addStr("OsSystemName", i.osName()).addStr("OsProductName", os.productName())
                .addStr("OsVendorName", os.vendor()).addStr("OsVersion", os.version())
                .addStr("KernelName", "UNIX").addStr("KernelVersion", os.kernelVersion());
    }

    /**
     * A server from its GetServerInfo and GetServerStatus answers (the start time is the status's; the
     * OS version is the one GetServerInfo names, for us the distribution's).
     */
    public static ServerInfo readInfo(Pack info, Pack status, boolean bridge) {
        return new ServerInfo(info.getStr("ServerProductName"), info.getStr("ServerVersionString"),
                info.getInt("ServerVerInt"), info.getInt("ServerBuildInt"), info.getStr("ServerHostName"), bridge,
                info.getStr("OsSystemName"), info.getStr("OsVersion"), Traffic.time(status.getInt64("StartTime")));
    }

    /** GetServerStatus's answer; {@code clientSessions} are the sessions of VPN clients (SoftEther's license count). */
    public static Pack writeStatus(ServerStatus s, int clientSessions) {
        Pack p = new Pack().addInt("ServerType", 0)
                .addInt("NumHubTotal", s.hubs()).addInt("NumHubStandalone", s.hubs()).addInt("NumHubStatic", 0)
                .addInt("NumHubDynamic", 0).addInt("NumSessionsTotal", s.sessions()).addInt("NumSessionsLocal", s.sessions())
                .addInt("NumSessionsRemote", 0).addInt("NumTcpConnections", s.tcpConnections())
                .addInt("NumTcpConnectionsLocal", s.tcpConnections()).addInt("NumTcpConnectionsRemote", 0)
                .addInt("NumMacTables", s.macEntries()).addInt("NumIpTables", 0).addInt("NumUsers", s.users())
                .addInt("NumGroups", 0).addTime64("CurrentTime", Traffic.time(s.now()))
                .addInt64("CurrentTick", Math.max(0, s.now().toEpochMilli() - s.started().toEpochMilli()))
                .addInt("AssignedBridgeLicenses", 0).addInt("AssignedClientLicenses", clientSessions)
                .addInt("AssignedBridgeLicensesTotal", 0).addInt("AssignedClientLicensesTotal", 0)
                .addTime64("StartTime", Traffic.time(s.started()));
        Traffic.write(p, "", s.framesIn(), s.bytesIn(), s.framesOut(), s.bytesOut(), false);
        for (String m : MEMORY) {
            p.addInt64(m, 0);
        }
        return p;
    }

    public static ServerStatus readStatus(Pack s) {
        long[] t = Traffic.read(s, "", 0);
        return new ServerStatus(s.getInt("NumHubTotal"), s.getInt("NumSessionsTotal"), s.getInt("NumTcpConnections"),
                s.getInt("NumMacTables"), s.getInt("NumUsers"), Traffic.time(s.getInt64("StartTime")),
                Traffic.time(s.getInt64("CurrentTime")), t[0], t[1], t[2], t[3]);
    }

    /** GetCaps: whether the server is a VPN Bridge. */
    public static boolean isBridge(Pack caps) {
        return caps.getInt("caps_b_bridge") != 0;
    }

    /**
     * GetCaps' answer: each capability as {@code caps_<name>} and again in the {@code CapsList} group
     * (whose description field SoftEther spells {@code CapsDescrption}), as SoftEther answers.
     */
    public static Pack writeCaps(Map<String, Long> caps) {
        Pack p = new Pack();
        caps.forEach((k, v) -> p.addInt("caps_" + k, v.intValue()));
        p.beginJsonGroup("CapsList");
        caps.forEach((k, v) -> p.appendStr("CapsName", k).appendInt("CapsValue", v.intValue()).appendUniStr("CapsDescrption", k));
        return p.endJsonGroup();
    }

    /** GetCaps' answer: every {@code caps_*} integer, its name without the prefix, in the server's order. */
    public static Map<String, Long> readCaps(Pack p) {
        Map<String, Long> caps = new LinkedHashMap<>();
        for (PackElement e : p.elements()) {
            if (e.name().regionMatches(true, 0, "caps_", 0, 5) && e.valueCount() > 0 && e.type() == ValueType.INT) {
                caps.put(e.name().substring(5), Integer.toUnsignedLong(e.intValue(0)));
            }
        }
        return Collections.unmodifiableMap(caps);
    }

    /** GetServerCert's answer; the private key only for a server administrator (null: left out). */
    public static Pack writeCert(byte[] der, byte[] key) {
        Pack p = new Pack().addData("Cert", der);
        if (key != null) {
            p.addData("Key", key);
        }
        return p.addInt("Flag1", 0);
    }

    /** The certificate (DER) of a GetServerCert answer; empty if absent. */
    public static byte[] readCert(Pack answer) {
        return answer.getData("Cert");
    }

    /** SetServerPassword's request as vpncmd sends it: SHA-0 of the password. */
    public static Pack passwordRequest(byte[] sha0) {
        return new Pack().addData("HashedPassword", sha0);
    }

    /** SHA-0 of the password in a SetServerPassword request; empty if absent. */
    public static byte[] passwordHash(Pack req) {
        return req.getData("HashedPassword");
    }

    /** The password in clear (JSON-RPC's {@code PlainTextPassword}); "" if absent. */
    public static String plainPassword(Pack req) {
        return req.getStr("PlainTextPassword");
    }
}

package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.ethervpn.admin.wire.Traffic;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackElement;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.Sha0;
import org.ethervpn.protocol.SoftEtherPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: no admin method answers success and keeps nothing. A table of every registered method
 * and every PACK field vpncmd sends for it (its {@code OutRpc*} struct, admin spec §5); each row
 * sends the request vpncmd would, with that one field set to a non-default value, to the real
 * server component, and checks what the row says: the matching Get shows the value
 * ({@link Kind#APPLIED}), or the call is refused with 33/38 and a message naming the field
 * ({@link Kind#REFUSED}), or either of the two for fields another part of the code base owns
 * ({@link Kind#EITHER}). Fields the server fills in or forces (as SoftEther does) must show the
 * server's value, not the sent one; key fields must name an existing object. A method registered
 * without rows, or a field of a vpncmd request without a row, fails the test.
 */
class FieldTableTest {
    enum Kind {
        /** Success, and the matching Get (or the configuration) shows the sent value. */
        APPLIED,
        /** Error 33/38 (65 for a group), the message naming the field. */
        REFUSED,
        /** APPLIED or REFUSED: fields of users, which another engineer's change turns from refused to kept. */
        EITHER,
        /** Success, and the Get shows what the server (like SoftEther) forces or fills in, not the sent value. */
        FORCED,
        /** Names the object: a name that does not exist is an error. */
        KEY,
        /** Test: the answer echoes it. */
        ECHO,
        /** The method reads nothing (vpncmd sends an empty or all-zero struct): it answers. */
        NONE,
        /** EtherVPN's plugin methods: no plugin registry in this runtime, so 33 (RemoteShellTest covers them). */
        NO_REGISTRY
    }

    interface Check {
        void verify(Pack request, Dispatcher.Outcome outcome) throws Exception;
    }

    record Row(String method, String field, Kind kind, Object value, String word, Check check) {
    }

    /** A UNISTR value. */
    record Uni(String text) {
    }

    @TempDir
    static Path dir;
    static RealServer server;
    static int serial;

    @BeforeAll
    static void start() throws Exception {
        server = new RealServer(dir);
        server.admin().hubCreate("REMOTE");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String fresh(String prefix) {
        return prefix + (++serial);
    }

    // ---------------------------------------------------------------- vpncmd's requests

    /** vpncmd HubCreate (OutRpcCreateHub + OutRpcHubOption), for a new hub. */
    static Pack createHub() {
        return new Pack().addStr("HubName", fresh("H")).addData("HashedPassword", new byte[20])
                .addData("SecurePassword", new byte[20]).addBool("Online", true).addStr("AdminPasswordPlainText", "")
                .addInt("HubType", 0).addInt("DefaultGateway", 0).addInt("DefaultSubnet", 0).addInt("MaxSession", 0)
                .addBool("NoEnum", false);
    }

    /** vpncmd's GetHub → SetHub (SetMaxSession, SetEnumDeny, SetStaticNetwork ...) on an existing hub. */
    static Pack setHub() {
        String hub = existingHub();
        Pack h = ok("GetHub", new Pack().addStr("HubName", hub));
        return new Pack().addStr("HubName", h.getStr("HubName")).addData("HashedPassword", h.getData("HashedPassword"))
                .addData("SecurePassword", h.getData("SecurePassword")).addBool("Online", h.getBool("Online"))
                .addStr("AdminPasswordPlainText", h.getStr("AdminPasswordPlainText")).addInt("HubType", h.getInt("HubType"))
                .addInt("DefaultGateway", h.getInt("DefaultGateway")).addInt("DefaultSubnet", h.getInt("DefaultSubnet"))
                .addInt("MaxSession", h.getInt("MaxSession")).addBool("NoEnum", h.getBool("NoEnum"));
    }

    static String existingHub() {
        Pack c = createHub();
        ok("CreateHub", c);
        return c.getStr("HubName");
    }

    /** vpncmd CascadeCreate: OutRpcCreateLink with CascadeCreate's values (anonymous, 8 connections, default policy). */
    static Pack createLink() {
        Pack p = new Pack().addStr("HubName_Ex", existingHub()).addBool("Online", false)
                .addUniStr("AccountName", fresh("link")).addStr("Hostname", "127.0.0.1").addStr("ProxyName", "")
                .addStr("ProxyUsername", "").addStr("ProxyPassword", "").addStr("CustomHttpHeader", "")
                .addStr("HubName", "REMOTE").addStr("DeviceName", "").addInt("Port", 5555).addInt("PortUDP", 0)
                .addInt("ProxyType", 0).addInt("ProxyPort", 0).addInt("NumRetry", -1).addInt("RetryInterval", 15)
                .addInt("MaxConnection", 8).addBool("UseEncrypt", true).addBool("UseCompress", false)
                .addBool("HalfConnection", false).addBool("NoRoutingTracking", false)
                .addInt("AdditionalConnectionInterval", 1).addInt("ConnectionDisconnectSpan", 0)
                .addBool("HideStatusWindow", false).addBool("HideNicInfoWindow", false)
                .addBool("RequireMonitorMode", false).addBool("RequireBridgeRoutingMode", false)
                .addBool("DisableQoS", false).addBool("FromAdminPack", false).addBool("NoUdpAcceleration", false)
                .addData("HostUniqueKey", new byte[20]).addIp("BindLocalIP", InetAddress.ofLiteral("0.0.0.0"))
                .addInt("BindLocalPort", 0).addInt("AuthType", 0).addStr("Username", "linkuser");
        defaultPolicy(p);
        return p.addBool("CheckServerCert", false).addBool("AddDefaultCA", false);
    }

    static void defaultPolicy(Pack p) {
        for (SoftEtherPolicy.Item i : SoftEtherPolicy.items()) {
            if (i.kind() == SoftEtherPolicy.Kind.BOOL) {
                p.addBool("policy:" + i.name(), i.defaultValue() != 0);
            } else {
                p.addInt("policy:" + i.name(), (int) i.defaultValue());
            }
        }
        p.addBool("policy:Ver3", true);
    }

    /** vpncmd's GetLink → SetLink (CascadeDetailSet, CascadeEncryptDisable, ...): the answer sent back, as its struct holds it. */
    static Pack setLink() {
        Pack c = createLink();
        ok("CreateLink", c);
        Pack l = ok("GetLink", linkKey(c));
        l.remove("function_name");
        if (!l.contains("BindLocalIP")) {
            l.addIp("BindLocalIP", InetAddress.ofLiteral("0.0.0.0")).addInt("BindLocalPort", 0);
        }
        return l.addStr("PlainPassword", "");
    }

    static Pack linkKey(Pack req) {
        return new Pack().addStr("HubName_Ex", req.getStr("HubName_Ex")).addUniStr("AccountName", req.getText("AccountName"));
    }

    /** vpncmd UserCreate (OutRpcSetUser): a password user with a hash, no group, no expiry, no policy. */
    static Pack createUser() {
        String name = fresh("user");
        Pack p = new Pack().addStr("HubName", "DEFAULT").addStr("Name", name).addStr("GroupName", "")
                .addUniStr("Realname", "").addUniStr("Note", "").addInt64("CreatedTime", 0).addInt64("UpdatedTime", 0)
                .addInt64("ExpireTime", 0).addInt("NumLogin", 0).addBool("UsePolicy", false).addInt("AuthType", 1)
                .addData("HashedKey", PasswordHash.hashedPassword(name, "pw")).addData("NtLmSecureHash", new byte[16])
                .addStr("Auth_Password", "");
        for (String t : Traffic.names()) {
            p.addInt64(t, 0);
        }
        return p;
    }

    /** vpncmd's GetUser → SetUser (UserSet, UserPasswordSet, UserExpiresSet, UserPolicySet ...). */
    static Pack setUser() {
        Pack c = createUser();
        ok("CreateUser", c);
        Pack u = ok("GetUser", new Pack().addStr("HubName", "DEFAULT").addStr("Name", c.getStr("Name")));
        u.remove("function_name");
        for (String f : new String[] {"UsePolicy", "Auth_Password"}) {
            if (!u.contains(f)) {
                if (f.equals("UsePolicy")) {
                    u.addBool(f, false);
                } else {
                    u.addStr(f, "");
                }
            }
        }
        return u;
    }

    static Pack ok(String method, Pack request) {
        Dispatcher.Outcome o = server.call(method, request);
        assertEquals(0, o.error(), method + " failed: " + o.message() + " for " + request);
        return o.answer();
    }

    // ---------------------------------------------------------------- checks

    /** The Get method's answer for the request's keys shows the sent field as it was sent. */
    static Check shows(String get, String... keys) {
        return (req, out) -> {
            String field = lastSet;
            Pack q = new Pack();
            for (String k : keys) {
                copy(req, k, q);
            }
            Pack a = ok(get, q);
            assertSame(req.element(field).orElseThrow(), a.element(field).orElse(null), get + " shows " + field);
        };
    }

    /** The server's configuration (GetConfig) contains this text: write-only secrets are checked there. */
    static Check configContains(Function<Pack, String> text) {
        return (req, out) -> {
            String config = new String(ok("GetConfig", new Pack()).getData("FileData"), StandardCharsets.UTF_8);
            String want = text.apply(req);
            assertTrue(config.contains(want), "the configuration holds " + want);
        };
    }

    /** The Get shows the server's own value, not the one sent. */
    static Check notShown(String get, String... keys) {
        return (req, out) -> {
            String field = lastSet;
            Pack q = new Pack();
            for (String k : keys) {
                copy(req, k, q);
            }
            Pack a = ok(get, q);
            PackElement sent = req.element(field).orElseThrow();
            PackElement got = a.element(field).orElse(null);
            assertTrue(got == null || !same(sent, got), get + " must not show the sent " + field + ": " + got);
        };
    }

    /** The Get shows this value for the field. */
    static Check forcedTo(String get, Object value, String... keys) {
        return (req, out) -> {
            String field = lastSet;
            Pack q = new Pack();
            for (String k : keys) {
                copy(req, k, q);
            }
            Pack expected = set(new Pack(), field, value);
            assertSame(expected.element(field).orElseThrow(), ok(get, q).element(field).orElse(null), field + " is forced");
        };
    }

    static String lastSet;

    static void copy(Pack from, String field, Pack to) {
        PackElement e = from.element(field).orElseThrow();
        switch (e.type()) {
            case STR -> to.addStr(field, e.stringValue(0));
            case UNISTR -> to.addUniStr(field, e.stringValue(0));
            case INT -> to.addInt(field, e.intValue(0));
            default -> throw new AssertionError(field);
        }
    }

    static boolean same(PackElement a, PackElement b) {
        return switch (a.type()) {
            case INT -> b.type() == a.type() && a.intValue(0) == b.intValue(0);
            case INT64 -> b.type() == a.type() && a.int64Value(0) == b.int64Value(0);
            case DATA -> b.type() == a.type() && java.util.Arrays.equals(a.bytes(0), b.bytes(0));
            case STR, UNISTR -> (b.type() == org.ethervpn.pack.ValueType.STR || b.type() == org.ethervpn.pack.ValueType.UNISTR)
                    && a.stringValue(0).equals(b.stringValue(0));
        };
    }

    static void assertSame(PackElement sent, PackElement got, String what) {
        assertTrue(got != null && same(sent, got), what + ": sent " + sent + ", got " + got);
    }

    static Pack set(Pack p, String field, Object value) {
        p.remove(field);
        for (String companion : new String[] {"@ipv6_bool", "@ipv6_array", "@ipv6_scope_id"}) {
            p.remove(field + companion);
        }
        switch (value) {
            case Integer i -> p.addInt(field, i);
            case Boolean b -> p.addBool(field, b);
            case Long l -> p.addInt64(field, l);
            case String s -> p.addStr(field, s);
            case Uni u -> p.addUniStr(field, u.text());
            case byte[] b -> p.addData(field, b);
            case InetAddress a -> p.addIp(field, a);
            default -> throw new AssertionError(value);
        }
        return p;
    }

    // ---------------------------------------------------------------- the table

    static final Map<String, Function<Void, Pack>> BASES = new LinkedHashMap<>();
    static final List<Row> ROWS = new ArrayList<>();

    static void base(String method, Function<Void, Pack> base) {
        BASES.put(method, base);
    }

    static void row(String method, String field, Kind kind, Object value, Check check) {
        ROWS.add(new Row(method, field, kind, value, field, check));
    }

    static void row(String method, String field, Kind kind, Object value, String word, Check check) {
        ROWS.add(new Row(method, field, kind, value, word, check));
    }

    /** A distinct 20-byte hash per use, so no row passes on another row's value. */
    static byte[] hash(String what) {
        return Sha0.hash(what.getBytes(StandardCharsets.UTF_8));
    }
    static final byte[] CERT = certificate();

    static byte[] certificate() {
        try {
            return RealServer.IDENTITY.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    /** vpncmd's SecureNatHostSet / NatSet / DhcpSet: GetSecureNATOption's answer sent back with its changes. */
    static Pack setSecureNatOption() {
        Pack p = ok("GetSecureNATOption", new Pack().addStr("RpcHubName", "DEFAULT"));
        p.remove("function_name");
        return p;
    }

    static void secureNat() {
        for (String m : new String[] {"EnableSecureNAT", "DisableSecureNAT", "EnumNAT", "EnumDHCP", "GetSecureNATStatus"}) {
            base(m, v -> new Pack().addStr("HubName", "DEFAULT"));
            row(m, "HubName", Kind.KEY, "NOSUCHHUB", null);
        }
        row("EnableSecureNAT", "HubName", Kind.APPLIED, null, (r, o) -> assertTrue(
                ok("GetHubStatus", new Pack().addStr("HubName", "DEFAULT")).getBool("SecureNATEnabled")));
        row("DisableSecureNAT", "HubName", Kind.APPLIED, null, (r, o) -> assertTrue(
                !ok("GetHubStatus", new Pack().addStr("HubName", "DEFAULT")).getBool("SecureNATEnabled")));
        base("GetSecureNATOption", v -> new Pack().addStr("RpcHubName", "DEFAULT"));
        row("GetSecureNATOption", "RpcHubName", Kind.KEY, "NOSUCHHUB", null);
        String m = "SetSecureNATOption";
        base(m, v -> setSecureNatOption());
        Check shows = shows("GetSecureNATOption", "RpcHubName");
        row(m, "RpcHubName", Kind.KEY, "NOSUCHHUB", null);
        row(m, "MacAddress", Kind.APPLIED, new byte[] {0x5E, 0x11, 0x22, 0x33, 0x44, 0x55}, shows);
        row(m, "MacAddress", Kind.REFUSED, new byte[6], shows);
        row(m, "Ip", Kind.APPLIED, InetAddress.ofLiteral("192.168.30.2"), shows);
        row(m, "Ip", Kind.REFUSED, InetAddress.ofLiteral("192.168.30.0"), shows);
        row(m, "Mask", Kind.APPLIED, InetAddress.ofLiteral("255.255.0.0"), shows);
        row(m, "Mask", Kind.REFUSED, InetAddress.ofLiteral("255.0.255.0"), shows);
        row(m, "UseNat", Kind.APPLIED, false, shows);
        row(m, "Mtu", Kind.APPLIED, 1400, shows);
        row(m, "Mtu", Kind.REFUSED, 10, shows);
        row(m, "NatTcpTimeout", Kind.APPLIED, 3600, shows);
        row(m, "NatUdpTimeout", Kind.APPLIED, 90, shows);
        row(m, "UseDhcp", Kind.APPLIED, false, shows);
        row(m, "DhcpLeaseIPStart", Kind.APPLIED, InetAddress.ofLiteral("192.168.30.20"), shows);
        row(m, "DhcpLeaseIPEnd", Kind.APPLIED, InetAddress.ofLiteral("192.168.30.100"), shows);
        row(m, "DhcpSubnetMask", Kind.APPLIED, InetAddress.ofLiteral("255.255.0.0"), shows);
        row(m, "DhcpExpireTimeSpan", Kind.APPLIED, 3600, shows);
        row(m, "DhcpGatewayAddress", Kind.APPLIED, InetAddress.ofLiteral("192.168.30.254"), shows);
        row(m, "DhcpDnsServerAddress", Kind.APPLIED, InetAddress.ofLiteral("192.168.30.253"), shows);
        row(m, "DhcpDnsServerAddress2", Kind.APPLIED, InetAddress.ofLiteral("192.0.2.53"), shows);
        row(m, "DhcpDomainName", Kind.APPLIED, "example.org", shows);
        row(m, "SaveLog", Kind.APPLIED, false, shows);
        row(m, "DhcpPushRoutes", Kind.APPLIED, "192.0.2.0/255.255.255.0/192.168.30.1", shows);
        row(m, "DhcpPushRoutes", Kind.REFUSED, "192.0.2.0/24", shows);
        // a flag of the request (false: keep the stored routes), never a setting: the Get answers true, as SoftEther's
        row(m, "ApplyDhcpPushRoutes", Kind.FORCED, false, forcedTo("GetSecureNATOption", true, "RpcHubName"));
    }

    static {
        for (String m : new String[] {"GetServerInfo", "GetServerStatus", "GetCaps", "GetServerCert", "GetServerCipher",
            "GetServerCipherList", "EnumListener", "GetBridgeSupport", "EnumLocalBridge", "EnumEthernet", "EnumHub",
            "EnumConnection", "GetConfig", "Flush"}) {
            base(m, v -> new Pack());
            row(m, "-", Kind.NONE, null, null);
        }
        for (String m : new String[] {"EvEnumPlugin", "EvInstallPlugin", "EvUninstallPlugin"}) {
            base(m, v -> new Pack().addStr("Location", "/nonexistent.jar").addStr("Name", "x"));
            row(m, "-", Kind.NO_REGISTRY, null, null);
        }
        base("Test", v -> new Pack().addInt("IntValue", 0).addInt64("Int64Value", 0).addStr("StrValue", "")
                .addUniStr("UniStrValue", ""));
        row("Test", "IntValue", Kind.ECHO, 42, (r, o) -> assertEquals("42", o.answer().getStr("StrValue")));
        row("Test", "Int64Value", Kind.ECHO, 1L << 40, (r, o) -> assertEquals(1L << 40, o.answer().getInt64("Int64Value")));
        row("Test", "StrValue", Kind.FORCED, "x", (r, o) -> assertEquals("0", o.answer().getStr("StrValue")));
        row("Test", "UniStrValue", Kind.ECHO, new Uni("ü"), (r, o) -> assertEquals("ü", o.answer().getText("UniStrValue")));

        // server password: write-only, kept as SHA-0 in the configuration
        base("SetServerPassword", v -> new Pack().addData("HashedPassword", new byte[20]).addStr("PlainTextPassword", "old"));
        byte[] serverHash = hash("SetServerPassword");
        row("SetServerPassword", "HashedPassword", Kind.APPLIED, serverHash,
                configContains(r -> Base64.getEncoder().encodeToString(serverHash)));
        row("SetServerPassword", "PlainTextPassword", Kind.APPLIED, "n3w",
                configContains(r -> Base64.getEncoder().encodeToString(Sha0.hash("n3w".getBytes(StandardCharsets.UTF_8)))));
        base("SetServerCipher", v -> new Pack().addStr("String", "~DEFAULT~"));
        row("SetServerCipher", "String", Kind.APPLIED, "ECDHE-RSA-AES256-GCM-SHA384", shows("GetServerCipher"));

        base("CreateListener", v -> new Pack().addInt("Port", freePort()).addBool("Enable", true));
        row("CreateListener", "Port", Kind.APPLIED, null, (r, o) -> assertTrue(listener(r.getInt("Port")) >= 0));
        row("CreateListener", "Enable", Kind.APPLIED, false, (r, o) -> assertEquals(0, listener(r.getInt("Port"))));
        base("EnableListener", v -> {
            int port = freePort();
            ok("CreateListener", new Pack().addInt("Port", port).addBool("Enable", true));
            return new Pack().addInt("Port", port).addBool("Enable", true);
        });
        row("EnableListener", "Port", Kind.KEY, 1, null);
        row("EnableListener", "Enable", Kind.APPLIED, false, (r, o) -> assertEquals(0, listener(r.getInt("Port"))));
        base("DeleteListener", v -> new Pack().addInt("Port", 1));
        row("DeleteListener", "Port", Kind.KEY, 2, null);

        base("AddLocalBridge", v -> new Pack().addStr("DeviceName", fresh("dev")).addStr("HubNameLB", "DEFAULT")
                .addBool("TapMode", false));
        row("AddLocalBridge", "DeviceName", Kind.APPLIED, "eth77", (r, o) -> assertTrue(bridge(r) >= 0));
        row("AddLocalBridge", "HubNameLB", Kind.APPLIED, "REMOTE", (r, o) -> assertTrue(bridge(r) >= 0));
        row("AddLocalBridge", "TapMode", Kind.APPLIED, true, (r, o) -> assertEquals(1, bridge(r)));
        base("DeleteLocalBridge", v -> new Pack().addStr("DeviceName", "eth77").addStr("HubNameLB", "DEFAULT"));
        row("DeleteLocalBridge", "DeviceName", Kind.KEY, "nosuchdev", null);
        row("DeleteLocalBridge", "HubNameLB", Kind.KEY, "NOSUCHHUB", null);

        hubs();
        links();
        users();
        secureNat();

        for (String m : new String[] {"EnumSession", "EnumMacTable", "GetHubStatus", "GetHub", "DeleteHub", "EnumLink",
            "EnumUser"}) {
            base(m, v -> new Pack().addStr("HubName", "DEFAULT"));
            row(m, "HubName", Kind.KEY, "NOSUCHHUB", null);
        }
        for (String m : new String[] {"GetSessionStatus", "DeleteSession", "GetUser", "DeleteUser"}) {
            base(m, v -> new Pack().addStr("HubName", "DEFAULT").addStr("Name", "x"));
            row(m, "HubName", Kind.KEY, "NOSUCHHUB", null);
            row(m, "Name", Kind.KEY, "nosuchname", null);
        }
        base("SetHubOnline", v -> new Pack().addStr("HubName", existingHub()).addBool("Online", true));
        row("SetHubOnline", "HubName", Kind.KEY, "NOSUCHHUB", null);
        row("SetHubOnline", "Online", Kind.APPLIED, false, shows("GetHub", "HubName"));
        for (String m : new String[] {"SetLinkOnline", "SetLinkOffline", "DeleteLink"}) {
            base(m, v -> new Pack().addStr("HubName", "DEFAULT").addUniStr("AccountName", "x"));
            row(m, "HubName", Kind.KEY, "NOSUCHHUB", null);
            row(m, "AccountName", Kind.KEY, new Uni("nosuchlink"), null);
        }
        for (String m : new String[] {"GetLink", "GetLinkStatus"}) {
            base(m, v -> linkKey(createLinkIn()));
            row(m, "HubName_Ex", Kind.KEY, "NOSUCHHUB", null);
            row(m, "AccountName", Kind.KEY, new Uni("nosuchlink"), null);
        }
        for (String m : new String[] {"GetConnectionInfo", "DisconnectConnection"}) {
            base(m, v -> new Pack().addStr("Name", "CID-1"));
            row(m, "Name", Kind.KEY, "CID-999999", null);
        }
        // the configuration now with hub DEFAULT limited to 4 sessions (the first "maxSessions" is DEFAULT's)
        base("SetConfig", v -> new Pack().addStr("FileName", "$server.json").addData("FileData",
                new String(ok("GetConfig", new Pack()).getData("FileData"), StandardCharsets.UTF_8)
                        .replaceFirst("\"maxSessions\": 0", "\"maxSessions\": 4").getBytes(StandardCharsets.UTF_8)));
        row("SetConfig", "FileData", Kind.APPLIED, null, (r, o) -> assertEquals(4,
                ok("GetHub", new Pack().addStr("HubName", "DEFAULT")).getInt("MaxSession")));
        row("SetConfig", "FileName", Kind.FORCED, "other.json", (r, o) -> assertEquals("$server.json",
                ok("GetConfig", new Pack()).getStr("FileName")));
        base("EvImportConfig", v -> new Pack().addData("FileData", new byte[0]));
        row("EvImportConfig", "FileData", Kind.APPLIED, FieldTableTest.SOFTETHER_CONFIG.getBytes(StandardCharsets.UTF_8),
                (r, o) -> assertTrue(server.admin().hubGet("IMPORTEDFT").hidden(), "NoEnum imported"));
    }

    static final String SOFTETHER_CONFIG = """
            declare root
            {
            	declare VirtualHUB
            	{
            		declare IMPORTEDFT
            		{
            			bool Online true
            			declare Option
            			{
            				uint MaxSession 0
            				bool NoEnum true
            			}
            		}
            	}
            }
            """;

    static Pack createLinkIn() {
        Pack c = createLink();
        ok("CreateLink", c);
        return c;
    }

    static void hubs() {
        for (String m : new String[] {"CreateHub", "SetHub"}) {
            base(m, v -> m.equals("CreateHub") ? createHub() : setHub());
            if (m.equals("CreateHub")) {
                row(m, "HubName", Kind.APPLIED, "MADEHERE", shows("GetHub", "HubName"));
            } else {
                row(m, "HubName", Kind.KEY, "NOSUCHHUB", null);
            }
            row(m, "HubType", Kind.REFUSED, 1, "stand-alone", null);
            row(m, "Online", Kind.APPLIED, false, shows("GetHub", "HubName"));
            row(m, "MaxSession", Kind.APPLIED, 7, shows("GetHub", "HubName"));
            row(m, "NoEnum", Kind.APPLIED, true, shows("GetHub", "HubName"));
            byte[] h = hash(m);
            row(m, "HashedPassword", Kind.APPLIED, h, configContains(r -> Base64.getEncoder().encodeToString(h)));
            row(m, "AdminPasswordPlainText", Kind.APPLIED, "pw-" + m, configContains(
                    r -> Base64.getEncoder().encodeToString(Sha0.hash(("pw-" + m).getBytes(StandardCharsets.UTF_8)))));
            // the same password in SoftEther's "administrator" VPN-login form: it only comes with HashedPassword,
            // which is what is kept; alone (HashedPassword zero, as in these requests) it is refused
            row(m, "SecurePassword", Kind.REFUSED, h, null);
            row(m, "DefaultGateway", Kind.REFUSED, 0x0100000A, null);
            row(m, "DefaultSubnet", Kind.REFUSED, 0x00FFFFFF, null);
        }
    }

    static void links() {
        for (String m : new String[] {"CreateLink", "SetLink"}) {
            base(m, v -> m.equals("CreateLink") ? createLink() : setLink());
            Check get = shows("GetLink", "HubName_Ex", "AccountName");
            row(m, "HubName_Ex", Kind.KEY, "NOSUCHHUB", null);
            if (m.equals("CreateLink")) {
                row(m, "AccountName", Kind.APPLIED, new Uni("made-here"), get);
                row(m, "Online", Kind.FORCED, true, forcedTo("GetLink", false, "HubName_Ex", "AccountName"));
            } else {
                row(m, "AccountName", Kind.KEY, new Uni("nosuchlink"), null);
                row(m, "Online", Kind.FORCED, true, forcedTo("GetLink", false, "HubName_Ex", "AccountName"));
            }
            row(m, "Hostname", Kind.APPLIED, "vpn.example.net", get);
            row(m, "Port", Kind.APPLIED, 992, get);
            row(m, "HubName", Kind.APPLIED, "OTHER", get);
            row(m, "PortUDP", Kind.REFUSED, 5555, null);
            row(m, "ProxyType", Kind.APPLIED, 3, get); // the proxy rows come with ProxyName and ProxyPort set
            row(m, "ProxyName", Kind.APPLIED, "proxy.example.net", get);
            row(m, "ProxyPort", Kind.APPLIED, 3128, get);
            row(m, "ProxyUsername", Kind.APPLIED, "pxuser", get);
            row(m, "ProxyPassword", Kind.APPLIED, "px-" + m, configContains(r -> "\"px-" + m + "\""));
            row(m, "CustomHttpHeader", Kind.APPLIED, "X-Tenant: blue\r\nUser-Agent: vpn\r\n", get);
            row(m, "DeviceName", Kind.FORCED, "vpn0", forcedTo("GetLink", "_SEHUBLINKCLI_", "HubName_Ex", "AccountName"));
            row(m, "NumRetry", Kind.FORCED, 3, forcedTo("GetLink", -1, "HubName_Ex", "AccountName"));
            row(m, "RetryInterval", Kind.FORCED, 60, forcedTo("GetLink", 10, "HubName_Ex", "AccountName"));
            row(m, "NoRoutingTracking", Kind.FORCED, false, forcedTo("GetLink", true, "HubName_Ex", "AccountName"));
            row(m, "RequireBridgeRoutingMode", Kind.FORCED, false,
                    forcedTo("GetLink", true, "HubName_Ex", "AccountName"));
            row(m, "RequireMonitorMode", Kind.FORCED, true, forcedTo("GetLink", false, "HubName_Ex", "AccountName"));
            row(m, "MaxConnection", Kind.APPLIED, 3, get);
            row(m, "UseEncrypt", Kind.APPLIED, false, get);
            row(m, "UseCompress", Kind.APPLIED, true, get);
            row(m, "HalfConnection", Kind.APPLIED, true, get);
            row(m, "AdditionalConnectionInterval", Kind.APPLIED, 5, get);
            row(m, "ConnectionDisconnectSpan", Kind.APPLIED, 600, get);
            row(m, "DisableQoS", Kind.APPLIED, true, get);
            row(m, "HideStatusWindow", Kind.REFUSED, true, null);
            row(m, "HideNicInfoWindow", Kind.REFUSED, true, null);
            row(m, "FromAdminPack", Kind.REFUSED, true, null);
            // no cascade here uses UDP acceleration, and GetLink says so
            row(m, "NoUdpAcceleration", Kind.APPLIED, true, get);
            row(m, "HostUniqueKey", Kind.REFUSED, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                18, 19, 20}, null);
            row(m, "BindLocalIP", Kind.REFUSED, InetAddress.ofLiteral("10.0.0.1"), null);
            row(m, "BindLocalPort", Kind.REFUSED, 40000, null);
            // links log in with a password hash: a plain password is stored as its hash, the hash is write-only
            row(m, "AuthType", Kind.REFUSED, 3, "authentication type", null);
            row(m, "Username", Kind.APPLIED, "otheruser", get);
            byte[] h = hash(m);
            row(m, "HashedPassword", Kind.APPLIED, h, configContains(r -> Base64.getEncoder().encodeToString(h)));
            row(m, "PlainPassword", Kind.APPLIED, "pw-" + m, configContains(r -> Base64.getEncoder().encodeToString(
                    PasswordHash.hashedPassword(r.getStr("Username"), "pw-" + m))));
            row(m, "CheckServerCert", Kind.APPLIED, true, get);
            row(m, "AddDefaultCA", Kind.APPLIED, true, get);
            row(m, "ServerCert", Kind.APPLIED, CERT, get);
            for (SoftEtherPolicy.Item i : SoftEtherPolicy.items()) {
                Object v = i.kind() == SoftEtherPolicy.Kind.BOOL ? (Object) (i.defaultValue() == 0) : (Object) 3;
                row(m, "policy:" + i.name(), Kind.REFUSED, v, i.name(), null);
            }
            // SoftEther's "this is a version 3 policy" marker, not a setting
            row(m, "policy:Ver3", Kind.FORCED, false, forcedTo("GetLink", true, "HubName_Ex", "AccountName"));
        }
    }

    static void users() {
        for (String m : new String[] {"CreateUser", "SetUser"}) {
            base(m, v -> m.equals("CreateUser") ? createUser() : setUser());
            Check get = shows("GetUser", "HubName", "Name");
            row(m, "HubName", Kind.KEY, "NOSUCHHUB", null);
            if (m.equals("CreateUser")) {
                row(m, "Name", Kind.APPLIED, "made-here", get);
            } else {
                row(m, "Name", Kind.KEY, "nosuchuser", null);
            }
            row(m, "GroupName", Kind.REFUSED, "staff", "group", null);
            row(m, "Realname", Kind.APPLIED, new Uni("Ann Example"), get);
            row(m, "Note", Kind.APPLIED, new Uni("a note"), get);
            row(m, "ExpireTime", Kind.APPLIED, 4_102_444_800_000L, get);
            row(m, "AuthType", Kind.APPLIED, 0, get);
            row(m, "HashedKey", Kind.APPLIED, hash(m), get);
            // the same password's NT hash (MS-CHAPv2, which this server does not offer) comes with HashedKey,
            // which is kept; alone (HashedKey zero, as this row sends it) it is refused
            row(m, "NtLmSecureHash", Kind.REFUSED, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, null);
            row(m, "Auth_Password", Kind.APPLIED, "pw2", (r, o) -> assertArrayEquals(
                    PasswordHash.hashedPassword(r.getStr("Name"), "pw2"), ok("GetUser",
                            new Pack().addStr("HubName", "DEFAULT").addStr("Name", r.getStr("Name"))).getData("HashedKey")));
            // a policy without an Access item closes the account, as SoftEther reads it: GetUser shows the policy
            row(m, "UsePolicy", Kind.APPLIED, true, get);
            for (String f : new String[] {"CreatedTime", "UpdatedTime"}) {
                row(m, f, Kind.FORCED, 1000L, notShown("GetUser", "HubName", "Name"));
            }
            row(m, "NumLogin", Kind.FORCED, 99, notShown("GetUser", "HubName", "Name"));
            for (String t : Traffic.names()) {
                row(m, t, Kind.FORCED, 12345L, notShown("GetUser", "HubName", "Name"));
            }
            for (SoftEtherPolicy.Item i : SoftEtherPolicy.items()) {
                Object v = i.kind() == SoftEtherPolicy.Kind.BOOL ? (Object) (i.defaultValue() == 0) : (Object) 3;
                if (i.name().equals("Access")) {
                    row(m, "policy:Access", Kind.APPLIED, false, get);
                } else {
                    row(m, "policy:" + i.name(), Kind.REFUSED, v, i.name(), null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers of checks

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** -1 if there is no listener on the port, else 1 if enabled, 0 if not. */
    static int listener(int port) {
        Pack a = ok("EnumListener", new Pack());
        for (int i = 0; i < a.count("Ports"); i++) {
            if (a.getInt("Ports", i) == port) {
                return a.getBool("Enables", i) ? 1 : 0;
            }
        }
        return -1;
    }

    /** -1 if the bridge is not listed, else 1 for TAP mode, 0 if not. */
    static int bridge(Pack r) {
        Pack a = ok("EnumLocalBridge", new Pack());
        for (int i = 0; i < a.count("DeviceName"); i++) {
            if (a.getStr("DeviceName", i).equals(r.getStr("DeviceName")) && a.getStr("HubNameLB", i)
                    .equalsIgnoreCase(r.getStr("HubNameLB"))) {
                return a.getBool("TapMode", i) ? 1 : 0;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void everyRegisteredMethodHasRowsAndNoRowNamesAnUnknownMethod() {
        Set<String> registered = new TreeSet<>(server.dispatcher.names());
        Set<String> covered = new TreeSet<>();
        ROWS.forEach(r -> covered.add(r.method()));
        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "registered admin methods without rows in the field table: " + missing);
        covered.removeAll(registered);
        assertTrue(covered.isEmpty(), "rows for methods that are not registered: " + covered);
    }

    @Test
    void everyFieldOfEveryVpncmdRequestHasARow() {
        List<String> missing = new ArrayList<>();
        for (var e : BASES.entrySet()) {
            Pack base = e.getValue().apply(null);
            for (PackElement el : base.elements()) {
                if (el.name().contains("@")) {
                    continue; // the IPv6 companions of an address field
                }
                boolean has = ROWS.stream().anyMatch(r -> r.method().equals(e.getKey()) && r.field().equals(el.name()));
                boolean noFields = ROWS.stream().anyMatch(r -> r.method().equals(e.getKey())
                        && (r.kind() == Kind.NONE || r.kind() == Kind.NO_REGISTRY));
                if (!has && !noFields) {
                    missing.add(e.getKey() + "." + el.name());
                }
            }
        }
        assertTrue(missing.isEmpty(), "fields vpncmd sends without a row: " + missing);
    }

    @Test
    void everyFieldIsAppliedOrRefusedNeverAcceptedAndDropped() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Row r : ROWS) {
            try {
                run(r);
            } catch (AssertionError | RuntimeException e) {
                failures.add(r.method() + "." + r.field() + " (" + r.kind() + "): " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + ROWS.size() + " rows fail:\n" + String.join("\n", failures));
    }

    private static void run(Row r) throws Exception {
        Pack req = BASES.get(r.method()).apply(null);
        lastSet = r.field();
        if (r.kind() == Kind.NONE || r.kind() == Kind.NO_REGISTRY) {
            Dispatcher.Outcome o = server.call(r.method(), req);
            assertEquals(r.kind() == Kind.NONE ? 0 : AdminError.NOT_SUPPORTED.code(),
                    o.error() != 0 ? o.error() : o.answer().getInt("error"), String.valueOf(o.message()));
            return;
        }
        if (r.value() != null) {
            if (r.field().startsWith("Proxy")) {
                set(req, "ProxyType", 1); // the proxy fields with an HTTP proxy
                if (!r.field().equals("ProxyName")) {
                    set(req, "ProxyName", "proxy.example.net");
                }
                if (!r.field().equals("ProxyPort")) {
                    set(req, "ProxyPort", 8080);
                }
            }
            if (r.field().equals("CheckServerCert") || r.field().equals("AddDefaultCA")) {
                req.remove("ServerCert"); // a pinned certificate with the default CAs is refused
            }
            set(req, r.field(), r.value());
        }
        if (r.field().equals("PlainPassword")) {
            set(req, "AuthType", 2);
        }
        if (r.field().equals("HashedPassword") && r.method().endsWith("Link")) {
            set(req, "AuthType", 1);
        }
        if (r.field().equals("Auth_Password")) {
            set(req, "HashedKey", new byte[20]); // as SoftEther: the plain text counts only without a hash
        }
        if (r.field().equals("NtLmSecureHash")) {
            set(req, "HashedKey", new byte[20]);
        }
        if (r.field().startsWith("policy:") && r.method().endsWith("User")) {
            set(req, "UsePolicy", true);
        }
        Dispatcher.Outcome o = server.call(r.method(), req);
        switch (r.kind()) {
            case APPLIED, FORCED, ECHO -> {
                assertEquals(0, o.error(), "refused: " + o.message());
                r.check().verify(req, o);
            }
            case REFUSED -> refused(r, o);
            case EITHER -> {
                if (o.error() != 0) {
                    refused(r, o);
                } else {
                    r.check().verify(req, o);
                }
            }
            case KEY -> assertNotEquals(0, o.error(), "a " + r.field() + " that does not exist must be an error");
            default -> throw new AssertionError(r.kind());
        }
    }

    private static void refused(Row r, Dispatcher.Outcome o) {
        assertTrue(o.error() == 33 || o.error() == 38 || o.error() == 65, "refused with 33/38 (65 for groups), not "
                + o.error() + ": " + o.message());
        assertTrue(o.message().toLowerCase(Locale.ROOT).contains(r.word().toLowerCase(Locale.ROOT)),
                "the message names " + r.word() + ": " + o.message());
    }
}

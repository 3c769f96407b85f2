package org.ethervpn.admin.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ethervpn.admin.wire.UserWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginKind;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.Sha0;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PACK mapping of the remote admin, against canned answers (no sockets): requests as vpncmd sends them. */
class RemoteAdminTest {
    /** Records the requests (through the PACK codec, as on the wire) and answers from a table. */
    static final class Fake implements Rpc {
        final List<String> names = new ArrayList<>();
        final List<Pack> requests = new ArrayList<>();
        final Map<String, Pack> answers = new HashMap<>();
        final Map<String, Integer> errors = new HashMap<>();

        @Override
        public Pack call(String function, Pack request) {
            names.add(function);
            try {
                requests.add(PackCodec.decode(PackCodec.encode(request)));
            } catch (org.ethervpn.pack.PackException e) {
                throw new AssertionError("the request does not encode/decode", e);
            }
            if (errors.containsKey(function)) {
                throw new RpcFailure(errors.get(function), null);
            }
            return answers.getOrDefault(function, new Pack());
        }

        Pack last(String function) {
            return requests.get(names.lastIndexOf(function));
        }

        boolean anyContains(byte[] secret) {
            String s = new String(secret, StandardCharsets.ISO_8859_1);
            return requests.stream().anyMatch(p -> new String(PackCodec.encode(p), StandardCharsets.ISO_8859_1).contains(s));
        }
    }

    @Test
    void enumHubBecomesHubInfosWithBothTrafficKinds() {
        Fake rpc = new Fake();
        Pack a = new Pack().appendStr("HubName", "DEFAULT").appendStr("HubName", "SALES").appendBool("Online", true)
                .appendBool("Online", false).appendInt("NumUsers", 3).appendInt("NumUsers", 0).appendInt("NumSessions", 1)
                .appendInt("NumSessions", 0).appendInt("NumMacTables", 2).appendInt("NumMacTables", 0)
                .appendInt64("Ex.Recv.UnicastCount", 10).appendInt64("Ex.Recv.UnicastCount", 0)
                .appendInt64("Ex.Recv.BroadcastCount", 5).appendInt64("Ex.Recv.BroadcastCount", 0);
        rpc.answers.put("EnumHub", a);
        List<HubInfo> hubs = new RemoteAdmin(rpc).hubList();
        assertEquals(2, hubs.size());
        assertEquals(new HubInfo("DEFAULT", true, 0, 3, 1, 2, 15, 0, 0, 0), hubs.get(0));
        assertFalse(hubs.get(1).online());
    }

    @Test
    void userPasswordSetIsGetUserThenSetUserWithTheHashOnly() {
        Fake rpc = new Fake();
        rpc.answers.put("GetUser", new Pack().addStr("HubName", "SALES").addStr("Name", "Alice").addStr("GroupName", "")
                .addUniStr("Realname", "Alice A").addUniStr("Note", "n").addInt("AuthType", 1)
                .addData("HashedKey", new byte[20]).addInt("NumLogin", 4));
        new RemoteAdmin(rpc).userPasswordSet("SALES", "alice", "s3cret".toCharArray());
        assertEquals(List.of("GetUser", "SetUser"), rpc.names);
        Pack set = rpc.last("SetUser");
        assertEquals("SALES", set.getStr("HubName"));
        assertEquals("Alice A", set.getUniStr("Realname"));
        assertEquals(1, set.getInt("AuthType"));
        assertArrayEquals(PasswordHash.hashedPassword("ALICE", "s3cret"), set.getData("HashedKey"));
        assertFalse(rpc.anyContains("s3cret".getBytes(StandardCharsets.UTF_8)), "the password never travels");
    }

    @Test
    void enableDisableAndExpiryAreGetUserThenSetUserAsVpncmdPolicyAndExpiresSet() {
        Fake rpc = new Fake();
        java.util.function.Supplier<Pack> plain = () -> new Pack().addStr("HubName", "SALES").addStr("Name", "alice")
                .addStr("GroupName", "").addTime64("ExpireTime", 0).addInt("AuthType", 1).addData("HashedKey", new byte[20]);
        rpc.answers.put("GetUser", plain.get());
        RemoteAdmin admin = new RemoteAdmin(rpc);
        assertTrue(admin.userGet("SALES", "alice").enabled());
        admin.userSetEnabled("SALES", "alice", false);
        Pack set = rpc.last("SetUser");
        assertTrue(set.getBool("UsePolicy"), "a user without a policy gets SoftEther's default one");
        assertFalse(set.getBool("policy:Access"));
        assertEquals(32, set.getInt("policy:MaxConnection"));
        assertEquals(20, set.getInt("policy:TimeOut"));

        // a SoftEther user with a policy of its own keeps its other items
        Pack limited = new Pack().addStr("HubName", "SALES").addStr("Name", "alice").addInt("AuthType", 1)
                .addBool("UsePolicy", true).addBool("policy:Access", false).addInt("policy:MaxConnection", 2)
                .addInt64("ExpireTime", 1_000);
        rpc.answers.put("GetUser", limited);
        UserInfo u = admin.userGet("SALES", "alice");
        assertFalse(u.enabled());
        assertEquals(java.time.Instant.ofEpochMilli(1_000 + 9 * 3600 * 1000L), u.expires());
        admin.userSetEnabled("SALES", "alice", true);
        set = rpc.last("SetUser");
        assertTrue(set.getBool("policy:Access"));
        assertEquals(2, set.getInt("policy:MaxConnection"));

        rpc.answers.put("GetUser", plain.get());
        java.time.Instant when = java.time.Instant.parse("2030-01-01T00:00:00Z");
        admin.userSetExpires("SALES", "alice", when);
        assertEquals(when.toEpochMilli() - 9 * 3600 * 1000L, rpc.last("SetUser").getInt64("ExpireTime"));
        rpc.answers.put("GetUser", plain.get()); // (the fake answers the very pack RemoteAdmin edits)
        admin.userSetExpires("SALES", "alice", null);
        assertEquals(0, rpc.last("SetUser").getInt64("ExpireTime"));
        assertFalse(rpc.last("SetUser").getBool("UsePolicy"), "nothing else changes");
    }

    @Test
    void userCreateSendsAPasswordUserWithRandomHashesAsVpncmd() {
        Fake rpc = new Fake();
        new RemoteAdmin(rpc).userCreate("H", "bob", null, "note");
        Pack p = rpc.last("CreateUser");
        assertEquals(1, p.getInt("AuthType"));
        assertEquals(20, p.getData("HashedKey").length);
        assertFalse(java.util.Arrays.equals(new byte[20], p.getData("HashedKey")));
        assertEquals("note", p.getUniStr("Note"));
        assertEquals("", p.getUniStr("Realname"));
    }

    @Test
    void hubPasswordSetKeepsTheOtherSettingsAndSendsBothHashes() {
        Fake rpc = new Fake();
        rpc.answers.put("GetHub", new Pack().addStr("HubName", "SALES").addInt("HubType", 0).addBool("Online", true)
                .addInt("MaxSession", 7).addBool("NoEnum", false).addData("HashedPassword", new byte[20]));
        new RemoteAdmin(rpc).hubPasswordSet("SALES", "hubpw".toCharArray());
        Pack set = rpc.last("SetHub");
        assertEquals(7, set.getInt("MaxSession"));
        assertTrue(set.getBool("Online"));
        assertArrayEquals(Sha0.hash("hubpw".getBytes(StandardCharsets.UTF_8)), set.getData("HashedPassword"));
        assertArrayEquals(Sha0.hash("hubpwADMINISTRATOR".getBytes(StandardCharsets.UTF_8)), set.getData("SecurePassword"));
    }

    @Test
    void hubSetHiddenIsGetHubThenSetHubWithNoEnumAndZeroHashes() {
        Fake rpc = new Fake();
        rpc.answers.put("GetHub", new Pack().addStr("HubName", "SALES").addInt("HubType", 0).addBool("Online", true)
                .addInt("MaxSession", 7).addBool("NoEnum", false));
        new RemoteAdmin(rpc).hubSetHidden("SALES", true);
        Pack set = rpc.last("SetHub");
        assertTrue(set.getBool("NoEnum"));
        assertEquals(7, set.getInt("MaxSession"));
        assertArrayEquals(new byte[20], set.getData("HashedPassword"), "zeros keep the hub password");
    }

    @Test
    void cascadeOptionsSetIsGetLinkThenSetLinkWithTheOptionsAndReadsThemBack() {
        Fake rpc = new Fake();
        Pack link = new Pack().addStr("HubName_Ex", "DEFAULT").addUniStr("AccountName", "c").addStr("Hostname", "hq")
                .addInt("Port", 443).addStr("HubName", "HQ").addInt("ProxyType", 0).addStr("ProxyName", "")
                .addInt("ProxyPort", 0).addStr("ProxyUsername", "").addStr("ProxyPassword", "stored-by-softether")
                .addStr("CustomHttpHeader", "").addInt("MaxConnection", 8).addBool("UseEncrypt", true)
                .addBool("UseCompress", false).addBool("HalfConnection", false).addInt("AdditionalConnectionInterval", 1)
                .addInt("ConnectionDisconnectSpan", 0).addBool("DisableQoS", false).addBool("CheckServerCert", false)
                .addInt("AuthType", 1).addStr("Username", "u").addData("HashedPassword", new byte[20]);
        rpc.answers.put("GetLink", link);
        CascadeOptions o = new CascadeOptions(3, 2, 60, true, false, true, false, ProxyType.HTTP, "px.example:3128", "pu",
                null, List.of("X-A: 1", "X-B: 2"), true, new byte[] {1, 2, 3}, false);
        new RemoteAdmin(rpc).cascadeOptionsSet("DEFAULT", "c", o);
        Pack set = rpc.last("SetLink");
        assertEquals(3, set.getInt("MaxConnection"));
        assertEquals(2, set.getInt("AdditionalConnectionInterval"));
        assertEquals(60, set.getInt("ConnectionDisconnectSpan"));
        assertTrue(set.getBool("HalfConnection") && !set.getBool("UseEncrypt") && set.getBool("UseCompress"));
        assertTrue(set.getBool("DisableQoS"));
        assertEquals(1, set.getInt("ProxyType"));
        assertEquals("px.example", set.getStr("ProxyName"));
        assertEquals(3128, set.getInt("ProxyPort"));
        assertEquals("pu", set.getStr("ProxyUsername"));
        assertEquals("stored-by-softether", set.getStr("ProxyPassword"), "a null password leaves GetLink's");
        assertEquals("X-A: 1\r\nX-B: 2\r\n", set.getStr("CustomHttpHeader"));
        assertTrue(set.getBool("CheckServerCert"));
        assertArrayEquals(new byte[] {1, 2, 3}, set.getData("ServerCert"));
        assertEquals("HQ", set.getStr("HubName"), "the rest of the link stays");

        rpc.answers.put("GetLink", set);
        CascadeOptions back = new RemoteAdmin(rpc).cascadeGet("DEFAULT", "c").options();
        assertEquals(o, back);
    }

    @Test
    void errorsKeepSoftEthersCodeAndSayWhatFailed() {
        Fake rpc = new Fake();
        rpc.errors.put("CreateHub", 57);
        AdminException e = assertThrows(AdminException.class, () -> new RemoteAdmin(rpc).hubCreate("X"));
        assertEquals(AdminError.HUB_ALREADY_EXISTS, e.error());
        assertTrue(e.getMessage().startsWith("cannot create hub X: the virtual hub already exists"), e.getMessage());
        rpc.errors.put("EnumUser", 52);
        e = assertThrows(AdminException.class, () -> new RemoteAdmin(rpc).userList("DEFAULT"));
        assertEquals(AdminError.NOT_ENOUGH_RIGHT, e.error());
        rpc.errors.put("EnumUser", 58); // no AdminError for it: the sentence keeps the code
        e = assertThrows(AdminException.class, () -> new RemoteAdmin(rpc).userList("DEFAULT"));
        assertEquals(AdminError.INTERNAL_ERROR, e.error());
        assertTrue(e.getMessage().contains("server error 58, ERR_TOO_MANY_HUBS"), e.getMessage());
    }

    @Test
    void listenersAndSessions() {
        Fake rpc = new Fake();
        rpc.answers.put("EnumListener", new Pack().appendInt("Ports", 443).appendInt("Ports", 5555)
                .appendBool("Enables", false).appendBool("Enables", true).appendBool("Errors", false).appendBool("Errors", false));
        List<ListenerInfo> l = new RemoteAdmin(rpc).listenerList();
        assertEquals(List.of(new ListenerInfo(443, false, "disabled"), new ListenerInfo(5555, true, "listening")), l);
        rpc.answers.put("EnumSession", new Pack().appendStr("Name", "SID-ALICE-1").appendStr("Username", "alice")
                .appendIp("Ip", java.net.InetAddress.ofLiteral("10.0.0.2")).appendStr("Hostname", "")
                .appendInt("MaxNumTcp", 8).appendInt("CurrentNumTcp", 2));
        var s = new RemoteAdmin(rpc).sessionList("H").get(0);
        assertEquals("10.0.0.2", s.remote());
        assertEquals(2, s.connections().size());
        assertEquals(8, s.maxConnections());
    }

    @Test
    void theSecureNatSessionKeepsItsKindOverEnumSession() {
        var nat = new org.ethervpn.api.admin.SessionInfo("H", "SID-SECURENAT-1", "SecureNAT", "", "", java.time.Instant.EPOCH,
                0, false, false, false, false, false, List.of(), 3, 300, 4, 400, 0, null,
                org.ethervpn.api.admin.SessionKind.SECURE_NAT);
        Pack p = org.ethervpn.admin.wire.SessionWire.writeList("H", "srv", List.of(nat), java.time.Instant.EPOCH);
        assertEquals(true, p.getBool("SecureNATMode", 0));
        assertEquals("", p.getStr("Hostname", 0), "no client host, as SoftEther's");
        Fake rpc = new Fake();
        rpc.answers.put("EnumSession", p);
        var back = new RemoteAdmin(rpc).sessionList("H").get(0);
        assertEquals(org.ethervpn.api.admin.SessionKind.SECURE_NAT, back.kind());
        assertEquals("SecureNAT", back.user());
        assertEquals(0, back.connections().size());
    }

    @Test
    void usersOfOtherKindsShowAsPasswordUsers() {
        assertEquals(UserAuth.ANONYMOUS, UserWire.auth(0));
        assertEquals(UserAuth.PASSWORD, UserWire.auth(3));
    }

    @Test
    void pluginsUploadALocalJarElseNameALocationOnTheServer(@TempDir Path dir) throws Exception {
        Fake rpc = new Fake();
        rpc.answers.put("EvInstallPlugin", new Pack().addStr("BundleName", "b").addStr("BundleVersion", "1.0")
                .addStr("BundleState", "active").appendStr("Kind", "CIPHER_SUITE").appendStr("Name", "legacy")
                .appendUniStr("Description", "d").appendStr("Bundle", "b").appendStr("PluginVersion", "1.0")
                .appendBool("BuiltIn", false));
        Path jar = Files.write(dir.resolve("p.jar"), new byte[] {1, 2, 3});
        var info = new RemotePluginAdmin(rpc).install(jar.toString());
        assertArrayEquals(new byte[] {1, 2, 3}, rpc.last("EvInstallPlugin").getData("Jar"));
        assertEquals("p.jar", rpc.last("EvInstallPlugin").getStr("FileName"));
        assertEquals(PluginKind.CIPHER_SUITE, info.plugins().get(0).kind());
        assertEquals("active", info.state());
        new RemotePluginAdmin(rpc).install("/srv/on-the-server.jar");
        assertEquals("/srv/on-the-server.jar", rpc.last("EvInstallPlugin").getStr("Location"));
        rpc.errors.put("EvUninstallPlugin", 33);
        PluginException e = assertThrows(PluginException.class, () -> new RemotePluginAdmin(rpc).uninstall("x"));
        assertTrue(e.getMessage().contains("no remote plugin administration"), e.getMessage());
    }

    @Test
    void loginRefusalsInWords() {
        assertEquals("login to h:5555 refused: wrong password for the server administrator (error 12)",
                AdminConnection.refusal("h:5555", null, 12));
        assertTrue(AdminConnection.refusal("h:5555", "NOPE", 8).contains("hub NOPE does not exist"));
    }
}

package org.ethervpn.server.softether;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.UserConfig;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.server.config.BridgeConfig;
import org.ethervpn.server.config.CipherConfig;
import org.ethervpn.server.config.ListenerConfig;
import org.ethervpn.server.config.UserAuthType;
import org.ethervpn.server.config.ConfigJson;

/** The mapping of a real SoftEther configuration onto ours (§8.3), with the passwords it was made with. */
class SoftEtherImportTest {
    /** The suites of our two cipher plugins (org.ethervpn.cipher.modern / .legacy). */
    static final List<String> MODERN = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final List<String> LEGACY = List.of("TLS_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA");

    private static SoftEtherImport.Result importReal(ServerConfig into, Map<String, List<String>> plugins) throws Exception {
        return SoftEtherImport.apply(into, SoftEtherConfigText.parse(SoftEtherConfigTextTest.realConfig()), plugins, false);
    }

    private static Map<String, List<String>> plugins() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("modern", MODERN);
        m.put("legacy", LEGACY);
        return m;
    }

    @Test
    void hubsUsersCascadesListenersBridgesAndCipherOfARealConfig() throws Exception {
        ServerConfig before = ServerConfig.defaults().withHub(HubConfig.create("mine"));
        SoftEtherImport.Result r = importReal(before, plugins());
        ServerConfig c = r.config();
        String report = String.join("\n", r.report());

        assertEquals(List.of("DEFAULT", "mine", "IMPORTED", "OTHER"), c.hubs().stream().map(HubConfig::name).toList(),
                "DEFAULT replaced in place, the others added, ours kept:\n" + report);
        HubConfig hub = c.hub("imported").orElseThrow();
        assertTrue(hub.online());
        assertEquals(50, hub.maxSessions());
        assertFalse(c.hub("OTHER").orElseThrow().online());

        UserConfig alice = hub.user("alice").orElseThrow();
        assertEquals(UserAuthType.PASSWORD, alice.auth());
        assertArrayEquals(PasswordHash.hashedPassword("alice", "Al1ce-pw!"), alice.passwordHash(),
                "SoftEther's AuthPassword is our hash: the same password logs in");
        assertEquals("Alice Example", alice.realName());
        assertEquals("imported from SoftEther", alice.note());
        assertEquals(Instant.parse("2026-12-03T16:04:41.927Z"), alice.created(), "SoftEther's -9 h epoch undone");
        assertNull(alice.lastLogin());
        assertArrayEquals(PasswordHash.hashedPassword("Bob", "b0b pass$word"), hub.user("bob").orElseThrow().passwordHash());
        assertEquals(UserAuthType.ANONYMOUS, hub.user("guest").orElseThrow().auth());
        for (String closed : List.of("carol", "dave")) {
            UserConfig u = hub.user(closed).orElseThrow();
            assertFalse(u.enabled(), closed + " is imported disabled");
            assertFalse(u.hasPassword(), closed + " is imported without a password");
        }
        assertTrue(report.contains("user carol (hub IMPORTED): imported DISABLED (cannot log in; vpn:userenable opens it):"
                + " RADIUS authentication (AuthType 4) is not supported by EtherVPN"), report);
        assertTrue(report.contains("user dave (hub IMPORTED): imported DISABLED (cannot log in; vpn:userenable opens it):"
                + " Windows NT domain authentication (AuthType 5)"), report);
        assertTrue(report.contains("user carol (hub IMPORTED): not carried over: its RADIUS authentication (AuthType 4)"),
                report);
        assertTrue(hub.user("alice").orElseThrow().enabled());
        assertTrue(report.contains("hub IMPORTED: added, online, at most 50 sessions, 4 password user(s), 1 anonymous"
                + " user(s) (2 of them disabled), 1 cascade(s)"), report);
        assertTrue(report.contains("hub DEFAULT: replaces the existing hub, online, no session limit"), report);

        CascadeConfig link = hub.cascade("tohq").orElseThrow();
        assertEquals(new CascadeConfig("tohq", "hq.example.net", 443, "HQ", "branch1",
                PasswordHash.hashedPassword("branch1", "casc pw"), true), link);

        assertEquals(List.of(443, 992, 1194, 5555, 8443), c.listeners().stream().map(ListenerConfig::port).toList());
        assertTrue(c.listener(992).orElseThrow().enabled(), "an existing listener is kept as it is");
        assertEquals(List.of(new ListenerConfig(8443, true)), r.listeners());
        assertTrue(report.contains("listener 992: already configured here, kept as it is"), report);

        assertEquals(List.of(new BridgeConfig("IMPORTED", "eth9", false)), c.bridges());
        assertEquals(new CipherConfig("modern", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")), c.cipher());
        assertTrue(report.contains("cipher: ECDHE-RSA-AES256-GCM-SHA384 -> plugin modern"), report);

        // what we save can be read back
        assertEquals(c, ConfigJson.read(ConfigJson.write(c)));
    }

    @Test
    void intoAnEmptyServerAllListenersComeWithTheirState() throws Exception {
        ServerConfig empty = ServerConfig.defaults().withListeners(List.of()).withHubs(List.of());
        ServerConfig c = importReal(empty, plugins()).config();
        assertEquals(List.of(new ListenerConfig(443, true), new ListenerConfig(992, false), new ListenerConfig(5555, true),
                new ListenerConfig(8443, true)), c.listeners());
    }

    @Test
    void aCipherNoPluginOffersKeepsOursAndSaysSo() throws Exception {
        SoftEtherImport.Result r = importReal(ServerConfig.defaults(), Map.of("legacy", LEGACY));
        assertEquals(CipherConfig.defaults(), r.config().cipher());
        assertNull(r.cipher());
        assertTrue(r.report().contains("cipher: ECDHE-RSA-AES256-GCM-SHA384 skipped: no installed cipher plugin offers it;"
                + " kept plugin modern with its default suites"), String.join("\n", r.report()));
        assertEquals(new CipherConfig("legacy", List.of("TLS_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA")),
                SoftEtherCiphers.choose("aes128-sha", plugins()).orElseThrow(), "upper-cased like SoftEther; a plugin"
                        + " that offers it");
        assertTrue(SoftEtherCiphers.choose("RC4-MD5", plugins()).isEmpty());
    }

    @Test
    void unusableEntriesAreSkippedWithTheirReason() throws Exception {
        String text = """
                declare root
                {
                	declare ListenerList
                	{
                		declare Listener0
                		{
                			uint Port 0
                		}
                	}
                	declare LocalBridgeList
                	{
                		declare LocalBridge0
                		{
                			string DeviceName this-name-is-far-too-long
                			string HubName H
                			bool TapMode true
                		}
                	}
                	declare VirtualHUB
                	{
                		declare bad$20name
                		{
                		}
                		declare H
                		{
                			declare CascadeList
                			{
                				declare Cascade0
                				{
                					bool Online true
                					declare ClientAuth
                					{
                						uint AuthType 2
                						string PlainPassword secret
                						string Username u
                					}
                					declare ClientOption
                					{
                						string AccountName plain
                						string Hostname 10.0.0.1
                						string HubName R
                						uint Port 5555
                					}
                				}
                				declare Cascade1
                				{
                					bool Online true
                					declare ClientAuth
                					{
                						uint AuthType 1
                						string Username u
                					}
                					declare ClientOption
                					{
                						string AccountName nopw
                						string Hostname 10.0.0.1
                						string HubName R
                						uint Port 5555
                					}
                				}
                			}
                			declare SecurityAccountDatabase
                			{
                				declare UserList
                				{
                					declare cert
                					{
                						uint AuthType 2
                					}
                					declare nohash
                					{
                						uint AuthType 1
                					}
                				}
                			}
                		}
                	}
                }
                """;
        SoftEtherImport.Result r = SoftEtherImport.apply(ServerConfig.defaults(), SoftEtherConfigText.parse(text), plugins(),
                false);
        String report = String.join("\n", r.report());
        assertTrue(report.contains("listener Listener0: skipped: port 0 is not within 1..65535"), report);
        assertTrue(report.contains("local bridge of hub H to TAP device this-name-is-far-too-long: skipped: device name"),
                report);
        assertTrue(report.contains("hub bad name: skipped: hub name \"bad name\" may only contain"), report);
        assertTrue(report.contains("user cert (hub H): imported DISABLED (cannot log in; vpn:userenable opens it): client"
                + " certificate authentication (AuthType 2)"), report);
        assertTrue(report.contains("user nohash (hub H): has no valid password hash (AuthPassword); imported without a"
                + " password"), report);
        assertTrue(report.contains("cascade nopw (hub H): has no valid password; imported offline"), report);
        assertTrue(report.contains("cipher: SoftEther's default; kept plugin modern"), report);
        HubConfig h = r.config().hub("H").orElseThrow();
        assertArrayEquals(PasswordHash.hashedPassword("u", "secret"), h.cascade("plain").orElseThrow().passwordHash(),
                "a plain cascade password is kept as its hash only");
        assertFalse(h.cascade("nopw").orElseThrow().online());
        assertFalse(h.user("nohash").orElseThrow().hasPassword());
        assertEquals(List.of(), r.config().bridges());
        assertEquals(ServerConfig.defaults().listeners(), r.config().listeners());
    }

    @Test
    void aVpnBridgeImportsOnlyItsHubBridge() throws Exception {
        SoftEtherImport.Result r = SoftEtherImport.apply(ServerConfig.bridgeDefaults(),
                SoftEtherConfigText.parse(SoftEtherConfigTextTest.realConfig()), plugins(), true);
        assertEquals(List.of("BRIDGE"), r.config().hubs().stream().map(HubConfig::name).toList());
        assertTrue(r.report().contains("hub IMPORTED: skipped: a VPN Bridge has only hub BRIDGE"), r.report().toString());
        assertTrue(r.report().contains("no hub imported"));
    }
}

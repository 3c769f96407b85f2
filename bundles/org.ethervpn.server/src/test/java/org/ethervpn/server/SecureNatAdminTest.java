package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.SessionKind;
import org.ethervpn.server.config.SecureNatRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SecureNAT on the server side: settings saved per hub (SoftEther's defaults, a MAC of each hub's
 * own), refused when invalid, and a hub port that runs exactly while SecureNAT is on, the hub online
 * and a plugin installed: frames reach the plugin on its executor and its answers reach the
 * session; new options restart it; the hub going offline or away, the plugin going, the server
 * stopping close it; options the plugin refuses are not kept.
 */
class SecureNatAdminTest {
    static {
        LeakWatch.install();
    }

    @TempDir
    Path dir;

    @Test
    void eachHubHasSoftEthersDefaultsAndAMacOfItsOwnKeptAcrossRestarts() throws Exception {
        SecureNatOptions def;
        SecureNatOptions b;
        try (TestServer s = new TestServer(dir)) {
            s.admin.hubCreate("B");
            def = s.admin.secureNatOptionGet("DEFAULT");
            b = s.admin.secureNatOptionGet("b");
            assertTrue(def.mac().startsWith("5E-") && b.mac().startsWith("5E-"), def.mac() + " " + b.mac());
            assertNotEquals(def.mac(), b.mac());
            SecureNatOptions expected = SecureNatOptions.defaults(b.mac()).withPushRoutes(true, "");
            assertEquals(expected, b);
            assertFalse(s.admin.hubGet("B").secureNat());
            s.admin.secureNatSetEnabled("B", true);
            s.admin.secureNatOptionSet("B", b.withHost(b.mac(), "10.9.0.1", "255.255.0.0")
                    .withDhcp(true, "10.9.1.1", "10.9.1.50", "255.255.0.0", 600, "10.9.0.1", "10.9.0.1", "0.0.0.0",
                            "example.org", false, "192.0.2.0/24/10.9.0.1 198.51.100.0/255.255.255.0/10.9.0.254"));
            assertTrue(Files.readString(s.configFile).contains("\"secureNat\""));
        }
        try (TestServer s = new TestServer(dir)) {
            assertEquals(def, s.admin.secureNatOptionGet("DEFAULT"), "the MAC chosen once is kept");
            SecureNatOptions o = s.admin.secureNatOptionGet("B");
            assertTrue(s.admin.hubGet("B").secureNat());
            assertEquals(b.mac(), o.mac());
            assertEquals("10.9.0.1", o.ip());
            assertEquals("example.org", o.dhcpDomainName());
            assertEquals("192.0.2.0/255.255.255.0/10.9.0.1, 198.51.100.0/255.255.255.0/10.9.0.254", o.dhcpPushRoutes(),
                    "routes in SoftEther's normal form");
            // SoftEther's Set with ApplyDhcpPushRoutes false keeps the stored routes
            s.admin.secureNatOptionSet("B", o.withPushRoutes(false, "").withNat(true, 1400, 3600, 90, true));
            assertEquals(o.dhcpPushRoutes(), s.admin.secureNatOptionGet("B").dhcpPushRoutes());
            assertEquals(1400, s.admin.secureNatOptionGet("B").mtu());
        }
    }

    @Test
    void invalidSettingsAreRefusedNamingTheFieldAndNothingIsSaved() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            SecureNatOptions o = s.admin.secureNatOptionGet("DEFAULT");
            byte[] before = Files.readAllBytes(s.configFile);
            String[][] cases = {{"Mtu", "mtu"}, {"NatTcpTimeout", "tcp"}, {"Ip", "network"}, {"Mask", "mask"},
                {"MacAddress", "mac"}, {"MacAddress", "group"}, {"DhcpLeaseIPStart", "order"}, {"DhcpPushRoutes", "routes"},
                {"DhcpDomainName", "domain"}, {"DhcpExpireTimeSpan", "expire"}};
            for (String[] c : cases) {
                SecureNatOptions bad = switch (c[1]) {
                    case "mtu" -> o.withNat(true, 61, 1800, 60, true);
                    case "tcp" -> o.withNat(true, 1500, 59, 60, true);
                    case "network" -> o.withHost(o.mac(), "192.168.30.0", "255.255.255.0");
                    case "mask" -> o.withHost(o.mac(), "192.168.30.1", "255.0.255.0");
                    case "mac" -> o.withHost("5E-12-34", o.ip(), o.mask());
                    case "group" -> o.withHost("01-00-5E-00-00-01", o.ip(), o.mask());
                    case "order" -> o.withDhcp(true, "192.168.30.200", "192.168.30.10", "255.255.255.0", 7200,
                            o.dhcpGateway(), o.dhcpDns(), o.dhcpDns2(), "", true, "");
                    case "routes" -> o.withPushRoutes(true, "10.0.0.0/8");
                    case "domain" -> o.withDhcp(true, o.dhcpLeaseStart(), o.dhcpLeaseEnd(), o.dhcpSubnetMask(), 7200,
                            o.dhcpGateway(), o.dhcpDns(), o.dhcpDns2(), "two words", true, "");
                    default -> o.withDhcp(true, o.dhcpLeaseStart(), o.dhcpLeaseEnd(), o.dhcpSubnetMask(), 0,
                            o.dhcpGateway(), o.dhcpDns(), o.dhcpDns2(), "", true, "");
                };
                AdminException e = assertThrows(AdminException.class, () -> s.admin.secureNatOptionSet("DEFAULT", bad),
                        c[1]);
                assertEquals(AdminError.INVALID_PARAMETER, e.error());
                assertTrue(e.getMessage().contains(c[0]), c[0] + ": " + e.getMessage());
            }
            assertEquals(AdminError.HUB_NOT_FOUND,
                    assertThrows(AdminException.class, () -> s.admin.secureNatSetEnabled("NOPE", true)).error());
            assertArrayEquals(before, Files.readAllBytes(s.configFile), "nothing was saved");
            assertEquals(o, s.admin.secureNatOptionGet("DEFAULT"));
        }
    }

    @Test
    void onWithoutAPluginSaysWhyItDoesNotRun() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            assertEquals(SecureNatSlot.OFF, s.admin.secureNatStatus("DEFAULT").state());
            s.admin.secureNatSetEnabled("DEFAULT", true);
            s.admin.secureNatSetEnabled("DEFAULT", true); // again: no error, as SoftEther
            SecureNatStatus st = s.admin.secureNatStatus("DEFAULT");
            assertFalse(st.running());
            assertEquals(SecureNatSlot.NO_PLUGIN, st.state());
            assertTrue(s.admin.hubGet("DEFAULT").secureNat());
            assertTrue(s.admin.natList("DEFAULT").isEmpty() && s.admin.dhcpList("DEFAULT").isEmpty());
        }
    }

    @Test
    void framesReachThePluginOnItsExecutorAndItsAnswersReachTheSession() throws Exception {
        EchoSecureNat plugin = new EchoSecureNat();
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            s.admin.secureNatSetEnabled("DEFAULT", true);
            s.secureNatPlugin(plugin);
            eventually(() -> s.admin.secureNatStatus("DEFAULT").running(), "SecureNAT runs");
            byte[] snatMac = SecureNatRules.parseMac(s.admin.secureNatOptionGet("DEFAULT").mac());
            try (TestPeer alice = TestPeer.session(s.port, "DEFAULT", "alice", "alicepass", l -> { })) {
                for (int i = 0; i < 3; i++) {
                    int tag = 1000 + i;
                    byte[] frame = alice.frameTo(snatMac, tag);
                    alice.sendFrames(frame);
                    byte[] back = alice.readTagged(tag, 3000);
                    assertTrue(back != null, "the virtual host's answer " + i + " arrived");
                    assertArrayEquals(alice.mac, Arrays.copyOfRange(back, 0, 6));
                    assertArrayEquals(snatMac, Arrays.copyOfRange(back, 6, 12));
                }
                EchoSecureNat.Instance nat = plugin.started.get(0);
                assertTrue(nat.receivedOn.getName().startsWith("echo-securenat-DEFAULT"), nat.receivedOn.getName());
                assertTrue(s.admin.macTableList("DEFAULT").stream().anyMatch(m -> m.session().startsWith("SID-SECURENAT-")),
                        "the virtual host's MAC is learned on its port");
            }
        }
    }

    @Test
    void itsSessionIsListedAsSoftEthersAndCannotBeDisconnected() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.secureNatPlugin(new EchoSecureNat());
            assertTrue(s.admin.sessionList("DEFAULT").isEmpty());
            s.admin.secureNatSetEnabled("DEFAULT", true);
            List<SessionInfo> list = s.admin.sessionList("DEFAULT");
            assertEquals(1, list.size());
            SessionInfo nat = list.get(0);
            assertEquals("SID-SECURENAT-1", nat.name(), "the hub's session counter names it, as SoftEther's");
            assertEquals("SecureNAT", nat.user());
            assertEquals(SessionKind.SECURE_NAT, nat.kind());
            assertTrue(nat.connections().isEmpty());
            assertEquals(nat.name(), s.admin.sessionGet("DEFAULT", "sid-securenat-1").name(), "names match as SoftEther's, in any case");
            assertEquals(1, s.admin.hubGet("DEFAULT").sessions(), "the hub counts it, as SoftEther's HubList does");

            AdminException e = assertThrows(AdminException.class, () -> s.admin.sessionDisconnect("DEFAULT", "SID-SECURENAT-1"));
            assertEquals(AdminError.SNAT_CANT_DISCONNECT, e.error());
            assertTrue(s.admin.secureNatStatus("DEFAULT").running(), "refused: it still runs");

            s.admin.secureNatSetEnabled("DEFAULT", false);
            assertTrue(s.admin.sessionList("DEFAULT").isEmpty(), "stopped: gone from the list");
            assertEquals(0, s.admin.hubGet("DEFAULT").sessions(), "and from the count");
            assertEquals(AdminError.OBJECT_NOT_FOUND,
                    assertThrows(AdminException.class, () -> s.admin.sessionGet("DEFAULT", "SID-SECURENAT-1")).error());
            s.admin.secureNatSetEnabled("DEFAULT", true);
            assertEquals("SID-SECURENAT-2", s.admin.sessionList("DEFAULT").get(0).name(), "a new start, a new number");
        }
    }

    @Test
    void itRunsExactlyWhileOnOnlineAndPluggedIn() throws Exception {
        EchoSecureNat plugin = new EchoSecureNat();
        EchoSecureNat.Instance last;
        try (TestServer s = new TestServer(dir)) {
            s.admin.hubCreate("B");
            s.secureNatPlugin(plugin);
            assertTrue(plugin.started.isEmpty(), "off: not started");
            s.admin.secureNatSetEnabled("B", true);
            assertEquals(1, plugin.started.size());
            assertEquals("running", s.admin.secureNatStatus("B").state());

            SecureNatOptions o = s.admin.secureNatOptionGet("B");
            s.admin.secureNatOptionSet("B", o.withNat(true, 1400, 1800, 60, true));
            assertEquals(2, plugin.started.size(), "new options: restarted");
            assertTrue(plugin.started.get(0).closed);
            assertEquals(1400, plugin.started.get(1).options().mtu());

            AdminException refused = assertThrows(AdminException.class,
                    () -> s.admin.secureNatOptionSet("B", o.withNat(true, EchoSecureNat.REFUSED_MTU, 1800, 60, true)));
            assertEquals(AdminError.INVALID_PARAMETER, refused.error());
            assertTrue(refused.getMessage().contains("not supported by this plugin"), refused.getMessage());
            assertEquals(1400, s.admin.secureNatOptionGet("B").mtu(), "the refused options were not kept");
            assertTrue(s.admin.secureNatStatus("B").running(), "and it runs again with the old ones");

            s.admin.hubSetOnline("B", false);
            assertEquals(SecureNatSlot.OFFLINE, s.admin.secureNatStatus("B").state());
            assertTrue(plugin.started.stream().allMatch(i -> i.closed));
            s.admin.hubSetOnline("B", true);
            assertTrue(s.admin.secureNatStatus("B").running());

            s.secureNatPlugin(null);
            assertEquals(SecureNatSlot.NO_PLUGIN, s.admin.secureNatStatus("B").state());
            assertTrue(plugin.started.stream().allMatch(i -> i.closed), "the plugin's SecureNATs end with it");
            s.secureNatPlugin(plugin);
            assertTrue(s.admin.secureNatStatus("B").running(), "a plugin installed later is picked up");

            s.admin.hubDelete("B");
            assertTrue(plugin.started.stream().allMatch(i -> i.closed), "deleting the hub stops it");

            s.admin.secureNatSetEnabled("DEFAULT", false);
            SecureNatOptions d = s.admin.secureNatOptionGet("DEFAULT");
            s.admin.secureNatOptionSet("DEFAULT", d.withNat(true, EchoSecureNat.REFUSED_MTU, 1800, 60, true));
            AdminException e = assertThrows(AdminException.class, () -> s.admin.secureNatSetEnabled("DEFAULT", true));
            assertEquals(AdminError.INVALID_PARAMETER, e.error());
            assertFalse(s.admin.hubGet("DEFAULT").secureNat(), "SecureNAT the plugin cannot run stays off");
            s.admin.secureNatOptionSet("DEFAULT", d);
            s.admin.secureNatSetEnabled("DEFAULT", true);
            last = plugin.started.get(plugin.started.size() - 1);
            assertFalse(last.closed);
        }
        assertTrue(last.closed, "the server stopping stops it");
        LeakWatch.assertNoLeaks();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }
}

package org.ethervpn.server.softether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.SecureNatConfig;
import org.ethervpn.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * The SecureNAT folders of real vpnserver 5.01 configurations: {@code vpn_server_securenat.config} was
 * made by releng/interop/softether-config-securenat.sh (SecureNatEnable, SecureNatHostSet, NatSet,
 * DhcpSet with a pushed route on hub NAT; DhcpSet only on hub PLAIN), {@code vpn_server.config} has
 * every hub's SecureNAT off with SoftEther's defaults.
 */
class SoftEtherSecureNatImportTest {
    static String config(String name) throws IOException {
        try (InputStream in = SoftEtherSecureNatImportTest.class.getResourceAsStream("/softether/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static SoftEtherImport.Result importing(String name) throws Exception {
        return SoftEtherImport.apply(ServerConfig.defaults(), SoftEtherConfigText.parse(config(name)),
                Map.of("modern", SoftEtherImportTest.MODERN), false);
    }

    @Test
    void secureNatOnWithEverySettingOfARealConfig() throws Exception {
        SoftEtherImport.Result r = importing("vpn_server_securenat.config");
        ServerConfig c = r.config();
        SecureNatConfig nat = c.hub("NAT").orElseThrow().secureNat();
        assertTrue(nat.enabled());
        assertEquals(new SecureNatOptions("5E-AA-BB-CC-DD-01", "10.77.0.1", "255.255.0.0", true, 1400, 3600, 90, true,
                "10.77.1.10", "10.77.1.99", "255.255.0.0", 3600, "10.77.0.1", "10.77.0.1", "192.0.2.53", "vpn.example.org",
                false, true, "192.0.2.0/255.255.255.0/10.77.0.1"), nat.options());
        SecureNatConfig plain = c.hub("PLAIN").orElseThrow().secureNat();
        assertFalse(plain.enabled());
        assertEquals("192.168.30.50", plain.options().dhcpLeaseStart());
        assertEquals(600, plain.options().dhcpExpireSeconds());
        assertTrue(plain.options().saveLog());
        assertEquals("5E-9F-48-99-3C-21", plain.options().mac(), "the MAC SoftEther chose is kept");
        String report = String.join("\n", r.report());
        assertTrue(report.contains("  SecureNAT (hub NAT): on (5E-AA-BB-CC-DD-01, 10.77.0.1/255.255.0.0, NAT, DHCP"
                + " 10.77.1.10-10.77.1.99)"), report);
        assertTrue(report.contains("  SecureNAT (hub PLAIN): off ("), report);
        assertFalse(report.contains("access lists, SecureNAT,"), "SecureNAT is no longer listed as never imported");
    }

    @Test
    void secureNatOffWithDefaultsInTheOtherRealConfig() throws Exception {
        ServerConfig c = importing("vpn_server.config").config();
        for (HubConfig h : c.hubs()) {
            SecureNatConfig s = h.secureNat();
            assertFalse(s.enabled(), h.name());
            assertEquals(SecureNatOptions.defaults(s.options().mac()).withPushRoutes(true, ""), s.options(), h.name());
            assertTrue(s.options().mac().startsWith("5E-"), s.options().mac());
        }
    }

    @Test
    void aHubWithoutTheFolderOrWithBadSettings() throws Exception {
        String text = """
                declare root
                {
                	declare VirtualHUB
                	{
                		declare NOFOLDER
                		{
                			bool Online true
                		}
                		declare BAD
                		{
                			bool Online true
                			declare SecureNAT
                			{
                				bool Disabled false
                				declare VirtualHost
                				{
                					string VirtualHostIp 10.0.0.0
                					string VirtualHostIpSubnetMask 255.255.255.0
                					string VirtualHostMacAddress 5E-01-02-03-04-05
                				}
                				declare VirtualRouter
                				{
                					uint NatMtu 9000
                				}
                			}
                		}
                	}
                }
                """;
        SoftEtherImport.Result r = SoftEtherImport.apply(ServerConfig.defaults(), SoftEtherConfigText.parse(text), Map.of(),
                false);
        assertNull(r.config().hub("NOFOLDER").orElseThrow().secureNat(), "chosen by the server as it saves");
        SecureNatConfig bad = r.config().hub("BAD").orElseThrow().secureNat();
        assertTrue(bad.enabled());
        assertEquals(SecureNatOptions.defaults("5E-01-02-03-04-05").withPushRoutes(true, ""), bad.options(),
                "SoftEther's defaults, the valid MAC kept");
        List<String> report = r.report();
        assertTrue(report.stream().anyMatch(l -> l.startsWith("  SecureNAT (hub BAD): its settings are not valid (Ip 10.0.0.0"
                + " is the network address")), String.join("\n", report));
    }
}

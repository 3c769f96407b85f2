package org.ethervpn.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Random;

import org.ethervpn.api.admin.SecureNatOptions;
import org.junit.jupiter.api.Test;

/** SoftEther's checks and spellings of SecureNAT settings, without a server. */
class SecureNatRulesTest {
    @Test
    void aNewMacIsLocallyAdministeredWithSoftEthersPrefix() {
        SecureNatOptions a = SecureNatRules.defaults(new Random(1));
        SecureNatOptions b = SecureNatRules.defaults(new Random(2));
        assertTrue(a.mac().matches("5E(-[0-9A-F]{2}){5}"), a.mac());
        assertTrue(!a.mac().equals(b.mac()));
        assertEquals(SecureNatOptions.defaults(a.mac()).withPushRoutes(true, ""), SecureNatRules.check(a));
    }

    @Test
    void spellingsAreNormalised() {
        SecureNatOptions o = SecureNatOptions.defaults("5e:aa:bb:cc:dd:ee").withPushRoutes(true,
                " 10.1.2.3/8/192.168.30.1,192.0.2.0/255.255.255.0/192.168.30.2  0.0.0.0/0/192.168.30.3 ");
        SecureNatOptions c = SecureNatRules.check(o);
        assertEquals("5E-AA-BB-CC-DD-EE", c.mac());
        assertEquals("10.0.0.0/255.0.0.0/192.168.30.1, 192.0.2.0/255.255.255.0/192.168.30.2, 0.0.0.0/0.0.0.0/192.168.30.3",
                c.dhcpPushRoutes(), "networks masked, masks dotted, SoftEther's separator");
        assertEquals(c, SecureNatRules.check(c), "checking twice changes nothing");
    }

    @Test
    void routesAreBounded() {
        String routes = String.join(" ", Collections.nCopies(65, "192.0.2.0/24/192.168.30.1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecureNatRules.routes(routes));
        assertTrue(e.getMessage().contains("at most 64"), e.getMessage());
        for (String bad : new String[] {"192.0.2.0/33/1.2.3.4", "192.0.2.0/255.0.255.0/1.2.3.4", "a/24/1.2.3.4",
            "192.0.2.0/24/host.example"}) {
            assertThrows(IllegalArgumentException.class, () -> SecureNatRules.routes(bad), bad);
        }
    }

    @Test
    void addressesAreDottedIpv4Only() {
        for (String bad : new String[] {"", "1.2.3", "1.2.3.256", "::1", "localhost", "1.2.3.4.5", "01.2.3.4x"}) {
            assertThrows(IllegalArgumentException.class, () -> SecureNatRules.ipv4("Ip", bad), bad);
        }
        assertEquals(0xC0A81E01, SecureNatRules.ipv4("Ip", "192.168.30.1"));
    }
}

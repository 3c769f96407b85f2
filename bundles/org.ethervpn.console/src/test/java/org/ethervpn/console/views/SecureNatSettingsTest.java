package org.ethervpn.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which form field a server's refusal is about (the server starts error 38 with the VH_OPTION name). */
class SecureNatSettingsTest {
    @Test
    void theFieldTheServerNames() {
        assertEquals("Mtu", SecureNatSettings.fieldOf("Mtu must be 62..1500, is 9", "DEFAULT"));
        assertEquals("Ip", SecureNatSettings.fieldOf("Ip 192.168.30.0 is the network address of its subnet 255.255.255.0", null));
        assertEquals("DhcpLeaseIPStart", SecureNatSettings.fieldOf("cannot set the SecureNAT settings of hub DEFAULT: "
                + "DhcpLeaseIPStart 10.0.0.9 comes after DhcpLeaseIPEnd 10.0.0.2", "DEFAULT"));
        assertEquals("DhcpSubnetMask", SecureNatSettings.fieldOf("DhcpSubnetMask 255.0.255.0 is not a subnet mask", "H"));
        assertEquals("DhcpDnsServerAddress2", SecureNatSettings.fieldOf("DhcpDnsServerAddress2 \"x\" is not an IPv4 address", "H"));
        assertEquals("DhcpDnsServerAddress", SecureNatSettings.fieldOf("DhcpDnsServerAddress \"x\" is not an IPv4 address", "H"));
        assertEquals("DhcpPushRoutes", SecureNatSettings.fieldOf("DhcpPushRoutes entry \"1/2\" is not network/mask/gateway", "H"));
        assertEquals("MacAddress", SecureNatSettings.fieldOf("MacAddress \"zz\" is not a MAC address (six bytes, e.g. 5E-12-34-56-78-9A)", "H"));
    }

    @Test
    void aHubNamedLikeAFieldIsNotTheField() {
        assertEquals("NatUdpTimeout", SecureNatSettings.fieldOf("cannot set the SecureNAT settings of hub Mtu: NatUdpTimeout "
                + "must be 10..2000000, is 1", "Mtu"));
    }

    @Test
    void theMessageFromTheFieldOn() {
        assertEquals("Mtu must be 62..1500, is 9", SecureNatSettings.fromField(
                "cannot set the SecureNAT settings of hub Mtu: Mtu must be 62..1500, is 9", "Mtu"));
        assertEquals("Mtu must be 62..1500, is 9", SecureNatSettings.fromField("Mtu must be 62..1500, is 9", "Mtu"));
        assertEquals("the plugin says Mtu is odd", SecureNatSettings.fromField("the plugin says Mtu is odd", "Mtu"));
    }

    @Test
    void aSoftEtherServerNamesNoField() {
        assertNull(SecureNatSettings.fieldOf("cannot set the SecureNAT settings of hub DEFAULT: invalid parameter", "DEFAULT"));
        assertNull(SecureNatSettings.fieldOf(null, "DEFAULT"));
    }
}

package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.ethervpn.api.admin.ClientNode;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the login PACK (spec §3.4) and the granted connection count (§3.6). */
class LoginRequestTest {

    private static Pack login() {
        return new Pack().addStr("method", "login").addStr("hubname", "DEFAULT").addStr("username", "alice")
                .addInt("authtype", 1).addData("secure_password", new byte[20]);
    }

    @Test
    void readsTheFieldsTheServerActsOn() {
        LoginRequest r = LoginRequest.of(login().addInt("max_connection", 8).addInt("use_encrypt", 0)
                .addInt("use_compress", 1).addInt("half_connection", 1).addInt("qos", 1)
                .addInt("require_monitor_mode", 1).addStr("client_str", "SoftEther VPN Client"));
        assertEquals("DEFAULT", r.hub());
        assertEquals("alice", r.user());
        assertEquals(1, r.authType());
        assertArrayEquals(new byte[20], r.securePassword());
        assertNull(r.plainPassword());
        assertEquals(8, r.maxConnection());
        assertFalse(r.encrypt());
        assertTrue(r.compress() && r.halfConnection() && r.qos() && r.monitorMode());
        assertFalse(r.bridgeMode());
    }

    @Test
    void nodeInformationWithItsByteSwappedIntegers() {
        // as the real vpnclient 5.01 sends it (spec §3.4): 501 as 0xF5010000, port 5555 as 0xB3150000
        LoginRequest r = LoginRequest.of(login().addInt("ClientProductVer", 0xF5010000).addInt("ClientProductBuild",
                Integer.reverseBytes(9674)).addStr("ClientOsName", "Debian GNU/Linux").addStr("ClientOsVer", "12 (bookworm)")
                .addStr("ClientOsProductId", "--").addStr("ClientHostname", "vm").addStr("ServerHostname", "10.211.0.1")
                .addIp("ServerIpAddress", InetAddress.ofLiteral("10.211.0.1")).addInt("ServerPort2", 0xB3150000));
        assertEquals(new ClientNode(501, 9674, "Debian GNU/Linux", "12 (bookworm)", "--", "vm",
                "10.211.0.1", "10.211.0.1", 5555), r.node());
        assertEquals(ClientNode.NONE, LoginRequest.of(login()).node());
    }

    @Test
    void absentOptionsMeanOneConnectionWithTlsAndNothingElse() {
        LoginRequest r = LoginRequest.of(login());
        assertEquals(0, r.maxConnection());
        assertEquals(1, r.grantedConnections(false));
        assertTrue(r.encrypt(), "use_encrypt absent keeps TLS");
        assertFalse(r.compress() || r.halfConnection() || r.qos() || r.bridgeMode() || r.monitorMode());
        assertEquals("", r.client());
    }

    @Test
    void wronglyTypedElementsReadAsAbsent() {
        LoginRequest r = LoginRequest.of(new Pack().addStr("method", "login").addInt("hubname", 5)
                .addData("username", new byte[] {'a'}).addStr("authtype", "1").addStr("max_connection", "4"));
        assertEquals("", r.hub());
        assertEquals("", r.user());
        assertEquals(0, r.authType());
        assertEquals(0, r.maxConnection());
    }

    @Test
    void bridgeModeIsAskedForOrImpliedByServerAndBridgeProducts() {
        assertTrue(LoginRequest.of(login().addInt("require_bridge_routing_mode", 1)).bridgeMode());
        assertTrue(LoginRequest.of(login().addStr("client_str", "SoftEther VPN Server")).bridgeMode());
        assertTrue(LoginRequest.of(login().addStr("client_str", "SoftEther VPN Bridge")).bridgeMode());
        assertFalse(LoginRequest.of(login().addStr("client_str", "SoftEther VPN Client")).bridgeMode());
    }

    @Test
    void toStringKeepsSecretsOut() {
        LoginRequest r = LoginRequest.of(new Pack().addStr("hubname", "H").addStr("username", "u").addInt("authtype", 2)
                .addStr("plain_password", "s3cr3t-pw"));
        assertEquals("s3cr3t-pw", r.plainPassword());
        assertFalse(r.toString().contains("s3cr3t-pw"), r.toString());
    }

    @ParameterizedTest(name = "max_connection={0} half={1} qos={2} -> {3}")
    @CsvSource({
        "0, 0, 0, 1",
        "-5, 0, 0, 1",
        "1, 0, 0, 1",
        "8, 0, 0, 8",
        "32, 0, 0, 32",
        "40, 0, 0, 32",
        "2147483647, 0, 0, 32",
        "1, 1, 0, 2",
        "3, 1, 0, 3",
        "1, 0, 1, 2",
        "3, 0, 1, 3",
        "1, 1, 1, 4",
        "2, 1, 1, 4",
        "6, 1, 1, 6",
        "40, 1, 1, 32"})
    void grantedConnectionsAreClampedLikeSoftEther(int requested, int half, int qos, int granted) {
        LoginRequest r = LoginRequest.of(login().addInt("max_connection", requested).addInt("half_connection", half));
        assertEquals(granted, r.grantedConnections(qos == 1));
    }

    @Test
    void qosRequestedButNotGrantedDoesNotRaiseTheCount() {
        LoginRequest r = LoginRequest.of(login().addInt("max_connection", 1).addInt("qos", 1));
        assertEquals(1, r.grantedConnections(false));
        assertEquals(2, r.grantedConnections(true));
    }
}

package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackElement;
import org.ethervpn.pack.ValueType;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.session.SessionParameters;
import org.junit.jupiter.api.Test;

/** The handshake PACKs the server sends (spec §1.4, §3.5, §3.7, §4.1, §2.2) and the policy in the welcome. */
class MessagesTest {
    /** The 38 policy values of SoftEther's PackAddPolicy, in its order (spec §3.5). */
    static final List<String> POLICY_VALUES = List.of("Access", "DHCPFilter", "DHCPNoServer", "DHCPForce", "NoBridge",
            "NoRouting", "PrivacyFilter", "NoServer", "CheckMac", "CheckIP", "ArpDhcpOnly", "MonitorPort",
            "NoBroadcastLimiter", "FixPassword", "NoQoS", "RSandRAFilter", "RAFilter", "DHCPv6Filter",
            "DHCPv6NoServer", "NoRoutingV6", "CheckIPv6", "NoServerV6", "NoSavePassword", "FilterIPv4", "FilterIPv6",
            "FilterNonIP", "NoIPv6DefaultRouterInRA", "NoIPv6DefaultRouterInRAWhenIPv6", "MaxConnection", "TimeOut",
            "MaxMac", "MaxIP", "MaxUpload", "MaxDownload", "MultiLogins", "MaxIPv6", "AutoDisconnect", "VLanId");

    private static final byte[] KEY = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

    private static Pack welcome(SessionParameters p, boolean bridge) {
        return Messages.welcome("SID-ALICE-7", "CID-42", KEY, 1234, p, bridge, new Random(1));
    }

    @Test
    void welcomeHasTheFieldsOfSpec35() {
        Pack w = welcome(new SessionParameters(4, false, true, true, true, 20_000), false);
        assertEquals("SID-ALICE-7", w.getStr("session_name"));
        assertEquals("CID-42", w.getStr("connection_name"));
        assertArrayEquals(KEY, w.getData("session_key"));
        assertEquals(1234, w.getInt("session_key_32"));
        assertEquals(4, w.getInt("max_connection"));
        assertEquals(0, w.getInt("use_encrypt"));
        assertEquals(1, w.getInt("use_compress"));
        assertEquals(1, w.getInt("half_connection"));
        assertEquals(20000, w.getInt("timeout"));
        assertEquals(1, w.getInt("qos"));
        for (String intField : List.of("is_azure_session", "vlan_id", "enable_udp_recovery")) {
            assertEquals(ValueType.INT, w.element(intField).orElseThrow().type(), intField);
            assertEquals(0, w.getInt(intField));
        }
        assertEquals(ValueType.DATA, w.element("Msg").orElseThrow().type());
        assertEquals(ValueType.DATA, w.element("pencore").orElseThrow().type());
        assertFalse(w.contains("error"), "a welcome has no error element");
    }

    @Test
    void welcomeHasAll38PolicyValuesAsIntsPlusVer3() {
        Pack w = welcome(new SessionParameters(1, true, false, false, false, 20_000), false);
        List<PackElement> policy = w.elements().stream().filter(e -> e.name().startsWith("policy:")).toList();
        List<String> expected = new ArrayList<>(POLICY_VALUES.stream().map(n -> "policy:" + n).toList());
        expected.add("policy:Ver3");
        assertEquals(expected.stream().sorted().toList(), policy.stream().map(PackElement::name).sorted().toList());
        assertTrue(policy.stream().allMatch(e -> e.type() == ValueType.INT && e.valueCount() == 1));
        assertEquals(Policy.count(), policy.size());
    }

    @Test
    void defaultPolicyValuesForASessionWithoutBridgeMode() {
        Pack w = welcome(new SessionParameters(1, true, false, false, false, 20_000), false);
        for (String name : POLICY_VALUES) {
            int expected = switch (name) {
                case "Access", "NoBridge", "NoRouting" -> 1;
                case "MaxConnection" -> 32;
                case "TimeOut" -> 20;
                default -> 0;
            };
            assertEquals(expected, w.getInt("policy:" + name), name);
        }
        assertEquals(1, w.getInt("policy:Ver3"));
    }

    @Test
    void bridgeModeLiftsNoBridgeAndNoRouting() {
        Pack w = welcome(new SessionParameters(1, true, false, false, false, 20_000), true);
        assertEquals(0, w.getInt("policy:NoBridge"));
        assertEquals(0, w.getInt("policy:NoRouting"));
        assertEquals(1, w.getInt("policy:Access"));
    }

    @Test
    void welcomeSurvivesTheWireAndFitsAnHttpBody() throws Exception {
        Pack w = welcome(new SessionParameters(32, true, true, false, false, 20_000), false);
        byte[] wire = PackCodec.encode(w);
        assertTrue(wire.length < 65_536);
        assertEquals(w, PackCodec.decode(wire));
    }

    @Test
    void helloCarriesTheRandomVersionAndBuild() {
        byte[] random = new byte[20];
        random[0] = 9;
        Pack h = Messages.hello(random, new Random(2));
        assertArrayEquals(random, h.getData("random"));
        assertEquals(501, h.getInt("version"));
        assertEquals(9674, h.getInt("build"));
        assertEquals(Messages.PRODUCT, h.getStr("hello"));
        assertTrue(h.getData("pencore").length < 1000);
    }

    @Test
    void errorAnswerIsErrorNoSavePasswordAndPadding() {
        Pack e = Messages.error(ProtocolError.AUTH_FAILED, new Random(3));
        assertEquals(9, e.getInt("error"));
        assertTrue(e.contains("no_save_password"));
        assertTrue(e.contains("pencore"));
        assertEquals(3, e.size());
    }

    @Test
    void joinAndNoopAnswers() {
        Pack j = Messages.joined(ConnectionDirection.SERVER_TO_CLIENT, new Random(4));
        assertEquals(0, j.getInt("error"));
        assertEquals(1, j.getInt("direction"));
        Pack n = Messages.noop(new Random(5));
        assertEquals(0, n.getInt("error"));
        assertEquals(1, n.getInt("noop"));
    }

    @Test
    void hubListIsAStrArrayWithItsCount() {
        Pack p = Messages.hubList(List.of("CASC", "DEFAULT", "SPEC"), new Random(6));
        assertEquals(3, p.count("HubName"));
        assertEquals(List.of("CASC", "DEFAULT", "SPEC"), List.of(p.getStr("HubName", 0), p.getStr("HubName", 1),
                p.getStr("HubName", 2)));
        assertEquals(3, p.getInt("NumHub"));
        Pack none = Messages.hubList(List.of(), new Random(7));
        assertEquals(0, none.getInt("NumHub"));
        assertFalse(none.contains("HubName"));
    }

    @Test
    void policyConstants() {
        assertEquals(39, Policy.count(), "38 values and the Ver3 flag");
        assertEquals(32, Policy.MAX_CONNECTION);
        assertEquals(20, Policy.TIMEOUT_SECONDS);
        assertEquals(3, Policy.NON_BRIDGE_MAX_MACS);
    }
}

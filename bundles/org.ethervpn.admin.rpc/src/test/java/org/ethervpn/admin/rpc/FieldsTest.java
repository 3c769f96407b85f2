package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.ethervpn.admin.wire.SessionWire;
import org.ethervpn.admin.wire.HostPort;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackLimits;
import org.junit.jupiter.api.Test;

class FieldsTest {
    @Test
    void nodeInfoIntegersAreByteSwappedAsSoftEtherSendsThem() {
        // the values of the spec's live GetSessionStatus dump (§10.6)
        assertEquals(0xF5010000, SessionWire.nodeInt(501));
        assertEquals(0xB3150000, SessionWire.nodeInt(5555));
        assertEquals(3004497920L, Integer.toUnsignedLong(SessionWire.nodeInt(5555)));
        assertEquals(5555, SessionWire.nodeInt(SessionWire.nodeInt(5555)));
    }

    @Test
    void addressesOfOurRemoteTexts() {
        assertEquals(InetAddress.ofLiteral("10.0.0.7"), HostPort.address("10.0.0.7:40000"));
        assertEquals(40000, HostPort.port("10.0.0.7:40000"));
        assertEquals(InetAddress.ofLiteral("::1"), HostPort.address("[::1]:5555"));
        assertEquals(5555, HostPort.port("[::1]:5555"));
        // never a DNS lookup: a name is "unknown", as SoftEther writes it
        assertEquals(HostPort.NO_ADDRESS, HostPort.address("vpn.example.org:443"));
        assertEquals(HostPort.NO_ADDRESS, HostPort.address(null));
        assertEquals(0, HostPort.port("nonsense"));
    }

    @Test
    void anIpv4FieldIsTheReversedIntAsSoftEtherWritesIt() throws Exception {
        Pack p = new Pack().addIp("Ip", HostPort.address("127.0.0.1:1234"));
        Pack back = PackCodec.decode(java.nio.ByteBuffer.wrap(PackCodec.encode(p)), PackLimits.DEFAULT);
        assertEquals(16777343, back.getInt("Ip")); // the spec's EnumSession dump
        assertEquals(0, back.getInt("Ip@ipv6_bool"));
    }

    @Test
    void policyIsSoftEthersDefaultWithVer3() {
        Pack p = SessionWire.policy(new Pack(), false);
        assertEquals(39, p.size());
        assertTrue(p.getBool("policy:Access") && p.getBool("policy:Ver3") && p.getBool("policy:NoBridge"));
        assertEquals(32, p.getInt("policy:MaxConnection"));
        assertEquals(20, p.getInt("policy:TimeOut"));
        assertEquals(false, SessionWire.policy(new Pack(), true).getBool("policy:NoRouting"));
    }
}

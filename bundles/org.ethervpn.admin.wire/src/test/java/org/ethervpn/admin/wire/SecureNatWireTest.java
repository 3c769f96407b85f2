package org.ethervpn.admin.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.api.admin.NatTcpState;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackJson;
import org.ethervpn.pack.PackLimits;
import org.junit.jupiter.api.Test;

/** SecureNAT's messages read back after the binary PACK codec, in SoftEther's field types. */
class SecureNatWireTest {
    private static Pack wire(Pack p) throws Exception {
        return PackCodec.decode(ByteBuffer.wrap(PackCodec.encode(p)), PackLimits.DEFAULT);
    }

    @Test
    void optionsAsVhOption() throws Exception {
        SecureNatOptions o = new SecureNatOptions("5E-AA-BB-CC-DD-01", "10.77.0.1", "255.255.0.0", true, 1400, 3600, 90,
                false, "10.77.1.10", "10.77.1.99", "255.255.0.0", 3600, "10.77.0.1", "10.77.0.2", "0.0.0.0", "vpn.example",
                true, false, "192.0.2.0/255.255.255.0/10.77.0.1");
        Pack p = wire(SecureNatWire.writeOption("NAT", o));
        assertEquals(o, SecureNatWire.readOption(p));
        assertEquals("NAT", SecureNatWire.optionHub(p));
        assertEquals(6, p.getData("MacAddress").length);
        assertEquals(InetAddress.ofLiteral("10.77.0.1"), p.getIp("Ip"));
        // a field SoftEther's client leaves out reads as 0.0.0.0, as SoftEther reads it
        p.remove("DhcpDnsServerAddress2");
        assertEquals("0.0.0.0", SecureNatWire.readOption(p).dhcpDns2());
    }

    /** JSON-RPC: the names and types of SoftEther's API documentation (vpnserver_api_doc, SetSecureNATOption). */
    @Test
    void optionsInJsonRpcForm() throws Exception {
        Pack p = PackJson.fromJson("""
                {"RpcHubName_str": "NAT", "MacAddress_bin": "XqqrzN0B", "Ip_ip": "10.77.0.1", "Mask_ip": "255.255.0.0",
                 "UseNat_bool": true, "Mtu_u32": 1400, "NatTcpTimeout_u32": 3600, "NatUdpTimeout_u32": 90,
                 "UseDhcp_bool": true, "DhcpLeaseIPStart_ip": "10.77.1.10", "DhcpLeaseIPEnd_ip": "10.77.1.99",
                 "DhcpSubnetMask_ip": "255.255.0.0", "DhcpExpireTimeSpan_u32": 3600, "DhcpGatewayAddress_ip": "10.77.0.1",
                 "DhcpDnsServerAddress_ip": "10.77.0.1", "DhcpDnsServerAddress2_ip": "0.0.0.0",
                 "DhcpDomainName_str": "vpn.example", "SaveLog_bool": false, "ApplyDhcpPushRoutes_bool": true,
                 "DhcpPushRoutes_str": ""}""");
        SecureNatOptions o = SecureNatWire.readOption(p);
        assertEquals(new SecureNatOptions("5E-AA-AB-CC-DD-01", "10.77.0.1", "255.255.0.0", true, 1400, 3600, 90, true,
                "10.77.1.10", "10.77.1.99", "255.255.0.0", 3600, "10.77.0.1", "10.77.0.1", "0.0.0.0", "vpn.example", false,
                true, ""), o);
        String json = PackJson.toJson(SecureNatWire.writeOption("NAT", o));
        for (String member : new String[] {"\"RpcHubName_str\":\"NAT\"", "\"MacAddress_bin\":\"XqqrzN0B\"",
            "\"Ip_ip\":\"10.77.0.1\"", "\"Mtu_u32\":1400", "\"UseNat_bool\":true", "\"DhcpPushRoutes_str\":\"\""}) {
            assertTrue(json.contains(member), member + " in " + json);
        }
    }

    @Test
    void natTableDhcpTableAndStatus() throws Exception {
        Instant t0 = Instant.parse("2026-12-07T10:00:00.123Z");
        List<NatEntry> nat = List.of(
                new NatEntry(1, NatProtocol.TCP, "192.168.30.10", "pc1", 50000, "203.0.113.5", "example.net", 443, t0,
                        t0.plusSeconds(5), 1000, 200_000, NatTcpState.ESTABLISHED),
                new NatEntry(2, NatProtocol.DNS, "192.168.30.10", "", 50001, "192.168.30.1", "", 53, t0, t0, 40, 80, null));
        Pack n = wire(SecureNatWire.writeNatList("NAT", nat));
        assertEquals(2, n.getInt("NumItem"));
        assertEquals(List.of("NatTable"), SecureNatWire.writeNatList("NAT", nat).jsonGroups(), "JSON-RPC's group");
        assertEquals(nat, SecureNatWire.readNatList(n));
        assertEquals(List.of("pc1", "192.168.30.10"), List.of(n.getStr("SrcHost", 0), n.getStr("SrcHost", 1)),
                "a host without a name is its address, as SoftEther sends it");
        assertEquals("192.168.30.1", n.getStr("DestHost", 1));
        List<DhcpLease> leases = List.of(new DhcpLease(7, t0, t0.plusSeconds(7200), "02-00-5E-10-00-01", "192.168.30.10",
                "255.255.255.0", "pc1"));
        Pack d = wire(SecureNatWire.writeDhcpList("NAT", leases));
        assertEquals(0x00FFFFFF, d.getInt("Mask"), "the mask's bytes in memory order, as SoftEther's UINT");
        assertEquals(leases, SecureNatWire.readDhcpList(d));
        SecureNatStatus s = new SecureNatStatus("NAT", true, 3, 2, 1, 4, 5, 9, 9, "running");
        Pack st = wire(SecureNatWire.writeStatus(s));
        assertEquals(s, SecureNatWire.readStatus(st, false), "ours says itself whether it runs and what it dropped");
        SecureNatStatus why = SecureNatStatus.notRunning("NAT", "on, not running: no SecureNAT plugin is installed");
        assertEquals(why, SecureNatWire.readStatus(wire(SecureNatWire.writeStatus(why)), true));
        for (String ours : List.of(SecureNatWire.STATE, SecureNatWire.RUNNING, SecureNatWire.DROPPED, SecureNatWire.REFUSED)) {
            st.remove(ours);
        }
        assertEquals(new SecureNatStatus("NAT", true, 3, 2, 1, 4, 5, 0, 0, "on"), SecureNatWire.readStatus(st, true),
                "SoftEther's answer: running from GetHubStatus, no counters");
        assertEquals(false, st.getBool("IsKernelMode") || st.getBool("IsRawIpMode"));
    }
}

package org.ethervpn.admin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.api.plugin.PluginKind;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackLimits;
import org.junit.jupiter.api.Test;

/** The shared blocks read back what they write, through the binary PACK codec as on the wire. */
class WireTest {
    private static Pack wire(Pack p) throws Exception {
        return PackCodec.decode(ByteBuffer.wrap(PackCodec.encode(p)), PackLimits.DEFAULT);
    }

    @Test
    void cascadeOptionsRoundTripBothWays() throws Exception {
        CascadeOptions o = new CascadeOptions(8, 2, 60, true, false, true, false, ProxyType.SOCKS5, "[2001:db8::1]:1080",
                "proxyuser", "pw", List.of("X-A: 1", "X-B: 2"), true, new byte[] {1, 2, 3}, true);
        Pack answer = wire(CascadeOptionsWire.writeAnswer(new Pack(), o));
        assertEquals("", answer.getStr("ProxyPassword")); // write-only
        assertEquals("2001:db8::1", answer.getStr("ProxyName"));
        assertEquals(1080, answer.getInt("ProxyPort"));
        assertEquals(3, answer.getInt("ProxyType"));
        CascadeOptions back = CascadeOptionsWire.readAnswer(answer);
        assertEquals(o.withProxyPassword(null), back);
        // the client's SetLink from that answer: the server reads the same options, the password kept (null)
        Pack set = wire(CascadeOptionsWire.writeRequest(answer, back));
        assertEquals(o.withProxyPassword(null), CascadeOptionsWire.read(set, o));
        Pack newPw = wire(CascadeOptionsWire.writeRequest(answer, back.withProxyPassword("new")));
        assertEquals("new", CascadeOptionsWire.read(newPw, o).proxyPassword());
    }

    @Test
    void cascadeOptionsOutOfRangeAreRefusedNamingTheField() {
        Pack p = new Pack().addInt("MaxConnection", 33);
        AdminException e = assertThrows(AdminException.class, () -> CascadeOptionsWire.read(p, CascadeOptions.defaults()));
        assertEquals(AdminError.INVALID_PARAMETER, e.error());
        assertEquals(true, e.getMessage().contains("MaxConnection"));
        Pack q = new Pack().addInt("ProxyType", 9);
        assertEquals(AdminError.INVALID_PARAMETER,
                assertThrows(AdminException.class, () -> CascadeOptionsWire.read(q, CascadeOptions.defaults())).error());
        // a field left out keeps the current value
        assertEquals(CascadeOptions.defaults().withProxyPassword(null), CascadeOptionsWire.read(new Pack(), CascadeOptions.defaults()));
    }

    @Test
    void trafficReadsWhatItWritesAndAddsBroadcast() throws Exception {
        Pack p = wire(Traffic.write(new Pack(), "Ex.", 1, 2, 3, 4, true));
        assertArrayEquals(new long[] {1, 2, 3, 4}, Traffic.read(p, "Ex.", 0));
        Pack real = new Pack().addInt64("Recv.UnicastCount", 5).addInt64("Recv.BroadcastCount", 1);
        assertEquals(6, Traffic.read(real, "", 0)[0]);
        assertNull(Traffic.time(0));
        assertEquals(0, Traffic.time(null));
    }

    @Test
    void hostPortSplitsOurRemoteTexts() {
        assertEquals(InetAddress.ofLiteral("::1"), HostPort.address("[::1]:5555"));
        assertEquals(5555, HostPort.port("[::1]:5555"));
        assertEquals(HostPort.NO_ADDRESS, HostPort.address("vpn.example.org:443")); // never a DNS lookup
        assertEquals("[::1]:80", HostPort.join("::1", 80));
        assertEquals("", HostPort.join("", 80));
    }

    @Test
    void copyKeepsEverythingButTheFunctionName() throws Exception {
        Pack p = new Pack().addStr("function_name", "GetHub").addBool("Online", true).appendInt("N", 1).appendInt("N", 2)
                .addTime64("T", 5);
        Pack c = PackCopy.copy(p);
        assertEquals(false, c.contains("function_name"));
        assertEquals(true, c.getBool("Online"));
        assertEquals(2, c.count("N"));
        assertEquals(5, c.getInt64("T"));
    }

    @Test
    void messagesReadBackWhatTheServerWrites() throws Exception {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        List<MacEntryInfo> macs = List.of(new MacEntryInfo("H", "02-00-5E-10-00-01", "SID-A-1", t, t));
        assertEquals(macs, MacTableWire.readList("H", wire(MacTableWire.writeList("H", "host", macs))));
        List<ListenerInfo> listeners = List.of(new ListenerInfo(443, true, "listening"), new ListenerInfo(992, false, "disabled"),
                new ListenerInfo(5555, true, "error: cannot listen"));
        assertEquals(listeners, ListenerWire.readList(wire(ListenerWire.writeList(listeners))));
        TcpConnectionInfo c = new TcpConnectionInfo("CID-7", "10.0.0.7", 40000, t, TcpConnectionInfo.ADMIN_RPC, "vpncmd");
        assertEquals(List.of(new TcpConnectionInfo("CID-7", "10.0.0.7", 40000, t, TcpConnectionInfo.ADMIN_RPC, "")),
                ConnectionWire.readList(wire(ConnectionWire.writeList(List.of(c),
                x -> InetAddress.ofLiteral(x.remoteHost())))));
        ServerInfo v = new ServerInfo("EtherVPN", "1", 501, 9999, "host", false, "Linux", "6", t);
        assertEquals(c, ConnectionWire.readInfo(wire(ConnectionWire.writeInfo(c, InetAddress.ofLiteral("10.0.0.7"), v))));
        HubInfo h = new HubInfo("H", true, 5, 2, 1, 3, 10, 2000, 20, 4000, t, true);
        assertEquals(h, HubWire.read(wire(HubWire.writeStatus(h)), wire(HubWire.writeHub(h))));
        Pack list = wire(HubWire.writeList(List.of(h, new HubInfo("OTHER", false, 0, 0, 0, 0, 0, 0, 0, 0)), x -> x.name().equals("H")));
        assertEquals(List.of(new HubInfo("H", true, 0, 2, 1, 3, 10, 2000, 20, 4000)), HubWire.readList(list));
        ServerStatus st = new ServerStatus(2, 3, 4, 5, 6, t, t.plusSeconds(60), 7, 8, 9, 10);
        Pack status = wire(ServerWire.writeStatus(st, 3));
        assertEquals(st, ServerWire.readStatus(status));
        assertEquals(60_000, status.getInt64("CurrentTick"));
        assertEquals(v, ServerWire.readInfo(wire(ServerWire.writeInfo(v, new ServerWire.Os("Debian", "d", "6", "6.1"))), status,
                false));
        Pack set = HubWire.setRequest(wire(HubWire.writeHub(h)));
        assertEquals(5, set.getInt("MaxSession"));
        assertArrayEquals(new byte[20], set.getData("HashedPassword")); // zeros keep the password
    }

    @Test
    void cipherTextsAndPluginListsReadBackWhatIsWritten() throws Exception {
        assertEquals(List.of(), CipherWire.suites(CipherWire.read(wire(CipherWire.write(List.of())))));
        assertEquals("~DEFAULT~", CipherWire.read(CipherWire.write(List.of())));
        assertEquals(List.of("A", "B", "C"), CipherWire.suites("A;B: C,"));
        assertEquals(List.of("A", "B"), CipherWire.suites(CipherWire.read(wire(CipherWire.write(List.of("A", "B"))))));
        var a = new PluginInfo(PluginKind.values()[0], "x", null, "b", "1.0", true);
        var bundle = new PluginBundleInfo("b", "1.0", "ACTIVE", List.of(a));
        var back = PluginWire.readBundle(wire(PluginWire.writeBundle(bundle)));
        assertEquals("b", back.bundle());
        assertEquals(1, back.plugins().size());
        assertEquals("x", back.plugins().get(0).name());
        assertEquals("", back.plugins().get(0).description()); // null is written as ""
        Pack unknown = wire(PluginWire.writeList(new Pack(), List.of(a)));
        unknown.remove("Kind");
        unknown.beginJsonGroup("K").appendStr("Kind", "FUTURE_KIND").endJsonGroup();
        assertEquals(List.of(), PluginWire.readList(unknown)); // a kind this side does not know is left out
    }

    @Test
    void configFilesTravelWithoutTheirNulAndReportsReadBack() throws Exception {
        byte[] text = "{\"hubs\":[]}".getBytes(StandardCharsets.UTF_8);
        Pack set = wire(ConfigWire.writeSetRequest(text));
        assertEquals(text.length + 1, set.getData("FileData").length); // vpncmd's NUL-terminated string
        assertArrayEquals(text, ConfigWire.readFile(set));
        assertArrayEquals(text, ConfigWire.readFile(wire(ConfigWire.writeFile("$server.json", text))));
        assertArrayEquals(text, ConfigWire.readFile(wire(ConfigWire.writeImportRequest(text))));
        assertNull(ConfigWire.readFile(new Pack())); // absent, not empty: the server refuses it by name
        assertEquals(List.of("a", "b"), ConfigWire.readReport(wire(ConfigWire.writeReport(new Pack(), List.of("a", "b")))));
        assertEquals(List.of(), ConfigWire.readReport(set)); // a SoftEther answer has none
    }

    @Test
    void requestsAndErrorsReadBackWhatIsWritten() throws Exception {
        Pack create = wire(HubWire.createRequest("H"));
        assertEquals("H", create.getStr(HubWire.HUB_NAME));
        assertEquals(List.of(0, 0, true, false), List.of(HubWire.type(create), HubWire.maxSessions(create),
                HubWire.online(create), HubWire.hidden(create)));
        assertArrayEquals(new byte[20], HubWire.passwordHash(create)); // zero: the empty password
        Pack set = HubWire.setPassword(HubWire.setHidden(HubWire.setMaxSessions(HubWire.setRequest(create), 7), true),
                new byte[] {1}, new byte[] {2});
        assertEquals(7, HubWire.maxSessions(set));
        assertEquals(true, HubWire.hidden(set));
        assertArrayEquals(new byte[] {2}, HubWire.securePassword(wire(set)));
        assertEquals("u", HubWire.name(wire(HubWire.request("H", "u"))));
        assertEquals("c", CascadeWire.accountName(wire(CascadeWire.hubRequest("H", "c"))));
        assertEquals("n", ConnectionWire.name(wire(ConnectionWire.request("n"))));
        Pack port = wire(ListenerWire.writeRequest(443, false));
        assertEquals(443, ListenerWire.port(port));
        assertEquals(false, ListenerWire.enabled(port));
        Pack bridge = wire(BridgeWire.writeRequest("H", "eth9", true, true));
        assertEquals(List.of("H", "eth9", true), List.of(BridgeWire.hub(bridge), BridgeWire.device(bridge), BridgeWire.tap(bridge)));
        assertArrayEquals(new byte[] {9}, ServerWire.passwordHash(wire(ServerWire.passwordRequest(new byte[] {9}))));
        assertArrayEquals(new byte[] {3}, ServerWire.readCert(wire(ServerWire.writeCert(new byte[] {3}, null))));
        Pack refused = wire(ErrorWire.write(38, "why"));
        assertEquals(38, ErrorWire.code(refused));
        assertEquals("why", ErrorWire.text(refused));
        assertNull(ErrorWire.text(wire(ErrorWire.write(38, null)))); // SoftEther's own: the code only
        assertEquals(0, ErrorWire.code(new Pack()));
    }
}

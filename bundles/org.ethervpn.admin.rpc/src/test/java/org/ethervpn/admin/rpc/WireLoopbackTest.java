package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.ethervpn.admin.client.RemoteAdmin;
import org.ethervpn.admin.client.RpcFailure;
import org.ethervpn.admin.wire.ConfigWire;
import org.ethervpn.admin.wire.ErrorWire;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackLimits;
import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: every {@link VpnServerAdmin} method called through {@link RemoteAdmin} (the client's PACK
 * layout), the binary PACK codec, the real dispatcher and the real server component, and compared
 * with the local call on the same server: a Get shows what the remote Set did, a remote Get equals
 * the local one (less what the protocol does not carry, as admin.client's README lists), and a
 * failure is the same {@link AdminError} on both paths. The last test fails if a method of the API
 * was not called remotely.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireLoopbackTest {
    @TempDir
    static Path dir;
    static RealServer server;
    static VpnServerAdmin local;
    static VpnServerAdmin remote;
    static final Set<String> called = new ConcurrentSkipListSet<>();

    @BeforeAll
    static void start() throws Exception {
        server = new RealServer(dir);
        local = server.admin();
        // as AdminConnection reads an answer: a failure is the binary RPC's {error, ErrorText}
        RemoteAdmin client = new RemoteAdmin((function, request) -> {
            Pack a = wire(server.call(function, request).pack());
            if (ErrorWire.code(a) != 0) {
                throw new RpcFailure(ErrorWire.code(a), ErrorWire.text(a));
            }
            return a;
        });
        remote = (VpnServerAdmin) Proxy.newProxyInstance(WireLoopbackTest.class.getClassLoader(),
                new Class<?>[] {VpnServerAdmin.class}, (p, m, a) -> {
                    called.add(signature(m));
                    try {
                        return m.invoke(client, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Pack wire(Pack p) {
        try {
            return PackCodec.decode(ByteBuffer.wrap(PackCodec.encode(p)), PackLimits.DEFAULT);
        } catch (Exception e) {
            throw new AssertionError("the answer does not encode", e);
        }
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    /** Both paths fail with the same error. */
    private static void sameError(AdminError expected, Runnable onLocal, Runnable onRemote) {
        assertEquals(expected, assertThrows(AdminException.class, onLocal::run).error());
        assertEquals(expected, assertThrows(AdminException.class, onRemote::run).error());
    }

    private static Instant ms(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** SoftEther times carry milliseconds. */
    private static HubInfo wireHub(HubInfo h) {
        return new HubInfo(h.name(), h.online(), h.maxSessions(), h.users(), h.sessions(), h.macEntries(), h.framesIn(),
                h.bytesIn(), h.framesOut(), h.bytesOut(), ms(h.lastLogin()), h.hidden(), h.secureNat());
    }

    private static UserInfo wireUser(UserInfo u) {
        return new UserInfo(u.hub(), u.name(), u.auth(), u.realName(), u.note(), u.logins(), ms(u.lastLogin()),
                ms(u.created()), u.enabled(), ms(u.expires()));
    }

    @Test
    @Order(1)
    void hubs() {
        remote.hubCreate("WIRE");
        assertEquals("WIRE", local.hubGet("WIRE").name());
        remote.hubSetOnline("WIRE", false);
        assertFalse(local.hubGet("WIRE").online());
        remote.hubSetMaxSessions("WIRE", 7);
        assertEquals(7, local.hubGet("WIRE").maxSessions());
        remote.hubSetHidden("WIRE", true);
        assertTrue(local.hubGet("WIRE").hidden());
        remote.hubPasswordSet("WIRE", "hubpw".toCharArray());
        assertEquals(wireHub(local.hubGet("WIRE")), wireHub(remote.hubGet("WIRE")));
        // EnumHub carries neither MaxSession nor NoEnum nor the last login
        List<HubInfo> expected = local.hubList().stream().map(h -> new HubInfo(h.name(), h.online(), 0, h.users(),
                h.sessions(), h.macEntries(), h.framesIn(), h.bytesIn(), h.framesOut(), h.bytesOut())).toList();
        assertEquals(expected, remote.hubList().stream().map(h -> new HubInfo(h.name(), h.online(), h.maxSessions(),
                h.users(), h.sessions(), h.macEntries(), h.framesIn(), h.bytesIn(), h.framesOut(), h.bytesOut())).toList());
        // SetHub also needs SHA0(pw ‖ "ADMINISTRATOR"), which a hash alone cannot give
        assertEquals(AdminError.NOT_SUPPORTED, assertThrows(AdminException.class,
                () -> remote.hubPasswordHashSet("WIRE", new byte[20])).error());
        sameError(AdminError.HUB_NOT_FOUND, () -> local.hubGet("NONE"), () -> remote.hubGet("NONE"));
        sameError(AdminError.HUB_ALREADY_EXISTS, () -> local.hubCreate("WIRE"), () -> remote.hubCreate("WIRE"));
        remote.hubDelete("WIRE");
        assertTrue(local.hubList().stream().noneMatch(h -> h.name().equals("WIRE")));
    }

    @Test
    @Order(2)
    void users() {
        remote.userCreate("DEFAULT", "wu", "Wire User", "a note");
        remote.userSetInfo("DEFAULT", "wu", "Wire User 2", "note 2");
        UserInfo u = local.userGet("DEFAULT", "wu");
        assertEquals("Wire User 2", u.realName());
        assertEquals("note 2", u.note());
        remote.userPasswordSet("DEFAULT", "wu", "secret".toCharArray());
        assertArrayEquals(PasswordHash.hashedPassword("wu", "secret"), local.userPasswordHashGet("DEFAULT", "wu"));
        assertArrayEquals(local.userPasswordHashGet("DEFAULT", "wu"), remote.userPasswordHashGet("DEFAULT", "wu"));
        byte[] other = PasswordHash.hashedPassword("wu", "other");
        remote.userPasswordHashSet("DEFAULT", "wu", other);
        assertArrayEquals(other, local.userPasswordHashGet("DEFAULT", "wu"));
        remote.userSetEnabled("DEFAULT", "wu", false);
        assertFalse(local.userGet("DEFAULT", "wu").enabled());
        Instant expires = Instant.parse("2031-01-31T00:00:00Z");
        remote.userSetExpires("DEFAULT", "wu", expires);
        assertEquals(expires, local.userGet("DEFAULT", "wu").expires());
        assertEquals(wireUser(local.userGet("DEFAULT", "wu")), wireUser(remote.userGet("DEFAULT", "wu")));
        remote.userSetAnonymous("DEFAULT", "wu");
        assertEquals(UserAuth.ANONYMOUS, local.userGet("DEFAULT", "wu").auth());
        // EnumUser has no creation time
        assertEquals(local.userList("DEFAULT").stream().map(x -> wireUser(x)).map(x -> x.name() + x.auth() + x.realName()
                + x.note() + x.logins() + x.lastLogin() + x.enabled() + x.expires()).toList(),
                remote.userList("DEFAULT").stream().map(x -> wireUser(x)).map(x -> x.name() + x.auth() + x.realName()
                        + x.note() + x.logins() + x.lastLogin() + x.enabled() + x.expires()).toList());
        sameError(AdminError.USER_ALREADY_EXISTS, () -> local.userCreate("DEFAULT", "wu", "", ""),
                () -> remote.userCreate("DEFAULT", "wu", "", ""));
        sameError(AdminError.OBJECT_NOT_FOUND, () -> local.userGet("DEFAULT", "none"), () -> remote.userGet("DEFAULT", "none"));
        remote.userDelete("DEFAULT", "wu");
        assertTrue(local.userList("DEFAULT").isEmpty());
    }

    @Test
    @Order(3)
    void sessionsAndMacTable() {
        assertEquals(local.sessionList("DEFAULT"), remote.sessionList("DEFAULT"));
        assertEquals(local.macTableList("DEFAULT"), remote.macTableList("DEFAULT"));
        sameError(AdminError.OBJECT_NOT_FOUND, () -> local.sessionGet("DEFAULT", "SID-NONE"),
                () -> remote.sessionGet("DEFAULT", "SID-NONE"));
        sameError(AdminError.OBJECT_NOT_FOUND, () -> local.sessionDisconnect("DEFAULT", "SID-NONE"),
                () -> remote.sessionDisconnect("DEFAULT", "SID-NONE"));
    }

    @Test
    @Order(4)
    void cascades() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there afterwards: the cascade never connects
        }
        remote.cascadeCreate("DEFAULT", "wc", "127.0.0.1:" + closed, "HQ", "branch");
        CascadeInfo c = local.cascadeGet("DEFAULT", "wc");
        assertEquals(List.of("127.0.0.1:" + closed, "HQ", "branch"), List.of(c.server(), c.remoteHub(), c.user()));
        remote.cascadePasswordSet("DEFAULT", "wc", "linkpw".toCharArray());
        remote.cascadeSet("DEFAULT", "wc", "127.0.0.1:" + closed, "HQ2", "branch2");
        c = local.cascadeGet("DEFAULT", "wc");
        assertEquals(List.of("HQ2", "branch2"), List.of(c.remoteHub(), c.user()));
        remote.cascadePasswordHashSet("DEFAULT", "wc", PasswordHash.hashedPassword("branch2", "x"));
        CascadeOptions o = new CascadeOptions(4, 2, 30, true, true, false, true, ProxyType.HTTP, "127.0.0.1:3128",
                "pu", "ppw", List.of("X-Wire: 1"), false, null, false);
        remote.cascadeOptionsSet("DEFAULT", "wc", o);
        assertEquals(o.withProxyPassword(null), local.cascadeGet("DEFAULT", "wc").options().withProxyPassword(null));
        assertEquals(local.cascadeGet("DEFAULT", "wc").options().withProxyPassword(null),
                remote.cascadeGet("DEFAULT", "wc").options());
        remote.cascadeSetOnline("DEFAULT", "wc", true);
        assertTrue(local.cascadeGet("DEFAULT", "wc").online());
        remote.cascadeSetOnline("DEFAULT", "wc", false);
        assertFalse(local.cascadeGet("DEFAULT", "wc").online());
        CascadeInfo l = local.cascadeList("DEFAULT").getFirst();
        CascadeInfo r = remote.cascadeList("DEFAULT").getFirst();
        // EnumLink carries the host, not the port
        assertEquals(List.of(l.name(), l.server().substring(0, l.server().lastIndexOf(':')), l.remoteHub(), l.online()),
                List.of(r.name(), r.server(), r.remoteHub(), r.online()));
        sameError(AdminError.LINK_ALREADY_EXISTS, () -> local.cascadeCreate("DEFAULT", "wc", "h:1", "H", "u"),
                () -> remote.cascadeCreate("DEFAULT", "wc", "h:1", "H", "u"));
        remote.cascadeDelete("DEFAULT", "wc");
        assertTrue(local.cascadeList("DEFAULT").isEmpty());
    }

    @Test
    @Order(5)
    void bridges() {
        assertEquals(local.isBridge(), remote.isBridge());
        assertEquals(local.capabilities(), remote.capabilities()); // every caps_ value, in the server's order
        assertEquals(List.copyOf(local.capabilities().keySet()), List.copyOf(remote.capabilities().keySet()));
        assertArrayEquals(local.serverCertificateGet(), remote.serverCertificateGet());
        assertEquals(local.bridgeDeviceList(), remote.bridgeDeviceList());
        remote.bridgeCreate("DEFAULT", "evwire0", false); // a device that does not exist yet: the bridge waits for it
        assertEquals(List.of("evwire0"), local.bridgeList().stream().map(b -> b.device()).toList());
        assertEquals(local.bridgeList().stream().map(b -> b.hub() + b.device() + b.tap()).toList(),
                remote.bridgeList().stream().map(b -> b.hub() + b.device() + b.tap()).toList());
        remote.bridgeDelete("DEFAULT", "evwire0");
        assertTrue(local.bridgeList().isEmpty());
    }

    @Test
    @Order(6)
    void serverListenersCipherAndConfiguration() throws Exception {
        var li = local.serverInfo();
        var ri = remote.serverInfo();
        assertEquals(List.of(li.product(), li.version(), li.build(), li.bridge(), ms(li.started())),
                List.of(ri.product(), ri.version(), ri.build(), ri.bridge(), ms(ri.started())));
        var ls = local.serverStatus();
        var rs = remote.serverStatus();
        assertEquals(List.of(ls.hubs(), ls.sessions(), ls.tcpConnections(), ls.macEntries(), ls.users(), ms(ls.started())),
                List.of(rs.hubs(), rs.sessions(), rs.tcpConnections(), rs.macEntries(), rs.users(), ms(rs.started())));
        assertEquals(List.of(li.hostName(), li.osName(), li.versionText()), List.of(ri.hostName(), ri.osName(), ri.versionText()));
        assertEquals(local.listenerList(), remote.listenerList());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        remote.listenerCreate(port);
        assertTrue(local.listenerList().stream().anyMatch(x -> x.port() == port));
        remote.listenerSetEnabled(port, false);
        assertFalse(local.listenerList().stream().filter(x -> x.port() == port).findFirst().map(ListenerInfo::enabled).orElseThrow());
        assertEquals(local.listenerList(), remote.listenerList());
        remote.listenerDelete(port);
        assertTrue(local.listenerList().stream().noneMatch(x -> x.port() == port));
        sameError(AdminError.LISTENER_NOT_FOUND, () -> local.listenerDelete(port), () -> remote.listenerDelete(port));
        // a TLS 1.2 suite: as SoftEther's, the setting narrows TLS 1.2 and the TLS 1.3 suites stay on
        String suite = local.serverCipherGet().availableSuites().stream()
                .filter(x -> !org.ethervpn.protocol.OpenSslCipherNames.isTls13(x)).findFirst().orElseThrow();
        remote.serverCipherSet("", List.of(suite));
        assertTrue(local.serverCipherGet().suites().contains(suite), local.serverCipherGet().suites().toString());
        // GetServerCipher, as SoftEther's, names the TLS 1.2 setting only
        assertEquals(local.serverCipherGet().suites().stream().filter(x -> !org.ethervpn.protocol.OpenSslCipherNames.isTls13(x))
                .map(CipherNames::toOpenSsl).toList(),
                remote.serverCipherGet().suites());
        remote.serverPasswordSet("adminpw".toCharArray());
        remote.serverPasswordHashSet(org.ethervpn.protocol.Sha0.hash("adminpw2".getBytes(StandardCharsets.UTF_8)));
        byte[] config = local.configGet();
        assertArrayEquals(config, remote.configGet());
        remote.configSet(config);
        assertEquals(local.hubList().stream().map(HubInfo::name).toList(), remote.hubList().stream().map(HubInfo::name).toList());
        sameError(AdminError.INVALID_PARAMETER, () -> local.configImport("not a configuration"),
                () -> remote.configImport("not a configuration"));
    }

    @Test
    @Order(7)
    void aRefusalCarriesTheServersReasonOverTheWire() {
        byte[] bad = "{ this is not a configuration".getBytes(StandardCharsets.UTF_8);
        String why = assertThrows(AdminException.class, () -> local.configSet(bad)).getMessage();
        AdminException x = assertThrows(AdminException.class, () -> remote.configSet(bad));
        assertEquals(AdminError.INVALID_PARAMETER, x.error());
        assertEquals("cannot set the configuration: " + why, x.getMessage());
        assertTrue(why.contains("not valid") && why.contains("nothing was changed"), why);
        Pack refused = server.call("SetConfig", ConfigWire.writeSetRequest(bad)).pack();
        assertEquals(List.of(38, why), List.of(ErrorWire.code(refused), ErrorWire.text(refused)));
    }

    @Test
    @Order(7)
    void connections() {
        assertEquals(local.connectionList(), remote.connectionList());
        sameError(AdminError.OBJECT_NOT_FOUND, () -> local.connectionGet("CID-NONE"), () -> remote.connectionGet("CID-NONE"));
        sameError(AdminError.OBJECT_NOT_FOUND, () -> local.connectionDisconnect("CID-NONE"),
                () -> remote.connectionDisconnect("CID-NONE"));
    }

    @Test
    @Order(8)
    void secureNat() {
        remote.secureNatSetEnabled("DEFAULT", true);
        assertTrue(local.hubGet("DEFAULT").secureNat());
        assertEquals(wireHub(local.hubGet("DEFAULT")), wireHub(remote.hubGet("DEFAULT")), "GetHubStatus's SecureNATEnabled");
        SecureNatOptions o = local.secureNatOptionGet("DEFAULT");
        assertEquals(o, remote.secureNatOptionGet("DEFAULT"));
        SecureNatOptions next = o.withHost("5E-00-11-22-33-44", "10.66.0.1", "255.255.0.0").withNat(false, 1400, 600, 30,
                false).withDhcp(true, "10.66.1.1", "10.66.1.20", "255.255.0.0", 900, "10.66.0.1", "10.66.0.1", "192.0.2.1",
                "wire.example", true, "192.0.2.0/255.255.255.0/10.66.0.1");
        remote.secureNatOptionSet("DEFAULT", next);
        assertEquals(next, local.secureNatOptionGet("DEFAULT"));
        assertEquals(next, remote.secureNatOptionGet("DEFAULT"));
        // as SoftEther's: ApplyDhcpPushRoutes false keeps the routes
        remote.secureNatOptionSet("DEFAULT", next.withPushRoutes(false, ""));
        assertEquals(next.dhcpPushRoutes(), local.secureNatOptionGet("DEFAULT").dhcpPushRoutes());
        assertEquals(local.natList("DEFAULT"), remote.natList("DEFAULT"));
        assertEquals(local.dhcpList("DEFAULT"), remote.dhcpList("DEFAULT"));
        SecureNatStatus ls = local.secureNatStatus("DEFAULT");
        SecureNatStatus rs = remote.secureNatStatus("DEFAULT");
        // our server's answer also carries whether it runs, why not, and the drop counters
        assertEquals(ls, rs);
        assertTrue(rs.state().contains("not running"), rs.state());
        sameError(AdminError.HUB_NOT_FOUND, () -> local.secureNatOptionGet("NONE"), () -> remote.secureNatOptionGet("NONE"));
        sameError(AdminError.HUB_NOT_FOUND, () -> local.natList("NONE"), () -> remote.natList("NONE"));
        sameError(AdminError.INVALID_PARAMETER, () -> local.secureNatOptionSet("DEFAULT", next.withNat(true, 10, 600, 30, true)),
                () -> remote.secureNatOptionSet("DEFAULT", next.withNat(true, 10, 600, 30, true)));
        remote.secureNatSetEnabled("DEFAULT", false);
        assertFalse(local.hubGet("DEFAULT").secureNat());
        assertEquals("off", remote.secureNatStatus("DEFAULT").state());
        local.secureNatOptionSet("DEFAULT", o);
    }

    @Test
    @Order(100)
    void everyMethodWasCalledRemotely() {
        Set<String> missing = new TreeSet<>();
        for (Method m : VpnServerAdmin.class.getMethods()) {
            if (!m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()) && !called.contains(signature(m))) {
                missing.add(signature(m));
            }
        }
        assertTrue(missing.isEmpty(), "not called through the wire: " + missing);
    }

}

package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.pack.Pack;
import org.ethervpn.testsupport.TestIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cascade's options are kept and applied (issue 12): connection count, encryption, compression,
 * half duplex and QoS show in the remote hub's session; a pinned certificate lets only that server
 * in; an HTTP proxy is used with the custom headers; everything survives a restart. Hidden hubs are
 * not enumerated to clients.
 */
class CascadeOptionsTest {
    @TempDir
    Path dir;

    private static CascadeOptions options(int max, boolean half, boolean encrypt, boolean compress, boolean qos) {
        return new CascadeOptions(max, 1, 0, half, encrypt, compress, qos, ProxyType.DIRECT, "", "", null, List.of(),
                false, null, false);
    }

    private static void remoteHub(TestServer s) {
        s.admin.hubCreate("REMOTE");
        s.admin.userCreate("REMOTE", "link", null, null);
        s.admin.userPasswordSet("REMOTE", "link", "linkpass".toCharArray());
        s.admin.cascadeCreate("DEFAULT", "c", "127.0.0.1:" + s.port, "REMOTE", "link");
        s.admin.cascadePasswordSet("DEFAULT", "c", "linkpass".toCharArray());
    }

    @Test
    void connectionEncryptionCompressionHalfDuplexAndQosReachTheRemoteSession() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            remoteHub(s);
            s.admin.cascadeOptionsSet("DEFAULT", "c", options(3, true, false, true, false));
            s.admin.cascadeSetOnline("DEFAULT", "c", true);
            await(() -> s.admin.cascadeGet("DEFAULT", "c").connections() == 3, s);
            SessionInfo remote = s.admin.sessionList("REMOTE").get(0);
            assertFalse(remote.encrypted(), remote.toString());
            assertTrue(remote.compressed() && remote.halfDuplex() && !remote.qos(), remote.toString());
            assertEquals(3, s.admin.cascadeGet("DEFAULT", "c").options().maxConnections());

            // an online cascade reconnects with new options
            s.admin.cascadeOptionsSet("DEFAULT", "c", options(2, false, true, false, true));
            await(() -> s.admin.sessionList("REMOTE").stream().anyMatch(r -> r.encrypted() && r.connections().size() == 2), s);
        }
        try (TestServer again = new TestServer(dir)) {
            assertEquals(options(2, false, true, false, true).withProxyPassword(null),
                    again.admin.cascadeGet("DEFAULT", "c").options(), "kept across a restart");
        }
    }

    @Test
    void aPinnedCertificateAdmitsOnlyThatServer() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            remoteHub(s);
            byte[] other = TestIdentities.selfSigned("someone-else").certificate().getEncoded();
            s.admin.cascadeOptionsSet("DEFAULT", "c", pinned(other));
            s.admin.cascadeSetOnline("DEFAULT", "c", true);
            await(() -> s.admin.cascadeGet("DEFAULT", "c").lastError() != null, s);
            CascadeInfo refused = s.admin.cascadeGet("DEFAULT", "c");
            assertEquals(0, refused.connections(), refused.toString());
            assertTrue(s.admin.sessionList("REMOTE").isEmpty());

            s.admin.cascadeOptionsSet("DEFAULT", "c", pinned(TestServer.IDENTITY.certificate().getEncoded()));
            await(() -> s.admin.cascadeGet("DEFAULT", "c").connections() == 8, s);

            // unpinned, the JVM's CAs decide: a self-signed server is refused
            s.admin.cascadeOptionsSet("DEFAULT", "c", pinned(null));
            await(() -> s.admin.sessionList("REMOTE").stream().allMatch(r -> r.connections().isEmpty())
                    && s.admin.cascadeGet("DEFAULT", "c").lastError() != null, s);

            AdminException notACert = assertThrows(AdminException.class,
                    () -> s.admin.cascadeOptionsSet("DEFAULT", "c", pinned(new byte[] {1, 2, 3})));
            assertEquals(AdminError.INVALID_PARAMETER, notACert.error());
            assertTrue(notACert.getMessage().contains("ServerCert"), notACert.getMessage());
            CascadeOptions both = new CascadeOptions(8, 1, 0, false, true, false, true, ProxyType.DIRECT, "", "", null,
                    List.of(), true, other, true);
            AdminException combined = assertThrows(AdminException.class, () -> s.admin.cascadeOptionsSet("DEFAULT", "c", both));
            assertEquals(AdminError.NOT_SUPPORTED, combined.error());
            assertTrue(combined.getMessage().contains("AddDefaultCA"), combined.getMessage());
            assertNull(s.admin.cascadeGet("DEFAULT", "c").options().serverCert(), "a refused call changes nothing");
        }
    }

    private static CascadeOptions pinned(byte[] cert) {
        return new CascadeOptions(8, 1, 0, false, true, false, true, ProxyType.DIRECT, "", "", null, List.of(), true,
                cert, false);
    }

    @Test
    void aCascadeGoesThroughAnHttpProxyWithItsHeadersAndKeepsTheProxyPasswordOutOfGet() throws Exception {
        try (TestServer s = new TestServer(dir); ConnectProxy proxy = new ConnectProxy()) {
            remoteHub(s);
            s.admin.cascadeOptionsSet("DEFAULT", "c", new CascadeOptions(2, 1, 0, false, true, false, true, ProxyType.HTTP,
                    "127.0.0.1:" + proxy.port(), "px", "px-secret", List.of("X-Tenant: blue", "User-Agent: test"), false,
                    null, false));
            CascadeOptions shown = s.admin.cascadeGet("DEFAULT", "c").options();
            assertNull(shown.proxyPassword(), "write-only");
            assertTrue(Files.readString(s.configFile).contains("px-secret"), "stored for the proxy login");
            assertFalse(s.admin.cascadeGet("DEFAULT", "c").toString().contains("px-secret"));
            s.admin.cascadeSetOnline("DEFAULT", "c", true);
            await(() -> s.admin.cascadeGet("DEFAULT", "c").connections() == 2, s);
            assertTrue(proxy.requests.size() >= 2, proxy.requests.toString());
            String head = proxy.requests.get(0);
            assertTrue(head.startsWith("CONNECT 127.0.0.1:" + s.port + " "), head);
            assertTrue(head.contains("X-Tenant: blue\r\n") && head.contains("User-Agent: test\r\n"), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("proxy-authorization: basic "), head);

            // a null password keeps the stored one
            s.admin.cascadeOptionsSet("DEFAULT", "c", shown.withProxyPassword(null));
            assertTrue(Files.readString(s.configFile).contains("px-secret"));
        }
    }

    @Test
    void hiddenHubsAreNotEnumeratedToClientsButStayListedToAdmins() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.admin.hubCreate("SECRET");
            s.admin.hubSetHidden("SECRET", true);
            assertTrue(s.admin.hubGet("SECRET").hidden());
            assertTrue(s.admin.hubList().stream().anyMatch(h -> h.name().equals("SECRET")));
            assertEquals(List.of("DEFAULT"), enumHub(s));
            s.admin.hubSetHidden("SECRET", false);
            assertEquals(List.of("DEFAULT", "SECRET"), enumHub(s));
            s.admin.hubSetHidden("SECRET", true);
        }
        try (TestServer again = new TestServer(dir)) {
            assertTrue(again.admin.hubGet("SECRET").hidden(), "kept across a restart");
        }
    }

    private static List<String> enumHub(TestServer s) throws Exception {
        try (TestPeer p = TestPeer.hello(s.port)) {
            Pack a = p.call(new Pack().addStr("method", "enum_hub"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < a.count("HubName"); i++) {
                names.add(a.getStr("HubName", i));
            }
            return names;
        }
    }

    private static void await(BooleanSupplier condition, TestServer s) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + s.admin.cascadeList("DEFAULT") + " / "
                    + s.admin.sessionList("REMOTE"));
            Thread.sleep(100);
        }
    }
}

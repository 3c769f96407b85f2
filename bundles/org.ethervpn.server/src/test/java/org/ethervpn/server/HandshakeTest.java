package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.pack.Pack;
import org.ethervpn.protocol.Watermark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake over real TLS and TCP (spec §1.3, §1.4, §2.2, §3): logins and their refusals. */
class HandshakeTest {
    static {
        LeakWatch.install();
    }

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir).user("alice", "alicepass");
        server.admin.userCreate("DEFAULT", "guest", null, null);
        server.admin.userSetAnonymous("DEFAULT", "guest");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        LeakWatch.assertNoLeaks();
    }

    @Test
    void helloHasProductVersionBuildAndA20ByteRandom() throws Exception {
        try (TestPeer p = TestPeer.tls(server.port)) {
            assertTrue(p.tlsDescription().startsWith("TLSv1."), p.tlsDescription());
            Pack hello = p.hello();
            assertFalse(hello.getStr("hello").isEmpty());
            assertEquals(501, hello.getInt("version"));
            assertEquals(9674, hello.getInt("build"));
            assertEquals(20, hello.getData("random").length);
        }
    }

    @Test
    void hashedLoginGetsTheWelcomeOfSpec35() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", "alice", "alicepass"));
            assertEquals(0, w.getInt("error"));
            assertTrue(w.getStr("session_name").matches("SID-ALICE-\\d+"), w.getStr("session_name"));
            assertTrue(w.getStr("connection_name").matches("CID-\\d+"), w.getStr("connection_name"));
            assertEquals(20, w.getData("session_key").length);
            assertTrue(w.contains("session_key_32"));
            assertEquals(1, w.getInt("max_connection"));
            assertEquals(1, w.getInt("use_encrypt"));
            assertEquals(0, w.getInt("use_compress"));
            assertEquals(0, w.getInt("half_connection"));
            assertEquals(20000, w.getInt("timeout"));
            assertEquals(0, w.getInt("qos"));
            assertEquals(0, w.getInt("vlan_id"));
            assertTrue(w.contains("Msg") && w.contains("is_azure_session"));
            assertEquals(1, w.getInt("policy:Access"));
            assertEquals(32, w.getInt("policy:MaxConnection"));
            assertEquals(20, w.getInt("policy:TimeOut"));
            assertEquals(1, w.getInt("policy:Ver3"));
            // SoftEther's PackAddPolicy: 38 policy values (28 booleans, 10 integers) plus the flag policy:Ver3
            assertEquals(39, w.elements().stream().filter(e -> e.name().startsWith("policy:")).count());
        }
    }

    @Test
    void requestedMaxConnection40IsGranted32() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", "alice", "alicepass").addInt("max_connection", 40));
            assertEquals(32, w.getInt("max_connection"));
        }
    }

    @Test
    void qosRaisesMaxConnectionTo2AndWithHalfDuplexTo4() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", "alice", "alicepass").addInt("max_connection", 1).addInt("qos", 1));
            assertEquals(1, w.getInt("qos"));
            assertEquals(2, w.getInt("max_connection"));
        }
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", "alice", "alicepass").addInt("max_connection", 1).addInt("qos", 1)
                    .addInt("half_connection", 1));
            assertEquals(1, w.getInt("half_connection"));
            assertEquals(4, w.getInt("max_connection"));
        }
    }

    @Test
    void plainPasswordLoginIsAccepted() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(new Pack().addStr("method", "login").addStr("hubname", "DEFAULT")
                    .addStr("username", "alice").addInt("authtype", 2).addStr("plain_password", "alicepass"));
            assertEquals(0, w.getInt("error"));
            assertTrue(w.getStr("session_name").startsWith("SID-ALICE-"));
        }
    }

    @Test
    void wrongPlainPasswordIsRefusedWith9() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(new Pack().addStr("method", "login").addStr("hubname", "DEFAULT")
                    .addStr("username", "alice").addInt("authtype", 2).addStr("plain_password", "alicepasS"));
            assertEquals(9, w.getInt("error"));
            assertTrue(p.awaitClosed(2000));
        }
    }

    @Test
    void hubAndUserNamesAreCaseInsensitive() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("default", "ALICE", "alicepass"));
            assertEquals(0, w.getInt("error"));
            assertTrue(w.getStr("session_name").startsWith("SID-ALICE-"), w.getStr("session_name"));
        }
    }

    @Test
    void vpnConnectBodyIsAcceptedInsteadOfTheWatermark() throws Exception {
        try (TestPeer p = TestPeer.tls(server.port)) {
            p.post(Watermark.PATH, "image/jpeg", 10, "VPNCONNECT".getBytes(StandardCharsets.US_ASCII));
            Pack hello = p.readPack();
            p.random = hello.getData("random");
            assertEquals(20, p.random.length);
            assertEquals(0, p.call(p.loginPack("DEFAULT", "alice", "alicepass")).getInt("error"));
        }
    }

    @Test
    void anonymousUserLogsInWhateverAuthtypeItSends() throws Exception {
        for (int authtype : new int[] {0, 1, 2}) {
            try (TestPeer p = TestPeer.hello(server.port)) {
                Pack w = p.call(new Pack().addStr("method", "login").addStr("hubname", "DEFAULT")
                        .addStr("username", "guest").addInt("authtype", authtype));
                assertEquals(0, w.getInt("error"), "authtype " + authtype);
                assertTrue(w.getStr("session_name").startsWith("SID-GUEST-"));
            }
        }
    }

    @Test
    void anonymousAuthtypeForAPasswordUserIsRefusedWith9() throws Exception {
        assertRefused(new Pack().addStr("method", "login").addStr("hubname", "DEFAULT").addStr("username", "alice")
                .addInt("authtype", 0), 9);
    }

    @Test
    void wrongPasswordIsRefusedWith9() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", "alice", "WRONG"));
            assertEquals(9, w.getInt("error"));
            assertTrue(w.contains("no_save_password"));
            assertFalse(w.contains("session_key"));
            assertTrue(p.awaitClosed(2000), "closed after the error");
        }
    }

    @Test
    void unknownUserIsRefusedWith9() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            assertEquals(9, p.call(p.loginPack("DEFAULT", "carol", "x")).getInt("error"));
            assertTrue(p.awaitClosed(2000));
        }
    }

    @Test
    void unknownHubIsRefusedWith8() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            assertEquals(8, p.call(p.loginPack("NOPE", "alice", "alicepass")).getInt("error"));
            assertTrue(p.awaitClosed(2000));
        }
    }

    @Test
    void unknownAuthtypeIsRefusedWith7() throws Exception {
        assertRefused(new Pack().addStr("method", "login").addStr("hubname", "DEFAULT").addStr("username", "alice")
                .addInt("authtype", 3), 7);
    }

    @Test
    void monitorModeIsRefusedWith107() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", "alice", "alicepass").addInt("require_monitor_mode", 1));
            assertEquals(107, w.getInt("error"));
        }
    }

    @Test
    void unknownMethodIsRefusedWith4() throws Exception {
        assertRefused(new Pack().addStr("method", "password"), 4);
        assertRefused(new Pack().addStr("hello", "no method at all"), 4);
    }

    @Test
    void loginWithoutHubnameIsRefusedWith4() throws Exception {
        assertRefused(new Pack().addStr("method", "login").addStr("username", "alice").addInt("authtype", 1), 4);
    }

    @Test
    void enumHubListsTheHubsThenEndsTheConnection() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            Pack a = p.call(new Pack().addStr("method", "enum_hub"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < a.count("HubName"); i++) {
                names.add(a.getStr("HubName", i));
            }
            assertEquals(server.admin.hubList().stream().map(h -> h.name()).toList(), names);
            assertTrue(names.contains("DEFAULT"));
            assertEquals(names.size(), a.getInt("NumHub"));
            assertTrue(p.awaitClosed(2000), "the connection ends after the hub list, as in SoftEther");
        }
    }

    @Test
    void noopIsAnsweredAndTheConnectionCanStillLogIn() throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            for (int i = 0; i < 3; i++) {
                Pack a = p.call(new Pack().addInt("noop", 1));
                assertEquals(0, a.getInt("error"));
                assertEquals(1, a.getInt("noop"));
            }
            assertEquals(0, p.call(p.loginPack("DEFAULT", "alice", "alicepass")).getInt("error"));
        }
    }

    @Test
    void theHelloRandomIsFreshOnEveryConnection() throws Exception {
        try (TestPeer a = TestPeer.hello(server.port); TestPeer b = TestPeer.hello(server.port)) {
            assertFalse(Arrays.equals(a.random, b.random));
        }
    }

    @Test
    void aSecurePasswordForAnotherConnectionsRandomIsRefused() throws Exception {
        try (TestPeer a = TestPeer.hello(server.port); TestPeer b = TestPeer.hello(server.port)) {
            Pack forB = b.loginPack("DEFAULT", "alice", "alicepass");
            assertEquals(9, a.call(forB).getInt("error"), "replayed challenge response");
            assertArrayEquals(new byte[0], a.answer.getData("session_key"));
        }
    }

    private static void assertRefused(Pack request, int error) throws Exception {
        try (TestPeer p = TestPeer.hello(server.port)) {
            assertEquals(error, p.call(request).getInt("error"), request.toString());
            assertTrue(p.awaitClosed(2000), "closed after the error");
        }
    }
}

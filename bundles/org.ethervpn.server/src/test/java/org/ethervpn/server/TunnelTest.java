package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.ethervpn.api.admin.ConnectionInfo;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.channel.EventLoop;

/**
 * Sessions in tunnel mode through the real server (spec §4, §5): frames between sessions of a
 * hub, additional connections, half-duplex, {@code use_encrypt=0}, compression, connection loss,
 * resume, admin disconnect and counters.
 */
class TunnelTest {
    static {
        LeakWatch.install();
    }

    static final long NOTHING_MILLIS = 300;

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir).user("alice", "alicepass").user("bob", "bobpass").user("carol", "carolpass");
        server.admin.hubCreate("B");
        server.admin.userCreate("B", "dave", null, null);
        server.admin.userPasswordSet("B", "dave", "davepass".toCharArray());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        LeakWatch.assertNoLeaks();
    }

    static TestPeer login(String user, Consumer<Pack> options) throws IOException {
        return TestPeer.session(server.port, "DEFAULT", user, user + "pass", options);
    }

    static TestPeer login(String user) throws IOException {
        return login(user, l -> { });
    }

    static int newTag() {
        return ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    }

    /** Sends a frame from {@code from} to {@code dst} and checks that {@code to} receives it unchanged. */
    static void assertDelivered(TestPeer from, byte[] dst, TestPeer to) throws IOException {
        int tag = newTag();
        byte[] frame = from.frameTo(dst, tag);
        from.sendFrames(frame);
        assertArrayEquals(frame, to.readTagged(tag, 2000), "frame " + tag + " not delivered");
    }

    static SessionInfo session(TestPeer p) {
        return session("DEFAULT", p);
    }

    static SessionInfo session(String hub, TestPeer p) {
        return server.admin.sessionGet(hub, p.answer.getStr("session_name"));
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void serverSendsAKeepAliveWhenTheTunnelStarts() throws Exception {
        try (TestPeer a = login("alice")) {
            assertNull(a.readFrame(NOTHING_MILLIS));
            assertTrue(a.keepAlivesReceived >= 1);
        }
    }

    @Test
    void broadcastReachesTheOtherSessionButNotItsSender() throws Exception {
        try (TestPeer a = login("alice"); TestPeer b = login("bob")) {
            int tag = newTag();
            byte[] frame = a.frameTo(TestPeer.BROADCAST, tag);
            a.sendFrames(frame);
            assertArrayEquals(frame, b.readTagged(tag, 2000));
            assertNull(a.readTagged(tag, NOTHING_MILLIS), "a frame came back to its sender");
        }
    }

    @Test
    void unicastToALearnedMacReachesOnlyThatSession() throws Exception {
        try (TestPeer a = login("alice"); TestPeer b = login("bob"); TestPeer c = login("carol")) {
            assertDelivered(a, TestPeer.BROADCAST, b); // the hub learns a's MAC
            int tag = newTag();
            byte[] frame = b.frameTo(a.mac, tag);
            b.sendFrames(frame);
            assertArrayEquals(frame, a.readTagged(tag, 2000));
            assertNull(c.readTagged(tag, NOTHING_MILLIS), "unicast flooded to a third session");
            assertNull(b.readTagged(tag, NOTHING_MILLIS), "unicast came back to its sender");
            assertTrue(server.admin.macTableList("DEFAULT").stream()
                    .anyMatch(e -> e.session().equals(a.answer.getStr("session_name"))));
        }
    }

    /**
     * The server has two event loops (TestServer): the first connections of a small hub's sessions are moved at login
     * onto the loop the hub's first session uses, so frames between them are forwarded within one thread; an
     * additional connection stays where it was accepted (to encrypt on another core), and traffic flows either way.
     */
    @Test
    void aSmallHubsSessionsShareOneEventLoop() throws Exception {
        try (TestPeer a = login("alice"); TestPeer b = login("bob"); TestPeer c = login("carol")) {
            HubRuntime hub = server.core.hubs().get("DEFAULT");
            Set<EventLoop> loops = new HashSet<>();
            for (TestPeer p : List.of(a, b, c)) {
                ServerSession s = hub.session(p.answer.getStr("session_name"));
                eventually(() -> s.tunnel().connectionCount() == 1, "attached");
                loops.add(s.tunnel().homeLoop());
            }
            assertEquals(1, loops.size(), "one loop for the hub's sessions: " + loops);
            assertDelivered(a, TestPeer.BROADCAST, b);
            assertDelivered(b, a.mac, a);
            assertDelivered(c, b.mac, b);
        }
    }

    @Test
    void hubsAreIsolated() throws Exception {
        try (TestPeer a = login("alice"); TestPeer b = login("bob");
                TestPeer d = TestPeer.session(server.port, "B", "dave", "davepass", l -> { })) {
            int tag = newTag();
            a.sendFrames(a.frameTo(TestPeer.BROADCAST, tag));
            assertNotNull(b.readTagged(tag, 2000));
            assertNull(d.readTagged(tag, NOTHING_MILLIS), "a frame crossed from hub DEFAULT to hub B");
            int back = newTag();
            d.sendFrames(d.frameTo(TestPeer.BROADCAST, back));
            assertNull(a.readTagged(back, NOTHING_MILLIS), "a frame crossed from hub B to hub DEFAULT");
            assertEquals(List.of(d.answer.getStr("session_name")),
                    server.admin.sessionList("B").stream().map(SessionInfo::name).toList());
        }
    }

    @ParameterizedTest(name = "use_encrypt={0} use_compress={1}")
    @CsvSource({"0, 0", "0, 1", "1, 1"})
    void framesFlowBothWaysWithEncryptAndCompressOptions(int encrypt, int compress) throws Exception {
        try (TestPeer a = login("alice", l -> l.addInt("use_encrypt", encrypt).addInt("use_compress", compress));
                TestPeer b = login("bob")) {
            assertEquals(encrypt, a.answer.getInt("use_encrypt"));
            assertEquals(compress, a.answer.getInt("use_compress"));
            assertDelivered(a, TestPeer.BROADCAST, b);
            assertDelivered(b, a.mac, a);
            assertDelivered(a, b.mac, b);
            SessionInfo s = session(a);
            assertEquals(encrypt == 1, s.encrypted());
            assertEquals(compress == 1, s.compressed());
            assertEquals(encrypt == 1, !s.connections().get(0).tls().equals("none"), s.connections().get(0).tls());
        }
    }

    @Test
    void additionalConnectionsAreAcceptedUpToMaxConnectionThenRefusedWith15() throws Exception {
        try (TestPeer a = login("alice", l -> l.addInt("max_connection", 3))) {
            assertEquals(3, a.answer.getInt("max_connection"));
            try (TestPeer a2 = TestPeer.join(server.port, a.answer); TestPeer a3 = TestPeer.join(server.port, a.answer);
                    TestPeer extra = TestPeer.hello(server.port)) {
                assertEquals(0, a2.answer.getInt("direction"));
                assertEquals(0, a3.answer.getInt("direction"));
                eventually(() -> session(a).connections().size() == 3, "3 connections attached");
                Pack refused = extra.call(TestPeer.joinPack(a.answer.getData("session_key")));
                assertEquals(15, refused.getInt("error"));
                assertTrue(extra.awaitClosed(2000));
                assertEquals(3, session(a).connections().size());
            }
        }
    }

    @Test
    void aSessionOfOneConnectionGetsNoSecond() throws Exception {
        try (TestPeer a = login("alice"); TestPeer extra = TestPeer.hello(server.port)) {
            assertEquals(1, a.answer.getInt("max_connection"));
            assertEquals(15, extra.call(TestPeer.joinPack(a.answer.getData("session_key"))).getInt("error"));
        }
    }

    @Test
    void halfDuplexDirectionsAre2Then1Then1Then2AndFramesUseThem() throws Exception {
        try (TestPeer a = login("alice", l -> l.addInt("half_connection", 1).addInt("max_connection", 4));
                TestPeer b = login("bob")) {
            assertEquals(1, a.answer.getInt("half_connection"));
            assertEquals(4, a.answer.getInt("max_connection"));
            try (TestPeer a2 = TestPeer.join(server.port, a.answer); TestPeer a3 = TestPeer.join(server.port, a.answer);
                    TestPeer a4 = TestPeer.join(server.port, a.answer)) {
                assertEquals(List.of(1, 1, 2), List.of(a2.answer.getInt("direction"), a3.answer.getInt("direction"),
                        a4.answer.getInt("direction")));
                eventually(() -> session(a).connections().size() == 4, "4 connections attached");
                assertEquals(List.of(2, 1, 1, 2),
                        session(a).connections().stream().map(ConnectionInfo::direction).toList());
                assertDelivered(a, TestPeer.BROADCAST, b); // on the login connection (client to server)
                int tag = newTag();
                byte[] frame = b.frameTo(a.mac, tag);
                b.sendFrames(frame);
                byte[] got = null;
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (got == null && System.nanoTime() < deadline) {
                    for (TestPeer receiver : List.of(a2, a3)) {
                        got = got != null ? got : receiver.readTagged(tag, 50);
                    }
                }
                assertArrayEquals(frame, got, "not received on a server-to-client connection");
                assertNull(a.readTagged(tag, 50));
                assertNull(a4.readTagged(tag, 50));
            }
        }
    }

    @Test
    void anAbruptlyClosedConnectionLeavesTheOtherOneCarryingTraffic() throws Exception {
        try (TestPeer b = login("bob"); TestPeer a = login("alice", l -> l.addInt("max_connection", 2));
                TestPeer a2 = TestPeer.join(server.port, a.answer)) {
            String name = a.answer.getStr("session_name");
            a.close(); // a bare TCP close, no close_notify
            eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().size() == 1,
                    "the server noticed the closed connection");
            assertDelivered(a2, TestPeer.BROADCAST, b);
            assertDelivered(b, a2.mac, a2);
            assertFalse(a2.awaitClosed(NOTHING_MILLIS), "the other connection was closed too");
            eventually(() -> server.log.lines().stream().anyMatch(l -> l.contains("closed") && l.contains(name)),
                    "the closed connection was logged");
        }
    }

    @Test
    void aSessionWithoutConnectionsCanBeRejoinedWithItsKey() throws Exception {
        try (TestPeer b = login("bob")) {
            Pack welcome;
            byte[] mac;
            try (TestPeer a = login("alice")) {
                welcome = a.answer;
                mac = a.mac;
                assertDelivered(a, TestPeer.BROADCAST, b); // learn a's MAC
            }
            String name = welcome.getStr("session_name");
            eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().isEmpty(),
                    "the session lost its only connection");
            try (TestPeer again = TestPeer.join(server.port, welcome)) {
                assertEquals(0, again.answer.getInt("direction"));
                eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().size() == 1, "re-joined");
                int tag = newTag();
                byte[] frame = b.frameTo(mac, tag);
                b.sendFrames(frame);
                assertArrayEquals(frame, again.readTagged(tag, 2000), "unicast to the session's learned MAC");
                assertDelivered(again, TestPeer.BROADCAST, b);
            }
        }
    }

    @Test
    void reJoinsThatCloseBeforeSendingAnythingEndTheSessionSoItsKeyGets13() throws Exception {
        // what the real vpnclient does after a connection reset (README, "session resume")
        try (TestPeer b = login("bob")) {
            Pack welcome = aliceWithoutConnections(b);
            String name = welcome.getStr("session_name");
            for (int i = 1; i < ServerSession.DEAD_JOINS_TO_END; i++) {
                TestPeer.join(server.port, welcome).close(); // joined, then gone without a keep-alive
                eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().isEmpty(), "closed");
                assertTrue(server.admin.sessionList("DEFAULT").stream().anyMatch(s -> s.name().equals(name)),
                        "still there after " + i + " dead re-join(s)");
            }
            TestPeer.join(server.port, welcome).close();
            eventually(() -> server.admin.sessionList("DEFAULT").stream().noneMatch(s -> s.name().equals(name)),
                    "the session ended");
            try (TestPeer late = TestPeer.hello(server.port)) {
                assertEquals(13, late.call(TestPeer.joinPack(welcome.getData("session_key"))).getInt("error"));
            }
        }
    }

    @Test
    void aReJoinThatSendsAKeepAliveCountsAsWorking() throws Exception {
        try (TestPeer b = login("bob")) {
            Pack welcome = aliceWithoutConnections(b);
            String name = welcome.getStr("session_name");
            for (int i = 0; i < 2 * ServerSession.DEAD_JOINS_TO_END; i++) {
                if (i > 0) {
                    eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().isEmpty(), "closed");
                }
                TestPeer again = TestPeer.join(server.port, welcome);
                again.sendKeepAlive(16);
                eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().size() == 1, "re-joined");
                Thread.sleep(200); // read by the server before our close (a reset could discard it)
                again.close();
            }
            eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().isEmpty(), "no connection left");
            try (TestPeer last = TestPeer.join(server.port, welcome)) {
                assertDelivered(last, TestPeer.BROADCAST, b);
            }
        }
    }

    /** Alice's session after it carried a frame to {@code b} and lost its only connection; its welcome. */
    private static Pack aliceWithoutConnections(TestPeer b) throws Exception {
        Pack welcome;
        try (TestPeer a = login("alice")) {
            welcome = a.answer;
            assertDelivered(a, TestPeer.BROADCAST, b);
        }
        String name = welcome.getStr("session_name");
        eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().isEmpty(), "no connection left");
        return welcome;
    }

    @Test
    void adminDisconnectClosesTheConnectionsWithCloseNotifyAndEndsTheSession() throws Exception {
        try (TestPeer a = login("alice", l -> l.addInt("max_connection", 2));
                TestPeer a2 = TestPeer.join(server.port, a.answer)) {
            String name = a.answer.getStr("session_name");
            server.admin.sessionDisconnect("DEFAULT", name);
            assertTrue(a.awaitClosed(2000));
            assertTrue(a.closeNotifyReceived(), "no TLS close_notify before the TCP close");
            assertTrue(a2.awaitClosed(2000));
            assertTrue(a2.closeNotifyReceived(), "no TLS close_notify before the TCP close");
            assertTrue(server.admin.sessionList("DEFAULT").stream().noneMatch(s -> s.name().equals(name)));
            try (TestPeer late = TestPeer.hello(server.port)) {
                assertEquals(13, late.call(TestPeer.joinPack(a.answer.getData("session_key"))).getInt("error"));
            }
        }
    }

    @Test
    void sessionListShowsPerConnectionCountersThatGrowWithTraffic() throws Exception {
        try (TestPeer a = login("alice"); TestPeer b = login("bob")) {
            String aName = a.answer.getStr("session_name");
            String bName = b.answer.getStr("session_name");
            assertTrue(server.admin.sessionList("DEFAULT").stream().map(SessionInfo::name).toList()
                    .containsAll(List.of(aName, bName)));
            ConnectionInfo before = session(a).connections().get(0);
            assertEquals(0, before.framesIn());
            for (int i = 0; i < 5; i++) {
                assertDelivered(a, TestPeer.BROADCAST, b);
            }
            ConnectionInfo after = session(a).connections().get(0);
            assertEquals(5, after.framesIn());
            assertEquals(5 * 60, after.bytesIn());
            assertTrue(after.tls().startsWith("TLSv1."), after.tls());
            assertEquals(1, session(a).maxConnections());
            assertTrue(session(a).framesIn() >= 5);
            eventually(() -> session(b).connections().get(0).framesOut() >= 5, "b's connection counted 5 frames out");
            assertTrue(session(b).connections().get(0).bytesOut() >= 5 * 60);
        }
    }

    @Test
    void anUnencryptedCompressedSessionCarriesTrafficOnItsAdditionalConnection() throws Exception {
        try (TestPeer b = login("bob"); TestPeer a = login("alice", l -> l.addInt("use_encrypt", 0)
                .addInt("use_compress", 1).addInt("max_connection", 2));
                TestPeer a2 = TestPeer.join(server.port, a.answer)) {
            a.close();
            String name = a.answer.getStr("session_name");
            eventually(() -> server.admin.sessionGet("DEFAULT", name).connections().size() == 1, "one connection left");
            assertEquals("none", server.admin.sessionGet("DEFAULT", name).connections().get(0).tls());
            assertDelivered(a2, TestPeer.BROADCAST, b);
            assertDelivered(b, a2.mac, a2);
        }
    }

    @Test
    void withQosPriorityFramesUseTheLastConnectionAndOthersTheFirst() throws Exception {
        try (TestPeer b = login("bob"); TestPeer a = login("alice", l -> l.addInt("qos", 1).addInt("max_connection", 2));
                TestPeer a2 = TestPeer.join(server.port, a.answer)) {
            assertEquals(1, a.answer.getInt("qos"));
            eventually(() -> session(a).connections().size() == 2, "2 connections attached");
            assertDelivered(a, TestPeer.BROADCAST, b); // the hub learns a's MAC
            byte[] icmp = TestPeer.ipv4(a.mac, b.mac, 0, 1, newTag());
            byte[] normal = TestPeer.ipv4(a.mac, b.mac, 0, 17, newTag());
            b.sendFrames(icmp);
            assertTrue(a2.receives(icmp, 2000), "an ICMP frame on the priority connection");
            b.sendFrames(normal);
            assertTrue(a.receives(normal, 2000), "a normal frame on the other connection");
            assertFalse(a.receives(icmp, NOTHING_MILLIS));
            assertFalse(a2.receives(normal, NOTHING_MILLIS));
        }
    }

    @Test
    void anOfflineHubRefusesWith10AndAFullHubWith16() throws Exception {
        server.admin.hubCreate("LIMITS");
        server.admin.userCreate("LIMITS", "erin", null, null);
        server.admin.userSetAnonymous("LIMITS", "erin");
        server.admin.hubSetMaxSessions("LIMITS", 1);
        Pack erin = new Pack().addStr("method", "login").addStr("hubname", "LIMITS").addStr("username", "erin")
                .addInt("authtype", 0);
        try (TestPeer first = TestPeer.hello(server.port); TestPeer second = TestPeer.hello(server.port)) {
            assertEquals(0, first.call(erin).getInt("error"));
            assertEquals(16, second.call(erin).getInt("error"));
        }
        server.admin.hubSetOnline("LIMITS", false);
        try (TestPeer p = TestPeer.hello(server.port)) {
            assertEquals(10, p.call(erin).getInt("error"));
        }
        server.admin.hubDelete("LIMITS");
    }

    @Test
    void deletingAHubEndsItsSessionsWithCloseNotify() throws Exception {
        server.admin.hubCreate("TEMP");
        server.admin.userCreate("TEMP", "frank", null, null);
        server.admin.userSetAnonymous("TEMP", "frank");
        try (TestPeer f = TestPeer.hello(server.port)) {
            assertEquals(0, f.call(new Pack().addStr("method", "login").addStr("hubname", "TEMP")
                    .addStr("username", "frank").addInt("authtype", 0)).getInt("error"));
            f.tunnel(true, false);
            server.admin.hubDelete("TEMP");
            assertTrue(f.awaitClosed(2000));
            assertTrue(f.closeNotifyReceived());
        }
    }
}

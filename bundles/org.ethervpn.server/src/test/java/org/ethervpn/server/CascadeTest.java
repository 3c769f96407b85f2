package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.SessionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cascade between two hubs of one server over localhost (spec §6), like SoftEther allows: the
 * hub DEFAULT joins hub REMOTE as a client session with 8 connections in bridge mode, and frames
 * cross both ways between a session on each side. The cascade survives a restart.
 */
class CascadeTest {
    @TempDir
    Path dir;

    @Test
    void aCascadeCarriesFramesBothWaysAndComesBackAfterARestart() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            s.admin.hubCreate("REMOTE");
            s.admin.userCreate("REMOTE", "link", null, null);
            s.admin.userPasswordSet("REMOTE", "link", "linkpass".toCharArray());
            s.admin.userCreate("REMOTE", "bob", null, null);
            s.admin.userPasswordSet("REMOTE", "bob", "bobpass".toCharArray());
            s.admin.cascadeCreate("DEFAULT", "toremote", "127.0.0.1:" + s.port, "REMOTE", "link");
            AdminException noPassword = assertThrows(AdminException.class,
                    () -> s.admin.cascadeSetOnline("DEFAULT", "toremote", true));
            assertTrue(noPassword.getMessage().contains("password"));
            s.admin.cascadePasswordSet("DEFAULT", "toremote", "linkpass".toCharArray());
            assertTrue(!Files.readString(s.configFile).contains("linkpass"), "only the hash is stored");
            s.admin.cascadeSetOnline("DEFAULT", "toremote", true);

            await(() -> s.admin.cascadeGet("DEFAULT", "toremote").connections() == 8, 20_000, s);
            CascadeInfo info = s.admin.cascadeGet("DEFAULT", "toremote");
            assertEquals("connected", info.status(), info.toString());
            SessionInfo remote = s.admin.sessionList("REMOTE").get(0);
            assertTrue(remote.bridgeMode() && remote.user().equals("link"), remote.toString());
            assertEquals(info.session(), remote.name());

            exchange(s);
        }
        try (TestServer again = new TestServer(dir)) {
            await(() -> again.admin.cascadeGet("DEFAULT", "toremote").connections() >= 1, 20_000, again);
            exchange(again);
            again.admin.cascadeSetOnline("DEFAULT", "toremote", false);
            assertEquals("offline", again.admin.cascadeGet("DEFAULT", "toremote").status());
            // the remote side keeps the session one timeout for a re-join (§4.2), without connections
            await(() -> again.admin.sessionList("REMOTE").stream().allMatch(r -> r.connections().isEmpty()), 5_000, again);
            again.admin.cascadeDelete("DEFAULT", "toremote");
            assertTrue(again.admin.cascadeList("DEFAULT").isEmpty());
        }
    }

    @Test
    void cascadeSetMovesAnOnlineCascadeAndKeepsItsPasswordOnlyForTheSameUser() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            for (String hub : List.of("A", "B")) {
                s.admin.hubCreate(hub);
                s.admin.userCreate(hub, "link", null, null);
                s.admin.userPasswordSet(hub, "link", "linkpass".toCharArray());
            }
            s.admin.cascadeCreate("DEFAULT", "c", "127.0.0.1:" + s.port, "A", "link");
            s.admin.cascadePasswordSet("DEFAULT", "c", "linkpass".toCharArray());
            s.admin.cascadeSetOnline("DEFAULT", "c", true);
            await(() -> s.admin.sessionList("A").size() == 1, 20_000, s);

            s.admin.cascadeSet("DEFAULT", "c", "127.0.0.1:" + s.port, "B", "LINK");
            await(() -> s.admin.sessionList("B").size() == 1 && s.admin.cascadeGet("DEFAULT", "c").connections() == 8,
                    20_000, s);
            await(() -> s.admin.sessionList("A").stream().allMatch(r -> r.connections().isEmpty()), 20_000, s);
            assertEquals("B", s.admin.cascadeGet("DEFAULT", "c").remoteHub());

            s.admin.cascadeSet("DEFAULT", "c", "127.0.0.1:" + s.port, "B", "someone");
            CascadeInfo moved = s.admin.cascadeGet("DEFAULT", "c");
            assertEquals("offline", moved.status(), "a new user has no password yet: " + moved);
            assertThrows(AdminException.class, () -> s.admin.cascadeSetOnline("DEFAULT", "c", true));
            AdminException bad = assertThrows(AdminException.class,
                    () -> s.admin.cascadeSet("DEFAULT", "c", "no port", "B", "link"));
            assertEquals(AdminError.INVALID_PARAMETER, bad.error());
        }
    }

    private static void exchange(TestServer s) throws Exception {
        try (TestPeer alice = TestPeer.session(s.port, "alice", "alicepass");
                TestPeer bob = TestPeer.session(s.port, "REMOTE", "bob", "bobpass", l -> { })) {
            byte[] toBob = alice.frameTo(TestPeer.BROADCAST, 71);
            alice.sendFrames(toBob);
            assertArrayEquals(toBob, bob.readTagged(71, 5000), "DEFAULT -> REMOTE through the cascade");
            byte[] toAlice = bob.frameTo(TestPeer.BROADCAST, 72);
            bob.sendFrames(toAlice);
            assertArrayEquals(toAlice, alice.readTagged(72, 5000), "REMOTE -> DEFAULT through the cascade");
        }
    }

    private static void await(BooleanSupplier condition, long millis, TestServer s) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + s.admin.cascadeList("DEFAULT"));
            Thread.sleep(100);
        }
    }
}

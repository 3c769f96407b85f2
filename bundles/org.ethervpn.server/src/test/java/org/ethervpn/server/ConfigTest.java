package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.UserAuth;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file across a restart: what the admin changed is what the next server has. */
class ConfigTest {
    static {
        LeakWatch.install();
    }

    @TempDir
    Path dir;

    @Test
    void adminChangesSurviveARestartAndTheFileKeepsABackup() throws Exception {
        int port;
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            s.admin.hubCreate("B");
            s.admin.userCreate("B", "dave", "Dave D.", "a note");
            s.admin.userPasswordSet("B", "dave", "davepass".toCharArray());
            s.admin.hubSetMaxSessions("B", 5);
            s.admin.userCreate("DEFAULT", "guest", null, null);
            s.admin.userSetAnonymous("DEFAULT", "guest");
            s.admin.hubCreate("GONE");
            s.admin.hubDelete("GONE");
            port = s.port;
        }
        Path file = dir.resolve("server.json");
        assertTrue(Files.isRegularFile(dir.resolve("server.json.bak")), "server.json.bak");
        byte[] saved = Files.readAllBytes(file);

        try (TestServer s = new TestServer(dir)) {
            assertEquals(port, s.port);
            assertEquals(List.of("DEFAULT", "B"), s.admin.hubList().stream().map(HubInfo::name).toList());
            assertEquals(5, s.admin.hubGet("B").maxSessions());
            UserInfo dave = s.admin.userGet("B", "dave");
            assertEquals(UserAuth.PASSWORD, dave.auth());
            assertEquals("Dave D.", dave.realName());
            assertEquals("a note", dave.note());
            assertEquals(UserAuth.ANONYMOUS, s.admin.userGet("DEFAULT", "guest").auth());
            assertEquals(List.of("alice", "guest"), s.admin.userList("DEFAULT").stream().map(UserInfo::name).toList());

            // the restarted server listens where the file says and checks the stored password hashes
            try (TestPeer d = TestPeer.session(s.port, "B", "dave", "davepass", l -> { });
                    TestPeer a = TestPeer.session(s.port, "alice", "alicepass");
                    TestPeer g = TestPeer.hello(s.port)) {
                assertTrue(d.answer.getStr("session_name").startsWith("SID-DAVE-"));
                assertTrue(a.answer.getStr("session_name").startsWith("SID-ALICE-"));
                Pack w = g.call(new Pack().addStr("method", "login").addStr("hubname", "DEFAULT")
                        .addStr("username", "guest").addInt("authtype", 0));
                assertEquals(0, w.getInt("error"));
            }
            assertArrayEquals(saved, Files.readAllBytes(file), "logins alone do not rewrite the file");
        }
        LeakWatch.assertNoLeaks();
    }

    @Test
    void loginCountsAreWrittenWithTheNextChangeAndSurviveARestart() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            for (int i = 0; i < 2; i++) {
                try (TestPeer a = TestPeer.session(s.port, "alice", "alicepass")) {
                    assertEquals(0, a.answer.getInt("error"));
                }
            }
            assertEquals(2, s.admin.userGet("DEFAULT", "alice").logins());
            s.admin.userCreate("DEFAULT", "bob", null, null);
        }
        try (TestServer s = new TestServer(dir)) {
            UserInfo alice = s.admin.userGet("DEFAULT", "alice");
            assertEquals(2, alice.logins());
            assertTrue(alice.lastLogin() != null);
        }
    }

    @Test
    void deletedUsersStayDeletedAndCannotLogIn() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass").user("bob", "bobpass")) {
            s.admin.userDelete("DEFAULT", "bob");
        }
        try (TestServer s = new TestServer(dir); TestPeer p = TestPeer.hello(s.port)) {
            assertFalse(s.admin.userList("DEFAULT").stream().anyMatch(u -> u.name().equals("bob")));
            assertEquals(9, p.call(p.loginPack("DEFAULT", "bob", "bobpass")).getInt("error"));
        }
    }
}

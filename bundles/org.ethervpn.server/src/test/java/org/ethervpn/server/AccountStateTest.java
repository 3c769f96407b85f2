package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disabled and expired accounts over real TLS: the right password gets SoftEther's ACCESS_DENIED
 * (12), a wrong one still AUTH_FAILED (9); enabling, disabling and the expiry go through the admin
 * API, are saved, and survive a restart.
 */
class AccountStateTest {
    @TempDir
    Path dir;

    private static int login(TestServer s, String user, String password) throws Exception {
        try (TestPeer p = TestPeer.hello(s.port)) {
            Pack w = p.call(p.loginPack("DEFAULT", user, password));
            return w.getInt("error");
        }
    }

    @Test
    void aDisabledUserIsRefusedWith12AndAWrongPasswordStays9() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            assertTrue(s.admin.userGet("DEFAULT", "alice").enabled());
            s.admin.userSetEnabled("DEFAULT", "ALICE", false);
            UserInfo u = s.admin.userGet("DEFAULT", "alice");
            assertFalse(u.enabled());
            assertEquals(12, login(s, "alice", "alicepass"));
            assertEquals(9, login(s, "alice", "wrong"), "a wrong password must not tell that the account exists");
            assertTrue(s.log.lines().stream().anyMatch(l -> l.contains("user alice of hub DEFAULT: the account is"
                    + " disabled")), s.log.lines().toString());
            assertTrue(s.log.lines().stream().noneMatch(l -> l.contains("alicepass")), "no password in the log");

            // a new password keeps the account closed; enabling opens it
            s.admin.userPasswordSet("DEFAULT", "alice", "newpass".toCharArray());
            assertEquals(12, login(s, "alice", "newpass"));
            s.admin.userSetEnabled("DEFAULT", "alice", true);
            assertEquals(0, login(s, "alice", "newpass"));
        }
    }

    @Test
    void anExpiredUserIsRefusedWith12AndAFutureExpiryLogsIn() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            Instant past = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            s.admin.userSetExpires("DEFAULT", "alice", past);
            assertEquals(past, s.admin.userGet("DEFAULT", "alice").expires());
            assertTrue(s.admin.userGet("DEFAULT", "alice").enabled(), "expiry and the enabled flag are apart");
            assertEquals(12, login(s, "alice", "alicepass"));
            assertTrue(s.log.lines().stream().anyMatch(l -> l.contains("the account expired at " + past)),
                    s.log.lines().toString());

            Instant nextYear = Instant.now().plus(365, ChronoUnit.DAYS);
            s.admin.userSetExpires("DEFAULT", "alice", nextYear);
            assertEquals(0, login(s, "alice", "alicepass"));
            s.admin.userSetExpires("DEFAULT", "alice", null);
            assertNull(s.admin.userGet("DEFAULT", "alice").expires());
            assertEquals(0, login(s, "alice", "alicepass"));
        }
    }

    @Test
    void anExpiredAccountThatIsAlsoDisabledIsRefusedAndAnonymousUsersToo() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.admin.userCreate("DEFAULT", "guest", null, null);
            s.admin.userSetAnonymous("DEFAULT", "guest");
            assertEquals(0, login(s, "guest", "anything"));
            s.admin.userSetEnabled("DEFAULT", "guest", false);
            assertEquals(12, login(s, "guest", "anything"));
            s.admin.userSetExpires("DEFAULT", "guest", Instant.now().minusSeconds(5));
            assertEquals(12, login(s, "guest", "anything"));
            s.admin.userSetEnabled("DEFAULT", "guest", true);
            assertEquals(12, login(s, "guest", "anything"), "still expired");
            assertTrue(s.log.lines().stream().anyMatch(l -> l.contains("user guest of hub DEFAULT: the account expired")));
        }
    }

    @Test
    void disablingOrExpiringEndsTheUsersSessionsOnly() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass").user("bob", "bobpass");
                TestPeer alice = TestPeer.session(s.port, "alice", "alicepass");
                TestPeer bob = TestPeer.session(s.port, "bob", "bobpass")) {
            assertEquals(2, s.admin.sessionList("DEFAULT").size());
            s.admin.userSetEnabled("DEFAULT", "alice", false);
            assertTrue(alice.awaitClosed(5000), "alice's session ends");
            s.admin.userSetExpires("DEFAULT", "bob", Instant.now().plusSeconds(3600));
            assertEquals(List.of("bob"), s.admin.sessionList("DEFAULT").stream().map(x -> x.user()).toList(),
                    "a future expiry keeps the session");
            s.admin.userSetExpires("DEFAULT", "bob", Instant.now().minusSeconds(1));
            assertTrue(bob.awaitClosed(5000), "bob's session ends when his expiry is set in the past");
        }
    }

    @Test
    void theStateIsSavedAndSurvivesARestart() throws Exception {
        Instant when = Instant.parse("2031-02-03T04:05:06Z");
        byte[] hash;
        try (TestServer s = new TestServer(dir).user("alice", "alicepass").user("bob", "bobpass")) {
            s.admin.userSetEnabled("DEFAULT", "alice", false);
            s.admin.userSetExpires("DEFAULT", "bob", when);
            hash = s.admin.userPasswordHashGet("DEFAULT", "alice");
            String file = Files.readString(s.configFile);
            assertTrue(file.contains("\"enabled\": false") && file.contains("\"expires\": \"2031-02-03T04:05:06Z\""), file);
            // a user-info change and a login (counters) keep both
            s.admin.userSetInfo("DEFAULT", "alice", "Alice", "note");
            assertEquals(0, login(s, "bob", "bobpass"));
        }
        try (TestServer s = new TestServer(dir)) {
            UserInfo alice = s.admin.userGet("DEFAULT", "alice");
            assertFalse(alice.enabled());
            assertEquals("Alice", alice.realName());
            assertArrayEquals(hash, s.admin.userPasswordHashGet("DEFAULT", "alice"));
            assertEquals(when, s.admin.userGet("DEFAULT", "bob").expires());
            assertTrue(s.admin.userGet("DEFAULT", "bob").enabled());
            assertEquals(12, login(s, "alice", "alicepass"));
        }
    }

    @Test
    void unknownHubOrUserIsRefusedAndChangesNothing() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            byte[] before = Files.readAllBytes(s.configFile);
            assertEquals(AdminError.OBJECT_NOT_FOUND, assertThrows(AdminException.class,
                    () -> s.admin.userSetEnabled("DEFAULT", "nobody", false)).error());
            assertEquals(AdminError.HUB_NOT_FOUND, assertThrows(AdminException.class,
                    () -> s.admin.userSetExpires("NOPE", "alice", Instant.now())).error());
            assertArrayEquals(before, Files.readAllBytes(s.configFile));
        }
    }
}

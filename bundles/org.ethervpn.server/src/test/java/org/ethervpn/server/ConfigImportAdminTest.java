package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configImport} on a running server: all or nothing, then the running state follows (a
 * replaced hub loses its sessions, an imported cascade connects at once, imported users log in),
 * and it is all saved. The text is in SoftEther's format; the real file is tested in the config package.
 */
class ConfigImportAdminTest {
    @TempDir
    Path dir;

    private static String b64(String user, String password) {
        return Base64.getEncoder().encodeToString(PasswordHash.hashedPassword(user, password));
    }

    /** DEFAULT (user dan, cascade to REMOTE of this server) and REMOTE (users link, carol). */
    static String softEtherText(int port) {
        return "\uFEFF# Software Configuration File\r\ndeclare root\r\n{\r\n\tuint ConfigRevision 3\r\n\r\n"
                + "\tdeclare ServerConfiguration\r\n\t{\r\n\t\tstring CipherName ~DEFAULT~\r\n\t}\r\n"
                + "\tdeclare VirtualHUB\r\n\t{\r\n"
                + "\t\tdeclare DEFAULT\r\n\t\t{\r\n\t\t\tbool Online true\r\n\r\n"
                + "\t\t\tdeclare CascadeList\r\n\t\t\t{\r\n\t\t\t\tdeclare Cascade0\r\n\t\t\t\t{\r\n"
                + "\t\t\t\t\tbool Online true\r\n\r\n"
                + "\t\t\t\t\tdeclare ClientAuth\r\n\t\t\t\t\t{\r\n\t\t\t\t\t\tuint AuthType 1\r\n"
                + "\t\t\t\t\t\tbyte HashedPassword " + b64("link", "linkpass") + "\r\n"
                + "\t\t\t\t\t\tstring Username link\r\n\t\t\t\t\t}\r\n"
                + "\t\t\t\t\tdeclare ClientOption\r\n\t\t\t\t\t{\r\n\t\t\t\t\t\tstring AccountName toremote\r\n"
                + "\t\t\t\t\t\tstring Hostname 127.0.0.1\r\n\t\t\t\t\t\tstring HubName REMOTE\r\n"
                + "\t\t\t\t\t\tuint Port " + port + "\r\n\t\t\t\t\t}\r\n\t\t\t\t}\r\n\t\t\t}\r\n"
                + users("dan", "danpw") + "\t\t}\r\n"
                + "\t\tdeclare REMOTE\r\n\t\t{\r\n\t\t\tbool Online true\r\n\r\n"
                + users("link", "linkpass", "carol", "carol pw$")
                + "\t\t}\r\n\t}\r\n}\r\n";
    }

    /** A user list: name, password, name, password... */
    private static String users(String... namesAndPasswords) {
        StringBuilder b = new StringBuilder("\t\t\tdeclare SecurityAccountDatabase\r\n\t\t\t{\r\n"
                + "\t\t\t\tdeclare UserList\r\n\t\t\t\t{\r\n");
        for (int i = 0; i < namesAndPasswords.length; i += 2) {
            b.append("\t\t\t\t\tdeclare ").append(namesAndPasswords[i]).append("\r\n\t\t\t\t\t{\r\n")
                    .append("\t\t\t\t\t\tbyte AuthPassword ").append(b64(namesAndPasswords[i], namesAndPasswords[i + 1]))
                    .append("\r\n\t\t\t\t\t\tuint AuthType 1\r\n\t\t\t\t\t}\r\n");
        }
        return b.append("\t\t\t\t}\r\n\t\t\t}\r\n").toString();
    }

    @Test
    void allOrNothingThenRunningAndSaved() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            String text = softEtherText(s.port);
            try (TestPeer alice = TestPeer.session(s.port, "alice", "alicepass")) {
                byte[] before = Files.readAllBytes(s.configFile);
                AdminException bad = assertThrows(AdminException.class,
                        () -> s.admin.configImport(text.substring(0, text.length() - 20)));
                assertEquals(AdminError.INVALID_PARAMETER, bad.error());
                assertTrue(bad.getMessage().contains("nothing was changed"), bad.getMessage());
                assertArrayEquals(before, Files.readAllBytes(s.configFile), "a failed import does not touch the file");
                assertEquals(1, s.admin.sessionList("DEFAULT").size());

                List<String> report = s.admin.configImport(text);
                assertTrue(report.contains("hub DEFAULT: replaces the existing hub, online, no session limit, 1 password"
                        + " user(s), 0 anonymous user(s), 1 cascade(s)"), report.toString());
                assertTrue(report.contains("hub REMOTE: added, online, no session limit, 2 password user(s), 0 anonymous"
                        + " user(s), 0 cascade(s)"), report.toString());
                // the replaced hub's users are gone, and so are their sessions; the cascade connects at once
                await(() -> s.admin.sessionList("DEFAULT").stream().noneMatch(x -> x.user().equals("alice")), s);
                await(() -> s.admin.cascadeGet("DEFAULT", "toremote").connections() == 8, s);
            }
            assertThrows(AssertionError.class, () -> TestPeer.session(s.port, "alice", "alicepass").close());
            try (TestPeer carol = TestPeer.session(s.port, "REMOTE", "carol", "carol pw$", l -> { });
                    TestPeer dan = TestPeer.session(s.port, "dan", "danpw")) {
                assertEquals(List.of("carol", "link"),
                        s.admin.sessionList("REMOTE").stream().map(x -> x.user()).sorted().toList());
            }
        }
        try (TestServer again = new TestServer(dir)) {
            assertEquals(List.of("DEFAULT", "REMOTE"), again.admin.hubList().stream().map(HubInfo::name).toList());
            await(() -> again.admin.cascadeGet("DEFAULT", "toremote").connections() >= 1, again);
        }
    }

    private static void await(BooleanSupplier condition, TestServer s) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + s.admin.cascadeList("DEFAULT") + " "
                    + s.admin.sessionList("DEFAULT"));
            Thread.sleep(100);
        }
    }
}

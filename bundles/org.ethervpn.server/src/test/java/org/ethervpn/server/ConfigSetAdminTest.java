package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.UserInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configSet} (vpncmd ConfigSet) replaces the whole configuration of a running server: checked
 * whole first, saved with a backup, then sessions end and everything restarts from it; and the TCP
 * connections outside sessions (ConnectionList).
 */
class ConfigSetAdminTest {
    @TempDir
    Path dir;

    @Test
    void aSavedConfigurationComesBackWhole() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            byte[] saved = s.admin.configGet();
            s.admin.hubCreate("LATER");
            s.admin.userDelete("DEFAULT", "alice");
            try (TestPeer bob = session(s, "bob")) {
                List<String> report = s.admin.configSet(saved);
                assertTrue(report.get(report.size() - 1).startsWith("applied"), report.toString());
                assertTrue(bob.awaitClosed(10_000), "the sessions of the old configuration end");
            }
            assertEquals(List.of("DEFAULT"), s.admin.hubList().stream().map(HubInfo::name).toList());
            assertEquals(List.of("alice"), s.admin.userList("DEFAULT").stream().map(UserInfo::name).toList());
            TestPeer.session(s.port, "alice", "alicepass").close();
            assertTrue(Files.readString(Path.of(s.configFile + ".bak")).contains("LATER"),
                    "the replaced configuration is the backup");
        }
    }

    @Test
    void badConfigurationsAreRefusedAndChangeNothing() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            byte[] before = Files.readAllBytes(s.configFile);
            String noListener = new String(s.admin.configGet(), StandardCharsets.UTF_8)
                    .replace("\"enabled\": true", "\"enabled\": false").replace("\"enabled\":true", "\"enabled\":false");
            for (String bad : List.of("", "{\"format\": \"ethervpn-server-config\", \"version\": 1, \"hubs\": [{\"name\": 5}]}",
                    "declare root\n{\n\tuint ConfigRevision", "\u0000\u0001garbage", noListener)) {
                AdminException e = assertThrows(AdminException.class,
                        () -> s.admin.configSet(bad.getBytes(StandardCharsets.UTF_8)), bad);
                assertEquals(AdminError.INVALID_PARAMETER, e.error(), e.getMessage());
                assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            }
            assertArrayEquals(before, Files.readAllBytes(s.configFile));
            assertEquals(List.of("alice"), s.admin.userList("DEFAULT").stream().map(UserInfo::name).toList());
            TestPeer.session(s.port, "alice", "alicepass").close();
        }
    }

    @Test
    void aSoftEtherConfigurationReplacesHubsAndKeepsListenersItLacks() throws Exception {
        try (TestServer s = new TestServer(dir).user("alice", "alicepass")) {
            s.admin.hubCreate("GONE");
            s.admin.serverPasswordSet("admin pw".toCharArray());
            String password = s.core.config().adminPasswordHash();
            List<String> report = s.admin.configSet(ConfigImportAdminTest.softEtherText(s.port)
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(report.contains("listeners: none in the file, the current ones are kept"), report.toString());
            assertEquals(List.of("DEFAULT", "REMOTE"), s.admin.hubList().stream().map(HubInfo::name).toList());
            assertEquals(List.of("dan"), s.admin.userList("DEFAULT").stream().map(UserInfo::name).toList());
            TestPeer.session(s.port, "dan", "danpw").close();
            assertEquals(password, s.core.config().adminPasswordHash(), "the administrator password is kept");
        }
    }

    @Test
    void connectionsOutsideSessionsAreListedAndCanBeClosed() throws Exception {
        try (TestServer s = new TestServer(dir, 30_000).user("alice", "alicepass");
                TestPeer alice = TestPeer.session(s.port, "alice", "alicepass");
                Socket idle = new Socket("127.0.0.1", s.port)) {
            TcpConnectionInfo c = await(s, idle.getLocalPort());
            assertEquals(TcpConnectionInfo.HANDSHAKE, c.type());
            assertEquals(1, s.admin.connectionList().size(), "the session's connection is not listed: "
                    + s.admin.connectionList());
            assertEquals(c, s.admin.connectionGet(c.name()));
            s.admin.connectionDisconnect(c.name());
            idle.setSoTimeout(10_000);
            try (InputStream in = idle.getInputStream()) {
                assertEquals(-1, in.read(), "closed by the server");
            }
            AdminException e = assertThrows(AdminException.class, () -> s.admin.connectionDisconnect(c.name()));
            assertEquals(AdminError.OBJECT_NOT_FOUND, e.error());
            assertFalse(alice.awaitClosed(200), "the session is not touched");
        }
    }

    private static TestPeer session(TestServer s, String user) throws Exception {
        s.admin.userCreate("DEFAULT", user, "", "");
        s.admin.userPasswordSet("DEFAULT", user, "pw".toCharArray());
        return TestPeer.session(s.port, user, "pw");
    }

    private static TcpConnectionInfo await(TestServer s, int localPort) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (TcpConnectionInfo c : s.admin.connectionList()) {
                if (c.remotePort() == localPort) {
                    return c;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not listed: " + s.admin.connectionList());
    }
}

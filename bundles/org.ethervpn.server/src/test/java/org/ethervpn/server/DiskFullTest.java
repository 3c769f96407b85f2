package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.UserInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the data directory's disk fills up (a 1 MiB tmpfs mounted for this test). A
 * configuration change is then refused with an error that says so, {@code server.json} and its
 * backup keep the old state byte for byte, no temporary file is left, and the server goes on
 * serving (VPN logins, frames between sessions). With a single free page the new file fits but its
 * backup does not: refused the same way. Once space is free again the change goes through.
 * Needs root (mount); the mount is removed in any case.
 */
class DiskFullTest {
    static {
        LeakWatch.install();
    }

    static final int PAGE = 4096;

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() throws InterruptedException {
        LeakWatch.assertNoLeaks();
    }

    @Test
    void aFullDiskRefusesTheChangeKeepsTheConfigurationAndTheServerServes() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: mounts a small tmpfs");
        Path data = Files.createDirectory(dir.resolve("data"));
        run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "faults-" + UUID.randomUUID().toString().substring(0, 8),
                data.toString());
        try (TestServer server = new TestServer(data).user("alice", "alicepass").user("carol", "carolpass")) {
            Path file = server.configFile;
            Path backup = file.resolveSibling("server.json.bak");
            byte[] config = Files.readAllBytes(file);
            byte[] previous = Files.readAllBytes(backup);
            assertTrue(config.length < PAGE, "the one-free-page case needs a configuration under a page");
            List<Path> fillers = fill(data);

            AdminException full = assertThrows(AdminException.class, () -> server.admin.userCreate("DEFAULT", "bob", null, null));
            assertEquals(AdminError.INTERNAL_ERROR, full.error());
            assertTrue(full.getMessage().contains("nothing was changed") && full.getMessage().contains("No space left"),
                    "not a clear error: " + full.getMessage());
            System.out.println("disk full: " + full.getMessage());
            unchanged(server, config, previous);
            serves(server);

            // one free page: the new file fits, the copy of the old one as the backup does not
            Files.delete(fillers.removeLast());
            AdminException almost = assertThrows(AdminException.class, () -> server.admin.userCreate("DEFAULT", "bob", null, null));
            assertTrue(almost.getMessage().contains("No space left"), almost.getMessage());
            unchanged(server, config, previous);
            assertThrows(AdminException.class, () -> server.admin.configSet(config)); // the whole-file path too
            unchanged(server, config, previous);
            serves(server);

            // space again: the change is saved, the old file becomes the backup
            for (int i = 0; i < 4; i++) {
                Files.delete(fillers.removeLast());
            }
            server.admin.userCreate("DEFAULT", "bob", null, null);
            assertArrayEquals(config, Files.readAllBytes(backup), "the backup is not the file before the change");
            assertTrue(Files.readString(file).contains("\"bob\""));
            serves(server);
        } finally {
            run("umount", data.toString());
        }
    }

    /** Fills the file system with page-sized files until it is full; returns them. */
    private static List<Path> fill(Path data) throws IOException {
        List<Path> fillers = new ArrayList<>();
        byte[] page = new byte[PAGE];
        for (int i = 0; i < 1024; i++) {
            Path f = data.resolve("filler-" + i);
            try {
                Files.write(f, page);
                fillers.add(f);
            } catch (IOException e) {
                Files.deleteIfExists(f);
                assertTrue(e.getMessage() != null && e.getMessage().contains("No space left"), e.toString());
                return fillers;
            }
        }
        throw new AssertionError("1024 pages fit into a 1 MiB tmpfs");
    }

    private static void unchanged(TestServer server, byte[] config, byte[] previous) throws IOException {
        assertArrayEquals(config, Files.readAllBytes(server.configFile), "server.json changed");
        assertArrayEquals(previous, Files.readAllBytes(server.configFile.resolveSibling("server.json.bak")),
                "server.json.bak changed");
        try (var files = Files.list(server.configFile.getParent())) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
                    "temporary files left");
        }
        assertFalse(server.admin.userList("DEFAULT").stream().map(UserInfo::name).anyMatch("bob"::equals),
                "the refused change took effect");
    }

    /** Two VPN logins, and frames between them both ways. */
    private static void serves(TestServer server) throws IOException {
        try (TestPeer alice = TestPeer.session(server.port, "alice", "alicepass");
                TestPeer carol = TestPeer.session(server.port, "carol", "carolpass")) {
            BadInputTest.deliver(alice, TestPeer.BROADCAST, carol);
            BadInputTest.deliver(carol, alice.mac, alice);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }
}

package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ethervpn.product.Interop.Run;
import org.ethervpn.protocol.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ethervpn shell --server} against a REAL SoftEther vpnserver (Debian package, private state,
 * its own network namespace; releng/interop/softether-server.sh): the standard admin methods work,
 * and what our shell shows matches what SoftEther's own {@code vpncmd} shows for the same server.
 */
class RemoteShellSoftEtherTest {
    static final String ADMIN_PW = "sepw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    @TempDir
    static Path dir;
    static Path bin;
    static String ns;
    static Process server;

    @BeforeAll
    static void startRealServer() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/vpnserver")) || Files.isExecutable(Path.of("/usr/bin/vpnserver")),
                "the Debian package softether-vpnserver is not installed (releng/install-test-deps.sh installs it)");
        bin = Interop.unpackDistribution(dir).resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evs");
        Interop.sh(dir, "ip netns add " + ns + " && ip -n " + ns + " link set lo up");
        server = Interop.startSoftEtherServer(dir, ns, ADMIN_PW);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: the script stops its vpnserver by PID
            server.waitFor(30, TimeUnit.SECONDS);
        }
        if (ns != null) {
            Interop.exec(dir, command("bash", "-c", "ip netns pids " + ns + " | xargs -r kill; ip netns del " + ns),
                    Map.of(), Duration.ofSeconds(20), null);
        }
    }

    @Test
    void standardMethodsWorkAndMatchVpncmd() throws Exception {
        Path script = Files.writeString(dir.resolve("se.txt"), """
                vpn:hubcreate REMOTE
                vpn:usercreate --realname Carol REMOTE carol
                vpn:userpasswordset REMOTE carol carolpw
                vpn:setmaxsession REMOTE 9
                vpn:hubget REMOTE
                vpn:userlist REMOTE
                vpn:hublist
                vpn:sessionlist REMOTE
                vpn:listenerlist
                vpn:serverinfoget
                vpn:serverstatusget
                """);
        Run r = Interop.exec(dir, command("ip", "netns", "exec", ns, bin, "shell", "--server", "127.0.0.1:5555", script),
                Map.of("ETHERVPN_PASSWORD", ADMIN_PW), Duration.ofSeconds(120), null);
        assertEquals(0, r.code(), r.toString());
        String ours = r.out();

        String se = vpncmd("HubList", "Hub REMOTE", "UserList", "StatusGet", "ListenerList", "ServerInfoGet", "Flush");
        // the same hubs
        Set<String> seHubs = csvColumn(se, "Virtual Hub Name");
        assertTrue(seHubs.contains("REMOTE"), se);
        for (String h : seHubs) {
            assertTrue(ours.lines().anyMatch(l -> l.startsWith(h + " ")), h + " missing in\n" + ours);
        }
        // the same users, carol with her real name
        assertTrue(csvColumn(se, "User Name").contains("carol"), se);
        assertTrue(ours.lines().anyMatch(l -> l.contains(" carol ") && l.contains("Carol") && l.contains("PASSWORD")), ours);
        // the same listeners
        assertTrue(se.contains("TCP 5555,Listening"), se);
        assertTrue(ours.lines().anyMatch(l -> l.startsWith("5555 ") && l.contains("listening")), ours);
        // server information: vpncmd's product name and build
        String product = csvValue(se, "Product Name");
        assertTrue(product.startsWith("SoftEther VPN Server"), se);
        assertTrue(ours.contains(product) && ours.contains("9674"), ours);
        // the session limit went through GetHub → SetHub
        assertTrue(ours.lines().anyMatch(l -> l.startsWith("MAX-SESSIONS:") && l.contains("9")), ours);
        // carol's password is SoftEther's hash of the password we set (the saved configuration says so)
        String hash = Base64.getEncoder().encodeToString(PasswordHash.hashedPassword("carol", "carolpw"));
        try (Stream<Path> files = Files.walk(dir.resolve("srv"))) {
            List<Path> configs = files.filter(p -> p.getFileName().toString().equals("vpn_server.config")).toList();
            assertTrue(!configs.isEmpty(), "no vpn_server.config under " + dir.resolve("srv"));
            boolean found = false;
            for (Path c : configs) {
                found |= Files.readString(c).contains(hash);
            }
            assertTrue(found, "carol's AuthPassword is SHA0(carolpw + CAROL)");
        }
        assertTrue(!ours.contains(ADMIN_PW), "no password in the output");
    }

    @Test
    void pluginMethodsAreNotSupportedBySoftEther() throws Exception {
        Run r = Interop.exec(dir, command("ip", "netns", "exec", ns, bin, "shell", "--server", "127.0.0.1:5555", "-c",
                "vpn:plugins"), Map.of("ETHERVPN_PASSWORD", ADMIN_PW), Duration.ofSeconds(120), null);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("no remote plugin administration"), r.out());
    }

    /** vpncmd /CSV against the real server, in its private namespaces; no command may fail. */
    static String vpncmd(String... commands) throws Exception {
        Path in = Files.writeString(Files.createTempFile(dir, "vpncmd", ".txt"), String.join("\n", commands) + "\n");
        ProcessBuilder pb = new ProcessBuilder(Interop.repo().resolve("releng/interop/softether-vpncmd.sh").toString(),
                dir.resolve("srv/vpnserver").toString(), ADMIN_PW, "/CSV").redirectErrorStream(true)
                .redirectInput(in.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "vpncmd hung");
        // with /CSV vpncmd does not print "The command completed successfully", so the harness's
        // count fails: look for its error lines instead
        assertTrue(!out.contains("Error occurred") && !out.contains("Access has been denied")
                && !out.contains("Connection to the server failed"), String.join("; ", commands) + ":\n" + out);
        return out;
    }

    /** The values of a list table's column (a header of more than two columns), from every such table. */
    static Set<String> csvColumn(String out, String header) {
        Set<String> values = new TreeSet<>();
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            List<String> cols = List.of(lines.get(i).split(",", -1));
            int c = cols.indexOf(header);
            if (c < 0 || cols.size() <= 2) { // an "Item,Value" row of another table, not a header
                continue;
            }
            for (int j = i + 1; j < lines.size() && lines.get(j).contains(","); j++) {
                String[] v = lines.get(j).split(",", -1);
                if (v.length > c) {
                    values.add(v[c]);
                }
            }
        }
        return values;
    }

    /** A "Item,Value" row's value. */
    static String csvValue(String out, String item) {
        return out.lines().filter(l -> l.startsWith(item + ",")).map(l -> l.substring(item.length() + 1))
                .collect(Collectors.joining("\n"));
    }
}

package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a SoftEther server: a REAL vpn_server.config (made by SoftEther 5.01 with vpncmd, see
 * releng/interop/softether-config-sample.sh) is imported into our server with
 * {@code vpn:configimport}, then a REAL SoftEther vpnclient logs in as an imported user with the
 * password that user had on SoftEther, on the listener the import added (8443). Namespaces S (our
 * server, 10.88.0.1) and C (the vpnclient, 10.88.0.2), both created here. Root only (CI is root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigImportInteropTest {
    private static final String SERVER_IP = "10.88.0.1";

    @TempDir
    static Path home;
    static Path bin;
    static String nsS;
    static String nsC;
    static String lib;
    static Path clientDir;
    static Path config;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces and a TAP device (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/vpnclient")) || Files.isExecutable(Path.of("/usr/sbin/vpnclient")),
                "the Debian package softether-vpnclient is not installed (releng/install-test-deps.sh installs it)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        config = Interop.repo().resolve("bundles/org.ethervpn.server/src/test/resources/softether/vpn_server.config");
        String lab = Interop.labPrefix().replace("evi", "evm");
        nsS = lab + "s";
        nsC = lab + "c";
        Interop.namespacePair(home, nsS, nsC, "10.88.0"); // SERVER_IP in S
        Interop.startServer(home, nsS, bin, home.resolve("server")); // first start: hub DEFAULT, listeners 443 992 1194 5555
        lib = Interop.softEtherLib(home);
        clientDir = home.resolve("vpnclient");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (nsS == null) {
            return;
        }
        Interop.exec(home, command("bash", "-c", lib + "evi_se_client_stop " + clientDir), Map.of(), Duration.ofSeconds(30),
                null);
        ev(nsS, "stop");
        for (String ns : List.of(nsS, nsC)) {
            // whatever still runs there is ours (our namespaces)
            Interop.exec(home, command("bash", "-c", "ip netns pids " + ns + " | xargs -r kill; ip netns del " + ns),
                    Map.of(), Duration.ofSeconds(20), null);
        }
    }

    @Test
    @Order(1)
    void aDamagedConfigIsRefusedWithItsLineAndChangesNothing() throws Exception {
        String text = Files.readString(config);
        Path cut = Files.writeString(home.resolve("truncated.config"), text.substring(0, text.length() / 2));
        Run r = shellRun("vpn:configimport " + cut);
        assertNotEquals(0, r.code(), r.toString());
        assertTrue(r.out().matches("(?s).*cannot import the SoftEther configuration, line \\d+ \\(root/.*truncated file\\?.*nothing"
                + " was changed.*"), r.out());
        assertFalse(shell("vpn:hublist").contains("IMPORTED"));
        assertFalse(shell("vpn:listenerlist").contains("8443"));
    }

    @Test
    @Order(2)
    void theRealConfigIsImportedWithAReport() throws Exception {
        String report = shell("vpn:configimport " + config);
        System.out.println(report);
        for (String line : List.of("hub DEFAULT: replaces the existing hub", "hub IMPORTED: added, online, at most 50"
                + " sessions, 4 password user(s), 1 anonymous user(s) (2 of them disabled), 1 cascade(s)",
                "hub OTHER: added, offline", "user carol (hub IMPORTED): imported DISABLED (cannot log in; vpn:userenable"
                + " opens it): RADIUS", "listener 8443: added, enabled",
                "local bridge of hub IMPORTED to eth9: added", "cipher: ECDHE-RSA-AES256-GCM-SHA384 -> plugin modern")) {
            assertTrue(report.contains(line), "report has '" + line + "':\n" + report);
        }
        String users = shell("vpn:userlist IMPORTED");
        assertTrue(users.contains("alice") && users.contains("Bob") && users.contains("guest"), users);
        assertTrue(users.lines().anyMatch(l -> l.matches("IMPORTED\\s+carol\\s.*\\sno\\s.*")), "carol disabled:\n" + users);
        assertTrue(shell("vpn:cascadelist IMPORTED").contains("hq.example.net:443"));
        String listeners = "";
        for (int i = 0; i < 40 && !listeners.matches("(?s).*8443\\s+\\S*\\s*listening.*"); i++) {
            Thread.sleep(250);
            listeners = shell("vpn:listenerlist");
        }
        assertTrue(listeners.contains("8443"), listeners);
    }

    @Test
    @Order(3)
    void aRealVpnclientLogsInAsAnImportedUserWithItsSoftEtherPassword() throws Exception {
        sh(lib + "evi_se_client_start " + nsC + " " + clientDir + " >/dev/null");
        connect("alice", "Al1ce-pw!");
        waitForSession("alice");
        // a password with a blank and a '$' (escaped in the SoftEther file, hashed with the user name)
        connect("Bob", "b0b pass$word");
        waitForSession("Bob");
    }

    // ---------------------------------------------------------------- helpers

    /** The real vpnclient's account "evi": 1 TCP connection, encrypted, to the imported listener 8443. */
    private static void connect(String user, String password) throws Exception {
        sh(lib + "evi_se_client_account " + clientDir + " imp 10.89.0.2/24 " + SERVER_IP + " 8443 IMPORTED " + user + " '"
                + password + "' 1 0 1 0");
    }

    private static void waitForSession(String user) throws Exception {
        String list = "";
        for (int i = 0; i < 40; i++) {
            list = shell("vpn:sessionlist IMPORTED");
            if (list.lines().anyMatch(l -> l.trim().split("\\s+").length > 1 && l.trim().split("\\s+")[1].equals(user))) {
                System.out.println(list);
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no session of " + user + " on hub IMPORTED:\n" + list);
    }

    private static String shell(String cmd) throws Exception {
        Run r = shellRun(cmd);
        assertEquals(0, r.code(), cmd + ": " + r);
        return r.out();
    }

    private static Run shellRun(String cmd) throws Exception {
        return Interop.exec(home, command("ip", "netns", "exec", nsS, bin, "shell", "--data", home.resolve("server"), "-c",
                cmd), Map.of(), Duration.ofSeconds(30), null);
    }

    private static Run ev(String ns, String verb) throws Exception {
        return Interop.exec(home, command("ip", "netns", "exec", ns, bin, verb, "--data", home.resolve("server")),
                Map.of(), Duration.ofSeconds(60), null);
    }

    private static String sh(String script) throws Exception {
        return Interop.sh(home, script);
    }
}

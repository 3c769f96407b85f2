package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real SoftEther {@code vpncmd} (Debian's softether-vpncmd) administers our server through the
 * binary admin RPC, as it would a SoftEther VPN Server: our server in its own network namespace,
 * vpncmd in a private sandbox there (releng/interop's evi_vpncmd: a timeout around every call, a
 * refused password stops it at once). Each batch must complete every command, and what vpncmd prints
 * is checked against what the server's own shell says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VpncmdAgainstOursTest {
    private static final String ADMIN_PW = "adm-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    static Path home;
    static Path bin;
    static String ns;
    static String lib;
    static Path data;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: a network namespace for our server and vpncmd (CI runs as root)");
        assumeTrue(Interop.exec(home, command("bash", "-c", "command -v vpncmd"), Map.of(), Duration.ofSeconds(10), null)
                .code() == 0, "needs SoftEther's vpncmd (Debian package softether-vpncmd; releng/install-test-deps.sh)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evc");
        data = home.resolve("server");
        sh("ip netns add " + ns + " && ip -n " + ns + " link set lo up");
        Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "server", "--data", data), Map.of(),
                Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), r.toString());
        lib = ". " + Interop.repo().resolve("releng/interop/softether.sh") + "; export EVI_STATE=" + home.resolve("evi") + "; ";
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns == null) {
            return;
        }
        Interop.exec(home, command("ip", "netns", "exec", ns, bin, "stop", "--data", data), Map.of(),
                Duration.ofSeconds(60), null);
        Interop.exec(home, command("bash", "-c", "ip netns pids " + ns + " | xargs -r kill; ip netns del " + ns),
                Map.of(), Duration.ofSeconds(20), null);
    }

    @Test
    @Order(1)
    void serverInformationAndAFirstPassword() throws Exception {
        // a new server has an empty administrator password, as SoftEther's
        String out = vpncmd("", "ServerInfoGet", "ServerStatusGet", "ListenerList", "ServerPasswordSet " + ADMIN_PW);
        assertTrue(out.contains("Product Name") && out.contains("EtherVPN Server"), out);
        assertTrue(out.contains("Standalone Server"), out);
        assertTrue(out.contains("Number of Virtual Hubs") && out.matches("(?s).*Number of Virtual Hubs\\s*\\|1\\b.*"), out);
        for (int port : new int[] {443, 992, 1194, 5555}) {
            assertTrue(out.matches("(?s).*TCP " + port + "\\s*\\|Listening.*"), out);
        }
        assertFalse(Files.readString(data.resolve("logs/ethervpn.log")).contains(ADMIN_PW), "no password in the log");
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedAndTheRightOneWorks() throws Exception {
        Run r = vpncmdRun("wrong-" + ADMIN_PW, "HubList");
        assertTrue(r.code() != 0 && r.out().contains("Access has been denied"), r.toString());
        assertTrue(vpncmd(ADMIN_PW, "HubList").contains("DEFAULT"));
    }

    @Test
    @Order(3)
    void hubsAsWithASoftEtherServer() throws Exception {
        String out = vpncmd(ADMIN_PW, "HubCreate SALES /PASSWORD:hubpw", "HubList", "Hub SALES", "StatusGet", "SetMaxSession 7",
                "Offline", "Online");
        assertTrue(out.matches("(?s).*Virtual Hub Name\\s*\\|SALES.*"), out);
        assertTrue(out.contains("The Virtual Hub \"SALES\" has been selected."), out);
        String hubs = shell("vpn:hublist");
        assertTrue(hubs.lines().anyMatch(l -> l.startsWith("SALES ") && l.contains(" yes ") && l.contains(" 7 ")), hubs);
        vpncmd(ADMIN_PW, "HubDelete SALES");
        assertFalse(shell("vpn:hublist").contains("SALES"));
        Run dup = vpncmdRun(ADMIN_PW, "HubCreate DEFAULT /PASSWORD:x");
        assertTrue(dup.out().contains("Error code: 57") || dup.out().contains("already exists"), dup.toString());
    }

    @Test
    @Order(4)
    void listenersCipherAndBridges() throws Exception {
        String out = vpncmd(ADMIN_PW, "ListenerCreate 7777", "ListenerDisable 7777", "ListenerList");
        assertTrue(out.matches("(?s).*TCP 7777\\s*\\|Stopped.*"), out);
        assertTrue(shell("vpn:listenerlist").lines().anyMatch(l -> l.startsWith("7777 ") && l.contains(" no ")));
        out = vpncmd(ADMIN_PW, "ListenerEnable 7777", "ListenerList", "ListenerDelete 7777");
        assertTrue(out.matches("(?s).*TCP 7777\\s*\\|Listening.*"), out);
        assertFalse(shell("vpn:listenerlist").contains("7777"));

        out = vpncmd(ADMIN_PW, "ServerCipherGet");
        assertTrue(out.contains("~DEFAULT~"), out);

        out = vpncmd(ADMIN_PW, "BridgeCreate DEFAULT /DEVICE:nodev0 /TAP:no", "BridgeList", "BridgeDeviceList");
        assertTrue(out.contains("nodev0"), out);
        assertTrue(shell("vpn:bridgelist").contains("nodev0"));
        vpncmd(ADMIN_PW, "BridgeDelete DEFAULT /DEVICE:nodev0");
        assertFalse(shell("vpn:bridgelist").contains("nodev0"));
    }

    @Test
    @Order(5)
    void aHubAdministratorManagesOnlyItsHub() throws Exception {
        vpncmd(ADMIN_PW, "HubCreate BRANCH /PASSWORD:br-pw", "HubCreate OTHER /PASSWORD:ot-pw");
        try {
            Path in = Files.writeString(Files.createTempFile(home, "vpncmd", ".txt"), "StatusGet\nHubList\n");
            Run r = Interop.exec(home, command("bash", "-c", lib + "evi_vpncmd " + ns + " 127.0.0.1:5555 /SERVER /HUB:BRANCH"
                    + " /PASSWORD:br-pw < " + in), Map.of(), Duration.ofSeconds(120), null);
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().matches("(?s).*Virtual Hub Name\\s*\\|BRANCH.*"), r.out());
            assertFalse(r.out().contains("OTHER") || r.out().contains("DEFAULT"), "a hub administrator sees its hub only:\n" + r);
            in = Files.writeString(Files.createTempFile(home, "vpncmd", ".txt"), "HubCreate NEWHUB /PASSWORD:x\n");
            r = Interop.exec(home, command("bash", "-c", lib + "evi_vpncmd " + ns + " 127.0.0.1:5555 /SERVER /HUB:BRANCH"
                    + " /PASSWORD:br-pw < " + in), Map.of(), Duration.ofSeconds(120), null);
            assertTrue(r.code() != 0, "a hub administrator cannot create hubs:\n" + r);
            assertFalse(shell("vpn:hublist").contains("NEWHUB"));
            in = Files.writeString(Files.createTempFile(home, "vpncmd", ".txt"), "HubList\n");
            r = Interop.exec(home, command("bash", "-c", lib + "evi_vpncmd " + ns + " 127.0.0.1:5555 /SERVER /HUB:BRANCH"
                    + " /PASSWORD:wrong < " + in), Map.of(), Duration.ofSeconds(120), null);
            assertTrue(r.code() != 0 && r.out().contains("Access has been denied"), r.toString());
        } finally {
            vpncmd(ADMIN_PW, "HubDelete BRANCH", "HubDelete OTHER");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One vpncmd batch against our server as its administrator; every command must complete. */
    static String vpncmd(String password, String... commands) throws Exception {
        Run r = vpncmdRun(password, commands);
        assertEquals(0, r.code(), String.join("; ", commands) + ":\n" + r);
        return r.out();
    }

    static Run vpncmdRun(String password, String... commands) throws Exception {
        Path in = Files.writeString(Files.createTempFile(home, "vpncmd", ".txt"), String.join("\n", commands) + "\n");
        return Interop.exec(home, command("bash", "-c", lib + "evi_vpncmd " + ns + " 127.0.0.1:5555 /SERVER"
                + (password.isEmpty() ? "" : " /PASSWORD:" + password) + " < " + in), Map.of(), Duration.ofSeconds(120), null);
    }

    static String shell(String cmd) throws Exception {
        Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--data", data, "-c", cmd), Map.of(),
                Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), cmd + ": " + r);
        return r.out();
    }

    private static String sh(String script) throws Exception {
        Run r = Interop.exec(home, command("bash", "-c", script), Map.of(), Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), script + ": " + r);
        return r.out();
    }
}

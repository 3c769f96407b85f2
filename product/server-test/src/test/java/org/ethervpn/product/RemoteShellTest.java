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
 * {@code ethervpn shell --server HOST:PORT}: the distribution's remote admin runtime manages two of
 * our servers through the binary admin RPC. Server A runs in namespace {@code ns} (reached at
 * 127.0.0.1:5555 from there), server B in {@code ns}b behind a veth pair (reached at .2:5555); the
 * remote shells run in {@code ns}, and each server's own local shell confirms what they did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteShellTest {
    private static final String PW_A = "pa-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private static final String PW_B = "pb-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private static final String WRONG = "wrong-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    static Path home;
    static Path dist;
    static Path bin;
    static String ns;
    static String nsB;
    static String addrB;
    static Path dataA;
    static Path dataB;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces for two servers (CI runs as root)");
        dist = Interop.unpackDistribution(home);
        bin = dist.resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evr");
        nsB = ns + "b";
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        addrB = "10.218." + net + ".2";
        Interop.sh(home, "ip netns add " + ns + " && ip -n " + ns + " link set lo up && ip netns add " + nsB
                + " && ip -n " + nsB + " link set lo up && ip link add " + ns + "x netns " + ns + " type veth peer name "
                + ns + "y netns " + nsB + " && ip -n " + ns + " addr add 10.218." + net + ".1/30 dev " + ns + "x && ip -n "
                + ns + " link set " + ns + "x up && ip -n " + nsB + " addr add " + addrB + "/30 dev " + ns + "y && ip -n "
                + nsB + " link set " + ns + "y up");
        dataA = home.resolve("a");
        dataB = home.resolve("b");
        for (String[] s : new String[][] {{ns, dataA.toString(), PW_A}, {nsB, dataB.toString(), PW_B}}) {
            Run r = Interop.exec(home, command("ip", "netns", "exec", s[0], bin, "server", "--data", s[1]), Map.of(),
                    Duration.ofSeconds(60), null);
            assertEquals(0, r.code(), r.toString());
            Interop.evShell(home, s[0], bin, Path.of(s[1]), "vpn:serverpasswordset " + s[2]);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns == null) {
            return;
        }
        Interop.dropLab(home, nsB, bin, dataB);
        Interop.dropLab(home, ns, bin, dataA);
    }

    @Test
    @Order(1)
    void hubsUsersSessionsListenersAndServerInfoRemotely() throws Exception {
        long t0 = System.nanoTime();
        String out = remote("--password", PW_A, "-c", "vpn:hubcreate SALES");
        System.out.println("one remote command (runtime start, login, call, stop): "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        assertTrue(out.contains("hub SALES created"), out);
        Path script = Files.writeString(home.resolve("a.txt"), """
                vpn:usercreate --realname "Alice A" SALES alice
                vpn:userpasswordset SALES alice alicepw
                vpn:userlist SALES
                vpn:sessionlist SALES
                vpn:listenerlist
                vpn:serverinfoget
                vpn:connection
                """);
        out = remote("--password", PW_A, script.toString());
        assertTrue(out.contains("alice") && out.contains("Alice A"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("5555 ") && l.contains("listening")), out);
        assertTrue(out.contains("EtherVPN"), out);
        assertTrue(out.contains("127.0.0.1:5555") && out.contains("server administrator"), out);
        assertTrue(out.matches("(?s).*([0-9A-F]{2}:){31}[0-9A-F]{2}.*"), "the certificate fingerprint is shown:\n" + out);

        // the server's own shell agrees, and alice's password is the one set remotely (same hash)
        String local = local(ns, dataA, "vpn:userlist SALES");
        assertTrue(local.contains("alice") && local.contains("Alice A") && local.contains("PASSWORD"), local);
        assertTrue(local(ns, dataA, "vpn:hublist").contains("SALES"));
        assertFalse(Files.readString(dataA.resolve("logs/ethervpn.log")).contains("alicepw"));
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedClearlyAndNeverShown() throws Exception {
        Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--server", "127.0.0.1:5555",
                "-c", "vpn:hublist"), Map.of("ETHERVPN_PASSWORD", WRONG), Duration.ofSeconds(90), null);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.out().contains("refused: wrong password for the server administrator"), r.out());
        assertFalse(r.out().contains(WRONG), r.out());
        assertFalse(Files.readString(dataA.resolve("logs/ethervpn.log")).contains(WRONG), "no password in the server log");
        // and no server at all: exit 2 too
        Run none = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--server", "127.0.0.1:5999",
                "--password", "x", "-c", "vpn:hublist"), Map.of(), Duration.ofSeconds(90), null);
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.out().contains("cannot connect to 127.0.0.1:5999"), none.out());
    }

    @Test
    @Order(3)
    void aHubAdministratorSeesOnlyItsHub() throws Exception {
        remote("--password", PW_A, "-c", "vpn:sethubpassword SALES hubpw");
        String out = remote("--hub", "SALES", "--password", "hubpw", "-c", "vpn:hublist");
        assertTrue(out.contains("SALES") && !out.contains("DEFAULT"), out);
        assertTrue(remote("--hub", "SALES", "--password", "hubpw", "-c", "vpn:userlist SALES").contains("alice"));
        Run r = remoteRun("--hub", "SALES", "--password", "hubpw", "-c", "vpn:userlist DEFAULT");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("error 52") || r.out().contains("ERR_NOT_ENOUGH_RIGHT"), r.out());
        Run wrong = remoteRun("--hub", "SALES", "--password", "nothubpw", "-c", "vpn:hublist");
        assertEquals(2, wrong.code(), wrong.toString());
        assertTrue(wrong.out().contains("wrong password for the administrator of hub SALES"), wrong.out());
    }

    @Test
    @Order(4)
    void oneScriptManagesTwoServers() throws Exception {
        Path script = Files.writeString(home.resolve("two.txt"), """
                vpn:hubcreate ONA
                vpn:connect --password %s %s:5555
                vpn:hubcreate ONB
                vpn:usercreate ONB bob
                vpn:connection
                vpn:disconnect
                vpn:connect --password %s 127.0.0.1:5555
                vpn:hubdelete ONA
                vpn:hubcreate ONA2
                """.formatted(PW_B, addrB, PW_A));
        String out = remote("--password", PW_A, script.toString());
        assertTrue(out.contains(addrB + ":5555"), out);
        String a = local(ns, dataA, "vpn:hublist");
        String b = local(nsB, dataB, "vpn:hublist");
        assertTrue(a.contains("ONA2") && !a.contains("ONA ") && !a.contains("ONB"), a);
        assertTrue(b.contains("ONB") && !b.contains("ONA"), b);
        assertTrue(local(nsB, dataB, "vpn:userlist ONB").contains("bob"));
        // a failing command stops the script with exit status 1
        Path bad = Files.writeString(home.resolve("bad.txt"), "vpn:hubcreate ONA2\nvpn:hubcreate NEVER\n");
        Run r = remoteRun("--password", PW_A, bad.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("error 57"), r.out());
        assertFalse(local(ns, dataA, "vpn:hublist").contains("NEVER"));
    }

    @Test
    @Order(5)
    void pluginsListInstallUninstallRemotely() throws Exception {
        Path jar = dist.resolve("opt/plugins/org.ethervpn.cipher.legacy.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is in the distribution");
        String out = remote("--password", PW_A, "-c", "vpn:plugins");
        assertTrue(out.contains("modern") && !out.contains("org.ethervpn.cipher.legacy"), out);
        out = remote("--password", PW_A, "-c", "vpn:plugin-install " + jar);
        assertTrue(out.contains("org.ethervpn.cipher.legacy") && out.contains("active"), out);
        assertTrue(local(ns, dataA, "vpn:plugins").contains("org.ethervpn.cipher.legacy"));
        assertTrue(Files.exists(dataA.resolve("plugins/org.ethervpn.cipher.legacy.jar")));
        out = remote("--password", PW_A, "-c", "vpn:plugin-uninstall org.ethervpn.cipher.legacy");
        assertTrue(out.contains("uninstalled"), out);
        assertFalse(local(ns, dataA, "vpn:plugins").contains("org.ethervpn.cipher.legacy"));
        Run r = remoteRun("--password", PW_A, "-c", "vpn:plugin-uninstall org.ethervpn.cipher.modern");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("built into the runtime"), r.out());
        // plugins are for the server administrator
        Run hub = remoteRun("--hub", "SALES", "--password", "hubpw", "-c", "vpn:plugins");
        assertEquals(1, hub.code(), hub.toString());
    }

    @Test
    @Order(6)
    void theWholeConfigurationConnectionsAndAnImportRemotely() throws Exception {
        Path saved = home.resolve("remote-saved.json");
        Path softEther = Files.writeString(home.resolve("import.config"), """
                declare root
                {
                	declare VirtualHUB
                	{
                		declare IMPORTED
                		{
                			bool Online true
                		}
                	}
                }
                """);
        Path script = Files.writeString(home.resolve("config.txt"), """
                vpn:configget %s
                vpn:hubcreate TEMP
                vpn:connectionlist
                vpn:mactablelist SALES
                vpn:configset %s
                vpn:configimport %s
                vpn:hublist
                """.formatted(saved, saved, softEther));
        String out = remote("--password", PW_A, script.toString());
        assertTrue(Files.readString(saved).contains("\"SALES\""), "saved by the shell's process");
        assertTrue(out.lines().anyMatch(l -> l.contains("admin-rpc")), "its own admin connection is listed:\n" + out);
        assertTrue(out.contains("applied"), out);
        assertTrue(out.contains("hub IMPORTED: added"), out);
        String hubs = local(ns, dataA, "vpn:hublist");
        assertTrue(hubs.contains("SALES") && hubs.contains("IMPORTED") && !hubs.contains("TEMP"), hubs);
    }

    // ---------------------------------------------------------------- helpers

    /** {@code ethervpn shell --server 127.0.0.1:5555 ARGS} in {@code ns}; must succeed. */
    static String remote(String... args) throws Exception {
        Run r = remoteRun(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r);
        return r.out();
    }

    static Run remoteRun(String... args) throws Exception {
        java.util.List<String> cmd = command("ip", "netns", "exec", ns, bin, "shell", "--server", "127.0.0.1:5555");
        cmd.addAll(java.util.List.of(args));
        return Interop.exec(home, cmd, Map.of(), Duration.ofSeconds(120), null);
    }

    static String local(String namespace, Path data, String cmd) throws Exception {
        return Interop.evShell(home, namespace, bin, data, cmd);
    }
}

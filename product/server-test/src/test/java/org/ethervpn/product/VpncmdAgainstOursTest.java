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
    /** The namespace of our client (test 11); null until then. */
    static String nsC;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: a network namespace for our server and vpncmd (CI runs as root)");
        assumeTrue(Interop.exec(home, command("bash", "-c", "command -v vpncmd"), Map.of(), Duration.ofSeconds(10), null)
                .code() == 0, "needs SoftEther's vpncmd (Debian package softether-vpncmd; releng/install-test-deps.sh)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        ns = Interop.labPrefix().replace("evi", "evc");
        data = home.resolve("server");
        sh("ip netns add " + ns + " && ip -n " + ns + " link set lo up");
        Interop.startServer(home, ns, bin, data);
        lib = Interop.softEtherLib(home.resolve("evi"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns == null) {
            return;
        }
        Interop.exec(home, command("ip", "netns", "exec", ns, bin, "stop", "--data", data), Map.of(),
                Duration.ofSeconds(60), null);
        if (nsC != null) {
            Interop.exec(home, command("ip", "netns", "exec", nsC, bin, "stop", "--data", home.resolve("client")), Map.of(),
                    Duration.ofSeconds(60), null);
            Interop.exec(home, command("bash", "-c", "ip netns pids " + nsC + " | xargs -r kill; ip netns del " + nsC),
                    Map.of(), Duration.ofSeconds(20), null);
        }
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
        // an OpenSSL name, as SoftEther users type it; TLS 1.3 stays on, so vpncmd still gets in
        vpncmd(ADMIN_PW, "ServerCipherSet ECDHE-RSA-AES256-GCM-SHA384");
        assertTrue(shell("vpn:servercipherget").contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        out = vpncmd(ADMIN_PW, "ServerCipherGet", "ServerCipherSet ~DEFAULT~");
        assertTrue(out.contains(" ECDHE-RSA-AES256-GCM-SHA384"), "shown in OpenSSL names, as SoftEther does: " + out);
        assertTrue(vpncmd(ADMIN_PW, "ServerCipherGet").contains("~DEFAULT~"));

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

    @Test
    @Order(10)
    void usersAsWithASoftEtherServer() throws Exception {
        String out = vpncmd(ADMIN_PW, "Hub DEFAULT", "UserCreate carol /GROUP:none /REALNAME:Carol /NOTE:tester",
                "UserPasswordSet carol /PASSWORD:carolpw", "UserCreate dave /GROUP:none /REALNAME:none /NOTE:none",
                "UserPasswordSet dave /PASSWORD:davepw", "UserSet carol /GROUP:none /REALNAME:Caroline /NOTE:tester",
                "UserList", "UserGet carol");
        assertTrue(out.matches("(?s).*User Name\\s*\\|carol.*User Name\\s*\\|dave.*"), out);
        // UserSet is GetUser (no hash shown) + SetUser (zeros): the password stays (test 11 logs in with it)
        assertTrue(out.matches("(?s).*Full Name\\s*\\|Caroline.*"), out);
        assertTrue(out.matches("(?s).*Description\\s*\\|tester.*"), out);
        assertTrue(out.contains("Password Authentication"), out);
        String users = shell("vpn:userlist DEFAULT");
        assertTrue(users.lines().anyMatch(l -> l.startsWith("DEFAULT ") && l.contains(" carol ") && l.contains("PASSWORD")), users);
        assertTrue(users.contains(" dave "), users);
        // the hash vpncmd sent is SoftEther's SHA0(password + UPPER(name)): stored as it is
        assertTrue(Files.readString(data.resolve("server.json")).contains(
                java.util.Base64.getEncoder().encodeToString(org.ethervpn.protocol.PasswordHash.hashedPassword("carol", "carolpw"))));

        vpncmd(ADMIN_PW, "Hub DEFAULT", "UserDelete dave");
        users = shell("vpn:userlist DEFAULT");
        assertFalse(users.contains(" dave "), users);
        Run gone = vpncmdRun(ADMIN_PW, "Hub DEFAULT", "UserGet dave");
        assertTrue(gone.out().contains("Error code: 29"), gone.toString());
        Run reserved = vpncmdRun(ADMIN_PW, "Hub DEFAULT", "UserCreate link /GROUP:none /REALNAME:none /NOTE:none");
        assertTrue(reserved.out().contains("Error code: 38"), reserved.toString());
    }

    @Test
    @Order(11)
    void theSessionOfOurClientInASecondNamespace() throws Exception {
        nsC = ns + "c";
        Path client = home.resolve("client");
        sh("ip netns add " + nsC + " && ip -n " + nsC + " link set lo up"
                + " && ip link add " + ns + "v type veth peer name " + ns + "w"
                + " && ip link set " + ns + "v netns " + ns + " && ip link set " + ns + "w netns " + nsC
                + " && ip -n " + ns + " addr add 10.81.0.1/24 dev " + ns + "v && ip -n " + ns + " link set " + ns + "v up"
                + " && ip -n " + nsC + " addr add 10.81.0.2/24 dev " + ns + "w && ip -n " + nsC + " link set " + ns + "w up");
        Run r = Interop.exec(home, command("ip", "netns", "exec", nsC, bin, "client", "--data", client), Map.of(),
                Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), r.toString());
        shellIn(nsC, client, "vpn:niccreate " + ns + "t");
        // carol's password is the one vpncmd set: the login proves the stored hash right
        shellIn(nsC, client, "vpn:accountcreate --server 10.81.0.1:5555 --hub DEFAULT --user carol --nic " + ns + "t evc");
        shellIn(nsC, client, "vpn:accountpasswordset evc carolpw");
        shellIn(nsC, client, "vpn:accountretryset --num 0 --interval 5 evc");
        shellIn(nsC, client, "vpn:accountconnect evc");
        String sessions = waitForShell("vpn:sessionlist DEFAULT", s -> s.contains(" carol "), 20);
        String name = sessions.lines().filter(l -> l.contains(" carol ")).findFirst().orElseThrow().trim().split("\\s+")[0];
        assertTrue(name.startsWith("SID-CAROL-"), sessions);

        String out = vpncmd(ADMIN_PW, "Hub DEFAULT", "SessionList", "SessionGet " + name);
        assertTrue(out.matches("(?s).*Session Name\\s*\\|" + name + ".*"), out);
        assertTrue(out.matches("(?s).*User Name\\s*\\|carol.*"), out);
        assertTrue(out.contains("10.81.0.2"), "the client's address, not reversed: " + out);
        assertTrue(out.contains("EtherVPN"), "client and server products: " + out);

        vpncmd(ADMIN_PW, "Hub DEFAULT", "SessionDisconnect " + name);
        waitForShell("vpn:sessionlist DEFAULT", s -> !s.contains(name), 10);
        Run gone = vpncmdRun(ADMIN_PW, "Hub DEFAULT", "SessionGet " + name);
        assertTrue(gone.out().contains("Error code: 29"), gone.toString());
    }

    @Test
    @Order(12)
    void aCascadeBetweenTwoHubsOfOurServer() throws Exception {
        String out = vpncmd(ADMIN_PW, "HubCreate CASC /PASSWORD:cascpw", "Hub DEFAULT",
                "UserCreate linkuser /GROUP:none /REALNAME:none /NOTE:none", "UserPasswordSet linkuser /PASSWORD:linkpw",
                "Hub CASC", "CascadeCreate tolocal /SERVER:127.0.0.1:5555 /HUB:DEFAULT /USERNAME:linkuser",
                "CascadePasswordSet tolocal /PASSWORD:linkpw /TYPE:standard", "CascadeOnline tolocal", "CascadeGet tolocal");
        assertTrue(out.matches("(?s).*Setting Name\\s*\\|tolocal.*"), out);
        assertTrue(out.matches("(?s).*Destination VPN Server Host Name\\s*\\|127.0.0.1.*"), out);
        waitForShell("vpn:cascadestatusget CASC tolocal", s -> s.contains("connected") && !s.contains("connecting"), 30);
        out = vpncmd(ADMIN_PW, "Hub CASC", "CascadeList", "CascadeStatusGet tolocal", "Hub DEFAULT", "SessionList");
        assertTrue(out.matches("(?s).*Setting Name\\s*\\|tolocal.*"), out);
        assertTrue(out.contains("Online (Established)"), out);
        assertTrue(out.contains("SID-LINKUSER-"), "the cascade's session on DEFAULT: " + out);

        out = vpncmd(ADMIN_PW, "Hub CASC", "CascadeOffline tolocal", "CascadeList");
        assertTrue(out.contains("Offline"), out);
        assertTrue(shell("vpn:cascadelist CASC").contains("offline"));
        Run offline = vpncmdRun(ADMIN_PW, "Hub CASC", "CascadeStatusGet tolocal");
        assertTrue(offline.out().contains("Error code: 61"), offline.toString());
        vpncmd(ADMIN_PW, "Hub CASC", "CascadeDelete tolocal");
        assertFalse(shell("vpn:cascadelist CASC").contains("tolocal"));
        vpncmd(ADMIN_PW, "HubDelete CASC");
    }

    @Test
    @Order(13)
    void configGetWritesOurConfiguration() throws Exception {
        String file = "evcfg-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".json";
        vpncmd(ADMIN_PW, "ConfigGet " + file);
        Path saved;
        try (var s = Files.walk(home)) {
            saved = s.filter(p -> p.getFileName().toString().equals(file)).findFirst().orElseThrow(
                    () -> new AssertionError("vpncmd wrote no " + file));
        }
        assertEquals(Files.readString(data.resolve("server.json")), Files.readString(saved));
        Run out = vpncmdRun(ADMIN_PW, "ConfigGet");
        assertTrue(out.out().contains("\"ethervpn-server-config\""), "without a file vpncmd prints it: " + out);
    }

    @Test
    @Order(14)
    void configSetPutsASavedConfigurationBackAndConnectionListShowsTheAdmin() throws Exception {
        String file = "evset-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".json";
        vpncmd(ADMIN_PW, "ConfigGet " + file); // saved where vpncmd runs, so ConfigSet reads it by the same name
        shell("vpn:hubcreate AFTERSAVE");
        String out = vpncmd(ADMIN_PW, "ConfigSet " + file, "HubList", "ConnectionList");
        assertFalse(shell("vpn:hublist").contains("AFTERSAVE"), "the saved configuration is back");
        assertTrue(out.lines().anyMatch(l -> l.contains("Admin RPC") || l.contains("Administration RPC")
                || l.matches(".*CID-\\d+.*")), "ConnectionList shows vpncmd's own connection:\n" + out);
        // the caller's admin connection stayed: the batch went on after ConfigSet
        assertTrue(out.contains("HubList command"), out);
    }

    // ---------------------------------------------------------------- helpers

    /** One vpncmd batch against our server as its administrator; every command must complete. */
    static String vpncmd(String password, String... commands) throws Exception {
        return Interop.vpncmd(home, lib, ns, password, commands);
    }

    static Run vpncmdRun(String password, String... commands) throws Exception {
        return Interop.vpncmdRun(home, lib, ns, password, commands);
    }

    static String shell(String cmd) throws Exception {
        return Interop.evShell(home, ns, bin, data, cmd);
    }

    static String shellIn(String namespace, Path dataDir, String cmd) throws Exception {
        return Interop.evShell(home, namespace, bin, dataDir, cmd);
    }

    static String waitForShell(String cmd, java.util.function.Predicate<String> done, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String out;
        do {
            out = shell(cmd);
            if (done.test(out)) {
                return out;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError(cmd + " not as expected within " + seconds + " s:\n" + out);
    }

    private static String sh(String script) throws Exception {
        return Interop.sh(home, script);
    }
}

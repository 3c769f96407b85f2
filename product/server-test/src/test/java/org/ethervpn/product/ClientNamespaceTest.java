package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client runtime and our server, each in its own network namespace (a bridge in the server's
 * namespace joins them), TAP devices in the clients' namespaces: the reconnect policy (interval,
 * attempts, no retry after a refusal), the session coming back after a server restart, and TCP
 * connections killed under load being replaced without losing the session; cascades between two of
 * our servers and between two hubs of one server, with a TAP client on each side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientNamespaceTest {
    private static final String SERVER_IP = "10.78.0.1";
    /** accountstatusget's line for AccountStatus.superFrames. */
    private static final String SUPER_FRAMES = "SUPER-FRAMES";
    private static final Pattern RETRY = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Account (\\S+): retry (\\d+) in (\\d+) s");

    @TempDir
    static Path home;
    static Path bin;
    static String lab;
    static String nsS;
    static String nsA;
    static String nsB;
    static final List<String> started = new ArrayList<>();
    static final List<String> extra = new ArrayList<>();

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces and TAP devices (CI runs as root)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        lab = Interop.labPrefix().replace("evi", "evr");
        nsS = lab + "s";
        nsA = lab + "a";
        nsB = lab + "b";
        sh("ip netns add " + nsS + " && ip netns add " + nsA + " && ip netns add " + nsB
                + " && ip -n " + nsS + " link set lo up && ip -n " + nsA + " link set lo up && ip -n " + nsB + " link set lo up"
                + " && ip -n " + nsS + " link add br0 type bridge && ip -n " + nsS + " addr add " + SERVER_IP + "/24 dev br0"
                + " && ip -n " + nsS + " link set br0 up"
                + " && ip link add " + lab + "va type veth peer name " + lab + "vas"
                + " && ip link add " + lab + "vb type veth peer name " + lab + "vbs"
                + " && ip link set " + lab + "va netns " + nsA + " && ip link set " + lab + "vb netns " + nsB
                + " && ip link set " + lab + "vas netns " + nsS + " && ip link set " + lab + "vbs netns " + nsS
                + " && ip -n " + nsS + " link set " + lab + "vas master br0 up && ip -n " + nsS + " link set " + lab + "vbs master br0 up"
                + " && ip -n " + nsA + " addr add 10.78.0.2/24 dev " + lab + "va && ip -n " + nsA + " link set " + lab + "va up"
                + " && ip -n " + nsB + " addr add 10.78.0.3/24 dev " + lab + "vb && ip -n " + nsB + " link set " + lab + "vb up");
        startServer();
        shell(nsS, "vpn:usercreate DEFAULT alice; vpn:userpasswordset DEFAULT alice pw-a;"
                + " vpn:usercreate DEFAULT bob; vpn:userpasswordset DEFAULT bob pw-b");
        for (String[] c : new String[][] {{nsA, "alice", "pw-a", "10.79.0.2"}, {nsB, "bob", "pw-b", "10.79.0.3"}}) {
            String ns = c[0];
            assertEquals(0, evRun(ns, "client").code());
            started.add(ns);
            shell(ns, "vpn:niccreate " + lab + "t");
            sh("ip -n " + ns + " addr add " + c[3] + "/24 dev " + lab + "t");
            shell(ns, "vpn:accountcreate --server " + SERVER_IP + ":5555 --hub DEFAULT --user " + c[1] + " --nic " + lab
                    + "t evi");
            shell(ns, "vpn:accountpasswordset evi " + c[2]);
            shell(ns, "vpn:accountretryset --num unlimited --interval 5 evi");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (lab == null) {
            return;
        }
        for (String ns : started) {
            evRun(ns, "stop");
        }
        evRun(nsS, "stop");
        sh("ip netns pids " + nsA + " | xargs -r kill; ip netns pids " + nsB + " | xargs -r kill; true");
        for (String ns : extra) {
            sh("ip netns pids " + ns + " | xargs -r kill; true");
        }
        List<String> all = new ArrayList<>(List.of(nsS, nsA, nsB));
        all.addAll(extra);
        for (String ns : all) {
            Interop.exec(home, command("ip", "netns", "del", ns), Map.of(), Duration.ofSeconds(20), null);
        }
    }

    @Test
    @Order(1)
    void theSessionComesBackAfterTheServerRestartsAndRetriesKeepTheirInterval() throws Exception {
        shell(nsA, "vpn:accountconnect evi");
        shell(nsB, "vpn:accountconnect evi");
        waitFor(nsA, "CONNECTED", 20);
        waitFor(nsB, "CONNECTED", 20);
        ping(nsA, "10.79.0.3");

        assertEquals(0, evRun(nsS, "stop").code());
        started.remove(nsS);
        waitFor(nsA, "RETRY_WAIT", 30);
        Thread.sleep(12_000); // at least two retries at 5 s
        List<LocalDateTime> retries = retries(nsA);
        assertTrue(retries.size() >= 2, "retries in the log: " + retries);
        for (int i = 1; i < retries.size(); i++) {
            long ms = Duration.between(retries.get(i - 1), retries.get(i)).toMillis();
            // each retry is one failed attempt (connection refused: immediate) after a 5 s wait
            assertTrue(ms >= 4900 && ms < 7500, "retry spacing " + ms + " ms, expected ~5000: " + retries);
        }

        startServer();
        waitFor(nsA, "CONNECTED", 20);
        waitFor(nsB, "CONNECTED", 20);
        assertEquals("2", field(status(nsA), "LOGINS"));
        ping(nsA, "10.79.0.3");
    }

    @Test
    @Order(2)
    void killedConnectionsAreReplacedUnderLoadWithoutLosingTheSession() throws Exception {
        shell(nsA, "vpn:accountdisconnect evi");
        shell(nsA, "vpn:accountdetailset --maxtcp 4 --interval 1 evi");
        shell(nsA, "vpn:accountconnect evi");
        waitForConnections(nsA, 4, 30);
        String logins = field(status(nsA), "LOGINS");
        ping(nsA, "10.79.0.3");
        Process server = new ProcessBuilder(command("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-B", "10.79.0.3"))
                .redirectErrorStream(true).redirectOutput(home.resolve("iperf3-s.txt").toFile()).start();
        try {
            Thread.sleep(500);
            Process client = new ProcessBuilder(command("ip", "netns", "exec", nsA, "iperf3", "-c", "10.79.0.3", "-t", "8",
                    "-J")).redirectErrorStream(true).redirectOutput(home.resolve("iperf3-c.json").toFile()).start();
            Thread.sleep(2500);
            // kill two of the session's four TCP connections (ss -K: the kernel resets them)
            List<String> ports = sh("ip netns exec " + nsA + " ss -Htn state established dst " + SERVER_IP
                    + " dport = :5555 | awk '{print $3}' | sed 's/.*://' | head -2").lines().filter(l -> !l.isBlank()).toList();
            assertEquals(2, ports.size(), "session connections: " + ports);
            for (String p : ports) {
                sh("ip netns exec " + nsA + " ss -K dst " + SERVER_IP + " dport = :5555 sport = :" + p);
            }
            assertTrue(client.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "iperf3 finished");
            String json = Files.readString(home.resolve("iperf3-c.json"));
            assertEquals(0, client.exitValue(), json);
            assertTrue(json.contains("\"sum_received\""), json);
        } finally {
            server.destroy();
        }
        waitForConnections(nsA, 4, 20);
        String st = status(nsA);
        assertEquals("CONNECTED", field(st, "STATE"));
        assertEquals(logins, field(st, "LOGINS"), "the same session: no new login\n" + st);

        // all of them at once (what the real vpnclient ends up with after one reset): the session waits
        // for the re-joins, which send at once, so it is not taken for a dead client (issue 16)
        String list = "ip netns exec " + nsA + " ss -Htn state established dst " + SERVER_IP
                + " dport = :5555 | awk '{print $3}' | sort";
        List<String> old = sh(list).lines().toList();
        sh("ip netns exec " + nsA + " ss -K dst " + SERVER_IP + " dport = :5555");
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> now;
        do {
            Thread.sleep(250);
            now = sh(list).lines().toList();
        } while ((now.size() < 4 || now.stream().anyMatch(old::contains)) && System.nanoTime() < end);
        assertTrue(now.size() == 4 && now.stream().noneMatch(old::contains), "4 new connections: " + old + " -> " + now);
        waitForConnections(nsA, 4, 30);
        ping(nsA, "10.79.0.3");
        st = status(nsA);
        assertEquals(logins, field(st, "LOGINS"), "still the same session after losing every connection\n" + st);
    }

    @Test
    @Order(3)
    void framesAreSpreadOverTheSessionsConnectionsBothWays() throws Exception {
        waitForConnections(nsA, 4, 20); // as test 2 left it: 4 connections, both directions each
        long csumErrors = tcpChecksumErrors(nsA) + tcpChecksumErrors(nsB);
        iperf(nsA, nsB, "10.79.0.3", "-P", "8");
        iperf(nsA, nsB, "10.79.0.3", "-P", "8", "-R");
        String st = status(nsA);
        // two of our clients through our hub: super-frames agreed, and TCP through the TAPs moved in them both ways
        assertEquals("yes", field(st, SUPER_FRAMES), st);
        assertEquals("yes", field(status(nsB), SUPER_FRAMES));
        assertTrue(bytesPerFrame(st, "SENT") > 1600 && bytesPerFrame(st, "RECEIVED") > 1600,
                "frames above 1600 bytes on average carry super-frames:\n" + st);
        assertEquals(csumErrors, tcpChecksumErrors(nsA) + tcpChecksumErrors(nsB), "TCP checksum errors in A and B");
        List<Map<String, String>> rows = connectionRows(st);
        assertEquals(4, rows.size(), st);
        for (Map<String, String> row : rows) {
            // eight TCP flows each way: every connection carries some of them, in both directions
            assertTrue(Long.parseLong(row.get("FRAMES-SENT")) > 100, "client->server spread:\n" + st);
            assertTrue(Long.parseLong(row.get("FRAMES-RECEIVED")) > 100, "server->client spread:\n" + st);
        }
    }

    @Test
    @Order(4)
    void halfDuplexDirectionsAndTheEstablishmentIntervalAreHonoured() throws Exception {
        shell(nsA, "vpn:accountdisconnect evi");
        shell(nsA, "vpn:accountdetailset --maxtcp 4 --interval 3 --half yes evi");
        try {
            shell(nsA, "vpn:accountconnect evi");
            waitForConnections(nsA, 4, 40);
            iperf(nsA, nsB, "10.79.0.3", "-P", "4");
            iperf(nsA, nsB, "10.79.0.3", "-P", "4", "-R");
            String st = status(nsA);
            List<Map<String, String>> rows = connectionRows(st);
            assertEquals(4, rows.size(), st);
            int up = 0;
            int down = 0;
            List<Instant> times = new ArrayList<>();
            for (Map<String, String> row : rows) {
                long sent = Long.parseLong(row.get("FRAMES-SENT"));
                long received = Long.parseLong(row.get("FRAMES-RECEIVED"));
                switch (row.get("DIRECTION").toUpperCase(java.util.Locale.ROOT)) {
                    case "CLIENT_TO_SERVER" -> {
                        up++;
                        assertTrue(sent > 100 && received == 0, "an upload-only connection:\n" + st);
                    }
                    case "SERVER_TO_CLIENT" -> {
                        down++;
                        assertTrue(received > 100 && sent == 0, "a download-only connection:\n" + st);
                    }
                    default -> throw new AssertionError("half-duplex session with a two-way connection:\n" + st);
                }
                times.add(Instant.parse(row.get("CONNECTED")));
            }
            assertEquals(2, up, st);
            assertEquals(2, down, st);
            times.sort(null);
            for (int i = 1; i < times.size(); i++) {
                // 3 s apart; the table shows whole seconds, so at least 2 between truncated times
                long gap = Duration.between(times.get(i - 1), times.get(i)).toSeconds();
                assertTrue(gap >= 2 && gap <= 6, "establishment interval 3 s: " + times);
            }
        } finally {
            shell(nsA, "vpn:accountdisconnect evi");
            shell(nsA, "vpn:accountdetailset --maxtcp 4 --interval 1 --half no evi");
            shell(nsA, "vpn:accountconnect evi");
            waitForConnections(nsA, 4, 30);
        }
    }

    @Test
    @Order(5)
    void aHubBridgedToALanInterfaceAndToATapDevice() throws Exception {
        // a LAN host behind a veth whose other end is in the server's namespace, not addressed there
        String nsL = lab + "l";
        extra.add(nsL);
        sh("ip netns add " + nsL + " && ip -n " + nsL + " link set lo up"
                + " && ip link add " + lab + "lan type veth peer name " + lab + "lanh"
                + " && ip link set " + lab + "lan netns " + nsS + " && ip link set " + lab + "lanh netns " + nsL
                + " && ip -n " + nsL + " addr add 10.79.0.9/24 dev " + lab + "lanh && ip -n " + nsL + " link set "
                + lab + "lanh up");
        // the LAN side keeps its default offloads: the veth hands the bridge 64 KB TCP segments with
        // checksums left to offload, which the packet adapter completes and cuts into frames
        assertTrue(shell(nsS, "vpn:bridgedevicelist").contains(lab + "lan"), "the veth end is offered for bridging");
        shell(nsS, "vpn:bridgecreate --device " + lab + "lan DEFAULT");
        // TAP mode: the server's own namespace joins the hub through tap_<name>
        shell(nsS, "vpn:bridgecreate --device " + lab + "k --tap yes DEFAULT");
        waitForBridges(2);
        sh("ip -n " + nsS + " addr add 10.79.0.1/24 dev tap_" + lab + "k");
        ping(nsA, "10.79.0.9");
        ping(nsL, "10.79.0.2");
        ping(nsA, "10.79.0.1");
        iperf(nsL, nsA, "10.79.0.2");

        // persisted: they come back with the server
        assertEquals(0, evRun(nsS, "stop").code());
        startServer();
        waitFor(nsA, "CONNECTED", 30);
        waitForBridges(2);
        ping(nsL, "10.79.0.2");
        shell(nsS, "vpn:bridgedelete --device " + lab + "k DEFAULT; vpn:bridgedelete --device " + lab + "lan DEFAULT");
        assertTrue(shell(nsS, "vpn:bridgelist").isBlank() || !shell(nsS, "vpn:bridgelist").contains(lab),
                "deleted bridges are gone");
        assertTrue(sh("ip -n " + nsS + " link show").lines().noneMatch(l -> l.contains("tap_" + lab)),
                "the TAP device went with its bridge");
    }

    @Test
    @Order(6)
    void aVpnBridgeCascadesToTheServerAndBridgesItsLan() throws Exception {
        // SoftEther's VPN Bridge set-up: 'ethervpn bridge' in a branch office (nsV) with a LAN host (nsW)
        String nsV = lab + "v";
        String nsW = lab + "w";
        extra.add(nsV);
        extra.add(nsW);
        sh("ip netns add " + nsV + " && ip netns add " + nsW + " && ip -n " + nsV + " link set lo up"
                + " && ip -n " + nsW + " link set lo up"
                + " && ip link add " + lab + "vv type veth peer name " + lab + "vvs"
                + " && ip link set " + lab + "vv netns " + nsV + " && ip link set " + lab + "vvs netns " + nsS
                + " && ip -n " + nsS + " link set " + lab + "vvs master br0 up"
                + " && ip -n " + nsV + " addr add 10.78.0.5/24 dev " + lab + "vv && ip -n " + nsV + " link set " + lab + "vv up"
                + " && ip link add " + lab + "wl type veth peer name " + lab + "wh"
                + " && ip link set " + lab + "wl netns " + nsV + " && ip link set " + lab + "wh netns " + nsW
                + " && ip -n " + nsW + " addr add 10.79.0.10/24 dev " + lab + "wh && ip -n " + nsW + " link set " + lab + "wh up");
        shell(nsS, "vpn:usercreate DEFAULT branch; vpn:userpasswordset DEFAULT branch pw-br");
        Path data = home.resolve(nsV + "-bridge");
        Run r = Interop.exec(home, command("ip", "netns", "exec", nsV, bin, "bridge", "--data", data), Map.of(),
                Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), r.toString());
        started.add(nsV);
        try {
            String hubs = shellAt(nsV, data, "vpn:hublist");
            assertTrue(hubs.contains("BRIDGE") && !hubs.contains("DEFAULT"), "a VPN Bridge has the one hub BRIDGE:\n" + hubs
                    + "\ncfg: " + Files.readString(data.resolve("etc/org.ethervpn.server.cfg")) + "\n" + r + "\nlog:\n"
                    + Interop.tail(data.resolve("logs/ethervpn.log"), 40) + "\nconsole:\n" + Interop.tail(data.resolve("logs/console.log"), 20));
            Run refused = Interop.exec(home, command("ip", "netns", "exec", nsV, bin, "shell", "--data", data, "-c",
                    "vpn:hubcreate OTHER"), Map.of(), Duration.ofSeconds(30), null);
            assertTrue(refused.code() != 0 && refused.out().contains("VPN Bridge"), refused.toString());
            shellAt(nsV, data, "vpn:cascadecreate BRIDGE hq " + SERVER_IP + ":5555 DEFAULT branch;"
                    + " vpn:cascadepasswordset BRIDGE hq pw-br; vpn:cascadeonline BRIDGE hq;"
                    + " vpn:bridgecreate --device " + lab + "wl BRIDGE");
            waitForCascadeIn(nsV, data, "BRIDGE", "hq", 8);
            ping(nsW, "10.79.0.2");
            ping(nsA, "10.79.0.10");
            iperf(nsA, nsW, "10.79.0.10");
            // the data directory stays a bridge
            Run wrongRole = Interop.exec(home, command("ip", "netns", "exec", nsV, bin, "stop", "--data", data), Map.of(),
                    Duration.ofSeconds(60), null);
            assertEquals(0, wrongRole.code(), wrongRole.toString());
            started.remove(nsV);
            wrongRole = Interop.exec(home, command("ip", "netns", "exec", nsV, bin, "server", "--data", data), Map.of(),
                    Duration.ofSeconds(60), null);
            assertTrue(wrongRole.code() != 0 && wrongRole.out().contains("ethervpn bridge"), wrongRole.toString());
        } finally {
            Interop.exec(home, command("ip", "netns", "exec", nsV, bin, "stop", "--data", data), Map.of(),
                    Duration.ofSeconds(60), null);
            started.remove(nsV);
        }
    }

    @Test
    @Order(7)
    void attemptsAreLimitedAndARefusalIsNotRetried() throws Exception {
        shell(nsB, "vpn:accountdisconnect evi");
        // limited attempts against a port nothing listens on
        shell(nsB, "vpn:accountset --server " + SERVER_IP + ":5556 evi");
        shell(nsB, "vpn:accountretryset --num 2 --interval 5 evi");
        long t0 = System.nanoTime();
        shell(nsB, "vpn:accountconnect evi");
        waitFor(nsB, "GAVE_UP", 25);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 9_500, "two retries 5 s apart before giving up, took " + ms + " ms");
        assertTrue(field(status(nsB), "LAST-ERROR").contains("5556"), status(nsB));
        shell(nsB, "vpn:accountdisconnect evi");

        // a wrong password: refused at once, never retried
        shell(nsB, "vpn:accountset --server " + SERVER_IP + ":5555 evi");
        shell(nsB, "vpn:accountretryset --num unlimited --interval 5 evi");
        shell(nsB, "vpn:accountpasswordset evi wrong-password");
        int before = retries(nsB).size();
        shell(nsB, "vpn:accountconnect evi");
        waitFor(nsB, "REFUSED", 15);
        Thread.sleep(6_000);
        String st = status(nsB);
        assertEquals("REFUSED", field(st, "STATE"), st);
        assertTrue(field(st, "LAST-ERROR").contains("error 9"), st);
        assertEquals(before, retries(nsB).size(), "no retry after a refusal");
        shell(nsB, "vpn:accountdisconnect evi");
    }


    @Test
    @Order(8)
    void aCascadeBetweenTwoOfOurServersCarriesFramesBothWays() throws Exception {
        Path d2 = home.resolve(nsS + "-server2");
        // the second server finds 443/992/1194/5555 taken by the first: skipped; it listens on 6666
        Run r = Interop.exec(home, command("ip", "netns", "exec", nsS, bin, "server", "--data", d2), Map.of(),
                Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), r.toString());
        try {
            shellAt(nsS, d2, "vpn:listenercreate 6666");
            shellAt(nsS, d2, "vpn:usercreate DEFAULT bob; vpn:userpasswordset DEFAULT bob pw-b;"
                    + " vpn:usercreate DEFAULT cas; vpn:userpasswordset DEFAULT cas pw-c");
            String s1 = "vpn:cascadecreate DEFAULT tos2 127.0.0.1:6666 DEFAULT cas; vpn:cascadepasswordset DEFAULT tos2 pw-c;"
                    + " vpn:cascadeonline DEFAULT tos2";
            shellAt(nsS, dataDir(nsS), s1);
            moveClientB(SERVER_IP + ":6666", "DEFAULT");
            waitForCascade(dataDir(nsS), "DEFAULT", "tos2", 8);
            assertTrue(shellAt(nsS, d2, "vpn:sessionlist DEFAULT").contains("8/8"), "the cascade session has 8 TCP connections");
            ping(nsA, "10.79.0.3");
            ping(nsB, "10.79.0.2");
            iperf(nsA, nsB, "10.79.0.3");
            shellAt(nsS, dataDir(nsS), "vpn:cascadedelete DEFAULT tos2");
        } finally {
            Interop.exec(home, command("ip", "netns", "exec", nsS, bin, "stop", "--data", d2), Map.of(),
                    Duration.ofSeconds(60), null);
        }
    }

    @Test
    @Order(9)
    void aCascadeBetweenTwoHubsOfOneServerOverLocalhost() throws Exception {
        shellAt(nsS, dataDir(nsS), "vpn:hubcreate H2; vpn:usercreate H2 bob; vpn:userpasswordset H2 bob pw-b;"
                + " vpn:usercreate H2 cas; vpn:userpasswordset H2 cas pw-c;"
                + " vpn:cascadecreate DEFAULT toh2 127.0.0.1:5555 H2 cas; vpn:cascadepasswordset DEFAULT toh2 pw-c;"
                + " vpn:cascadeonline DEFAULT toh2");
        moveClientB(SERVER_IP + ":5555", "H2");
        waitForCascade(dataDir(nsS), "DEFAULT", "toh2", 8);
        ping(nsA, "10.79.0.3");
        ping(nsB, "10.79.0.2");
        assertTrue(shellAt(nsS, dataDir(nsS), "vpn:sessionlist H2").contains("CAS"), "H2 sees the cascade session");
    }

    @Test
    @Order(10)
    void aClientThatCanReachTheServerOnlyThroughAnHttpProxy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tinyproxy")), "tinyproxy is not installed (releng/install-test-deps.sh)");
        // nsC -- nsP (tinyproxy) -- the server's bridge; nsC has no route to the server's network
        String nsP = lab + "p";
        String nsC = lab + "c";
        extra.add(nsP);
        extra.add(nsC);
        sh("ip netns add " + nsP + " && ip netns add " + nsC + " && ip -n " + nsP + " link set lo up && ip -n " + nsC + " link set lo up"
                + " && ip link add " + lab + "vp type veth peer name " + lab + "vps && ip link set " + lab + "vp netns " + nsP
                + " && ip link set " + lab + "vps netns " + nsS + " && ip -n " + nsS + " link set " + lab + "vps master br0 up"
                + " && ip -n " + nsP + " addr add 10.78.0.4/24 dev " + lab + "vp && ip -n " + nsP + " link set " + lab + "vp up"
                + " && ip link add " + lab + "vc type veth peer name " + lab + "vcp && ip link set " + lab + "vc netns " + nsC
                + " && ip link set " + lab + "vcp netns " + nsP
                + " && ip -n " + nsP + " addr add 10.82.0.1/24 dev " + lab + "vcp && ip -n " + nsP + " link set " + lab + "vcp up"
                + " && ip -n " + nsC + " addr add 10.82.0.2/24 dev " + lab + "vc && ip -n " + nsC + " link set " + lab + "vc up"
                + " && ip -n " + nsC + " route add unreachable 10.78.0.0/24");
        Path conf = Files.writeString(home.resolve("tinyproxy.conf"), "Port 8888\nListen 10.82.0.1\nTimeout 600\n"
                + "Allow 10.82.0.0/24\nConnectPort 5555\nBasicAuth px px-pw\nMaxClients 50\nLogLevel Info\nLogFile \""
                + home.resolve("tinyproxy.log") + "\"\n");
        Process proxy = new ProcessBuilder(command("ip", "netns", "exec", nsP, "tinyproxy", "-d", "-c", conf))
                .redirectErrorStream(true).redirectOutput(home.resolve("tinyproxy.out").toFile()).start();
        try {
            assertEquals(0, evRun(nsC, "client").code());
            started.add(nsC);
            shell(nsC, "vpn:niccreate " + lab + "t");
            sh("ip -n " + nsC + " addr add 10.79.0.4/24 dev " + lab + "t");
            shell(nsC, "vpn:accountcreate --server " + SERVER_IP + ":5555 --hub DEFAULT --user alice --nic " + lab + "t evi");
            shell(nsC, "vpn:accountpasswordset evi pw-a");
            shell(nsC, "vpn:accountproxyhttp --server 10.82.0.1:8888 --username px --password px-pw evi");
            shell(nsC, "vpn:accountdetailset --maxtcp 2 evi");
            shell(nsC, "vpn:accountconnect evi");
            waitForConnections(nsC, 2, 30);
            ping(nsC, "10.79.0.2");
            assertTrue(Files.readString(home.resolve("tinyproxy.log")).contains("CONNECT"), "the proxy carried the session");
            assertTrue(!Files.readString(dataDir(nsC).resolve("logs/ethervpn.log")).contains("px-pw"), "no proxy password in the log");
        } finally {
            evRun(nsC, "stop");
            started.remove(nsC);
            proxy.destroy();
            proxy.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(11)
    void oneOfOursAndARealSoftEtherClientThroughOurHub() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/vpnclient")) || Files.isExecutable(Path.of("/usr/bin/vpnclient")),
                "the Debian package softether-vpnclient is not installed (releng/install-test-deps.sh installs it)");
        // the real vpnclient takes client B's place (and its VPN address) in nsB
        Interop.exec(home, command("ip", "netns", "exec", nsB, bin, "shell", "--data", dataDir(nsB), "-c",
                "vpn:accountdisconnect evi"), Map.of(), Duration.ofSeconds(30), null);
        sh("ip -n " + nsB + " addr del 10.79.0.3/24 dev " + lab + "t; ip -n " + nsA + " neigh flush all");
        Path state = home.resolve("vpnclient");
        String lib = ". " + Interop.repo().resolve("releng/interop/softether.sh") + "; export EVI_STATE=" + state + "; ";
        try {
            sh(lib + "evi_se_client_start " + nsB + " " + state + "/c >/dev/null && evi_se_client_account " + state
                    + "/c evi9 10.79.0.3/24 " + SERVER_IP + " 5555 DEFAULT bob pw-b 1 0 1 0");
            assertTrue(shellAt(nsS, dataDir(nsS), "vpn:sessionlist DEFAULT").contains("BOB"), "the real client's session");
            ping(nsA, "10.79.0.3");
            ping(nsB, "10.79.0.2");
            // our client A still carries super-frames to our hub, which cuts them for the real client
            assertEquals("yes", field(status(nsA), SUPER_FRAMES), status(nsA));
            long csumErrors = tcpChecksumErrors(nsA) + tcpChecksumErrors(nsB);
            for (String size : List.of("1472", "8000")) { // a full frame each way; IP fragments of a large one
                for (String[] p : new String[][] {{nsA, "10.79.0.3"}, {nsB, "10.79.0.2"}}) {
                    Run r = Interop.exec(home, command("ip", "netns", "exec", p[0], "ping", "-n", "-c", "3", "-i", "0.2",
                            "-W", "2", "-s", size, p[1]), Map.of(), Duration.ofSeconds(15), null);
                    assertEquals(0, r.code(), "ping -s " + size + ": " + r);
                }
            }
            iperf(nsA, nsB, "10.79.0.3");
            iperf(nsA, nsB, "10.79.0.3", "-R");
            assertTrue(bytesPerFrame(status(nsA), "SENT") > 1600, "A sent super-frames:\n" + status(nsA));
            assertEquals(csumErrors, tcpChecksumErrors(nsA) + tcpChecksumErrors(nsB), "TCP checksum errors in A and B");
        } finally {
            Interop.exec(home, command("bash", "-c", lib + "evi_se_client_stop " + state + "/c"), Map.of(),
                    Duration.ofSeconds(30), null);
            sh("ip -n " + nsB + " addr add 10.79.0.3/24 dev " + lab + "t");
            // 10.79.0.3 moves back to our TAP: forget the real client's MAC for it
            sh("ip -n " + nsA + " neigh flush all; ip -n " + nsB + " neigh flush all");
        }
    }

    @Test
    @Order(12)
    void twoOfOurClientsPingAndRunIperf3ThroughARealSoftEtherHub() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/vpnserver")) || Files.isExecutable(Path.of("/usr/bin/vpnserver")),
                "the Debian package softether-vpnserver is not installed (releng/install-test-deps.sh installs it)");
        // the real server takes our server's place (and port 5555) in the server namespace
        assertEquals(0, evRun(nsS, "stop").code());
        started.remove(nsS);
        Path dir = home.resolve("softether");
        Files.createDirectories(dir);
        Path ready = dir.resolve("ready");
        ProcessBuilder pb = new ProcessBuilder(Interop.repo().resolve("releng/interop/softether-server.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().putAll(Map.of("EVI_NS_SRV", nsS, "EVI_SRV_PORT", "5555", "EVI_HUB", "EVI",
                "EVI_USER1", "alice", "EVI_PASSWORD1", "pw-a", "EVI_USER2", "bob", "EVI_PASSWORD2", "pw-b",
                "EVI_SERVER_DIR", dir.resolve("srv").toString(), "EVI_SERVER_READY", ready.toString()));
        Process real = pb.start();
        try {
            for (int i = 0; i < 900 && !Files.exists(ready); i++) {
                assertTrue(real.isAlive(), "the real vpnserver did not start:\n" + Interop.tail(dir.resolve("server.log"), 30));
                Thread.sleep(100);
            }
            assertTrue(Files.exists(ready), "the real vpnserver was not ready:\n" + Interop.tail(dir.resolve("server.log"), 30));
            for (String[] c : new String[][] {{nsA, "pw-a"}, {nsB, "pw-b"}}) {
                Interop.exec(home, command("ip", "netns", "exec", c[0], bin, "shell", "--data", dataDir(c[0]), "-c",
                        "vpn:accountdisconnect evi"), Map.of(), Duration.ofSeconds(30), null);
                shell(c[0], "vpn:accountset --server " + SERVER_IP + ":5555 --hub EVI evi");
                shell(c[0], "vpn:accountpasswordset evi " + c[1]);
                shell(c[0], "vpn:accountdetailset --maxtcp 2 evi");
                shell(c[0], "vpn:accountconnect evi");
            }
            waitForConnections(nsA, 2, 30);
            waitForConnections(nsB, 2, 30);
            ping(nsA, "10.79.0.3");
            ping(nsB, "10.79.0.2");
            iperf(nsA, nsB, "10.79.0.3");
        } finally {
            real.destroy(); // SIGTERM: the script stops its vpnserver by PID
            real.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Client B, whatever state test 3 left it in, logs in to {@code server} / {@code hub} as bob. */
    private static void moveClientB(String server, String hub) throws Exception {
        Interop.exec(home, command("ip", "netns", "exec", nsB, bin, "shell", "--data", dataDir(nsB), "-c",
                "vpn:accountdisconnect evi"), Map.of(), Duration.ofSeconds(30), null);
        shell(nsB, "vpn:accountset --server " + server + " --hub " + hub + " evi");
        shell(nsB, "vpn:accountpasswordset evi pw-b");
        shell(nsB, "vpn:accountretryset --num unlimited --interval 5 evi");
        shell(nsB, "vpn:accountconnect evi");
        waitFor(nsB, "CONNECTED", 20);
    }

    private static void waitForCascade(Path data, String hub, String name, int connections) throws Exception {
        waitForCascadeIn(nsS, data, hub, name, connections);
    }

    private static void waitForCascadeIn(String ns, Path data, String hub, String name, int connections) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String st;
        do {
            st = shellAt(ns, data, "vpn:cascadestatusget " + hub + " " + name);
            if (st.lines().anyMatch(l -> l.matches("CONNECTIONS:\\s+" + connections))) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < end);
        throw new AssertionError("cascade " + name + " not up with " + connections + " connections:\n" + st);
    }

    /** Waits until the server's local bridges are all operating and there are {@code n} of them. */
    private static void waitForBridges(int n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String list;
        do {
            list = shell(nsS, "vpn:bridgelist");
            if (list.lines().filter(l -> l.contains(" yes ") && l.contains("operating")).count() == n) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError(n + " local bridges not operating:\n" + list);
    }

    private static void iperf(String from, String to, String ip, String... options) throws Exception {
        Process server = new ProcessBuilder(command("ip", "netns", "exec", to, "iperf3", "-s", "-1", "-B", ip))
                .redirectErrorStream(true).redirectOutput(home.resolve("iperf3-s2.txt").toFile()).start();
        try {
            Thread.sleep(500);
            List<Object> args = new ArrayList<>(List.of("ip", "netns", "exec", from, "iperf3", "-c", ip, "-t", "2"));
            args.addAll(List.of(options));
            Run r = Interop.exec(home, command(args.toArray()), Map.of(), Duration.ofSeconds(30), null);
            assertEquals(0, r.code(), r.toString());
        } finally {
            server.destroy();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void startServer() throws Exception {
        Run r = evRun(nsS, "server");
        assertEquals(0, r.code(), r.toString());
        if (!started.contains(nsS)) {
            started.add(nsS);
        }
    }

    private static List<LocalDateTime> retries(String ns) throws IOException {
        List<LocalDateTime> out = new ArrayList<>();
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
        for (String line : Files.readAllLines(home.resolve(ns + "-client/logs/ethervpn.log"))) {
            Matcher m = RETRY.matcher(line);
            if (m.find()) {
                out.add(LocalDateTime.parse(m.group(1), f));
            }
        }
        return out;
    }

    private static void ping(String ns, String ip) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Run r;
        do {
            r = Interop.exec(home, command("ip", "netns", "exec", ns, "ping", "-n", "-c", "1", "-W", "1", ip), Map.of(),
                    Duration.ofSeconds(5), null);
        } while (r.code() != 0 && System.nanoTime() < end);
        assertEquals(0, r.code(), "ping " + ip + " through the hub: " + r);
        r = Interop.exec(home, command("ip", "netns", "exec", ns, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "1", ip),
                Map.of(), Duration.ofSeconds(10), null);
        assertEquals(0, r.code(), r.toString());
    }

    private static void waitFor(String ns, String state, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String st;
        do {
            st = status(ns);
            if (state.equals(field(st, "STATE"))) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError("not " + state + " within " + seconds + " s:\n" + st);
    }

    private static void waitForConnections(String ns, int n, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String st;
        do {
            st = status(ns);
            if ("CONNECTED".equals(field(st, "STATE")) && connections(st) == n) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError("not " + n + " connections within " + seconds + " s:\n" + st);
    }

    /** Rows of the CONNECTIONS table of accountstatusget. */
    private static int connections(String status) {
        List<String> lines = status.lines().toList();
        int i = lines.indexOf("CONNECTIONS:");
        return i < 0 ? 0 : (int) lines.subList(i + 1, lines.size()).stream()
                .filter(l -> l.startsWith("  ") && !l.strip().startsWith("NAME")).count();
    }

    /** The CONNECTIONS table of accountstatusget, one map (heading -> cell) per row. */
    private static List<Map<String, String>> connectionRows(String status) {
        List<String> lines = status.lines().toList();
        int i = lines.indexOf("CONNECTIONS:");
        List<Map<String, String>> rows = new ArrayList<>();
        if (i < 0 || i + 1 >= lines.size()) {
            return rows;
        }
        String[] head = lines.get(i + 1).strip().split("\\s+");
        for (String l : lines.subList(i + 2, lines.size())) {
            if (!l.startsWith("  ")) {
                break;
            }
            String[] cells = l.strip().split("\\s+");
            Map<String, String> row = new java.util.HashMap<>();
            for (int c = 0; c < head.length && c < cells.length; c++) {
                row.put(head[c], cells[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Average bytes per frame the session's connections sent or received ("SENT", "RECEIVED"). */
    private static long bytesPerFrame(String status, String direction) {
        long frames = 0;
        long bytes = 0;
        for (Map<String, String> row : connectionRows(status)) {
            frames += Long.parseLong(row.get("FRAMES-" + direction));
            bytes += Long.parseLong(row.get("BYTES-" + direction));
        }
        return frames == 0 ? 0 : bytes / frames;
    }

    /** The namespace's TCP InCsumErrors counter (/proc/net/snmp): segments dropped for a bad checksum. */
    private static long tcpChecksumErrors(String ns) throws Exception {
        List<String> tcp = sh("ip netns exec " + ns + " cat /proc/net/snmp").lines().filter(l -> l.startsWith("Tcp:")).toList();
        List<String> names = List.of(tcp.get(0).split("\\s+"));
        return Long.parseLong(tcp.get(1).split("\\s+")[names.indexOf("InCsumErrors")]);
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse("");
    }

    private static String status(String ns) throws Exception {
        return shell(ns, "vpn:accountstatusget evi");
    }

    private static String shell(String ns, String cmd) throws Exception {
        return shellAt(ns, dataDir(ns), cmd);
    }

    private static String shellAt(String ns, Path data, String cmd) throws Exception {
        Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--data", data, "-c", cmd),
                Map.of(), Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), cmd + ": " + r);
        return r.out();
    }

    private static Path dataDir(String ns) {
        return home.resolve(ns + (ns.equals(nsS) ? "-server" : "-client"));
    }

    private static Run evRun(String ns, String verb) throws Exception {
        return Interop.exec(home, command("ip", "netns", "exec", ns, bin, verb, "--data", dataDir(ns)), Map.of(),
                Duration.ofSeconds(60), null);
    }

    private static String sh(String script) throws Exception {
        return Interop.sh(home, script);
    }
}

package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.concurrent.TimeUnit;
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
 * Issue 16, faults as an operator meets them: the shipped distribution ({@code bin/ethervpn
 * server}) in a namespace of its own, its data directory on a tmpfs of 128 MiB (Felix keeps its
 * bundle cache there), three real SoftEther vpnclients in three other namespaces (bridged veths,
 * releng/interop/softether.sh's lab plus a third client namespace), each with a TAP on
 * 10.212.0.0/24 through hub DEFAULT.
 * <ul>
 * <li>slowloris: 2,000 connections from a client namespace that never finish TLS or the watermark
 * (releng/bench/slowloris.py); the server closes them all at its handshake deadline (15 s), its
 * RSS stays bounded, a real vpnclient logs in among them;
 * <li>slow reader: one vpnclient is SIGSTOPped while another floods its TAP address; ping and
 * iperf3 between the other two go on, the stopped session's frames are dropped and counted
 * ({@code vpn:sessionlist}), the server's RSS stays bounded;
 * <li>disk full: the tmpfs is filled; {@code ethervpn shell vpn:usercreate} is refused with a clear
 * message, server.json stays byte for byte (and parses), ping through the hub goes on, and after
 * space is freed the same command succeeds.
 * </ul>
 * Generous CI limits; the figures are printed (releng/bench/faults.sh collects them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsNamespaceTest {
    private static final String SERVER_IP = "10.211.0.1";
    private static final int HANDSHAKE_DEADLINE_MS = 15_000;
    /** The goal is under 1 s; vpncmd's start-up and polling are in this figure too. */
    private static final long LOGIN_LIMIT_MS = 10_000;
    /** RSS the server may add under each fault (2,000 handshakes; a stalled peer's queue). */
    private static final long RSS_GROWTH_LIMIT = 256L << 20;
    /** PortConfig.DEFAULT_QUEUE_FRAMES of org.ethervpn.hub: a session's port queue. */
    private static final int HUB_QUEUE_FRAMES = 1024;
    /**
     * Bytes the server may write towards a stopped reader: the session's send-buffer share (2.56 MB),
     * the server's socket buffer (tcp_wmem max, 4 MB), the client's receive window as it was when it
     * stopped, slack (3.3 MB measured; the flood is 23 MB).
     */
    private static final long STALLED_BYTES_LIMIT = 12L << 20;

    @TempDir
    static Path home;
    static Path bin;
    static Path data;
    static Path state;
    static String lib;
    static String nsS;
    static String nsC1;
    static String nsC2;
    static String nsC3;
    static boolean mounted;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces, TAP devices and a tmpfs (CI runs as root)");
        Path repo = Interop.repo();
        Run check = Interop.exec(repo, List.of(repo.resolve("releng/interop/install-deps.sh").toString(), "--check"),
                Map.of(), Duration.ofSeconds(30), null);
        assumeTrue(check.code() == 0, "SoftEther/iperf3 Debian packages missing (releng/install-test-deps.sh"
                + " installs them as root): " + check.out().strip());
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        String lab = Interop.labPrefix().replace("evi", "evf");
        nsS = lab + "srv";
        nsC1 = lab + "c1";
        nsC2 = lab + "c2";
        nsC3 = lab + "c3";
        state = home.resolve("se");
        lib = "export EVI_LAB=" + lab + "; " + Interop.softEtherLib(state);
        data = Files.createDirectory(home.resolve("data"));
        sh("mount -t tmpfs -o size=128m,mode=0700 " + lab + "-data " + data);
        mounted = true;
        sh(lib + "evi_netlab_up 2>&1");
        // a third client namespace on the lab's bridge; the bridge keeps its MAC (else it may take the new
        // port's, and the first two clients would talk to the old one until their neighbour entries expire)
        String bridgeMac = mac(nsS, "evibr0");
        sh("set -e; ip -n " + nsS + " link set evibr0 address " + bridgeMac + "; ip netns add " + nsC3 + "; ip -n "
                + nsC3 + " link set lo up; ip -n " + nsC3 + " link add eviu3 type veth peer name eviu3s netns " + nsS
                + "; ip -n " + nsS + " link set eviu3s master evibr0 up; ip -n " + nsC3
                + " addr add 10.211.0.13/24 dev eviu3; ip -n " + nsC3 + " link set eviu3 up");
        assertEquals(bridgeMac, mac(nsS, "evibr0"), "the bridge's MAC changed");
        Interop.startServer(home, nsS, bin, data);
        Interop.evShell(home, nsS, bin, data, "vpn:usercreate DEFAULT u1; vpn:userpasswordset DEFAULT u1 p1;"
                + " vpn:usercreate DEFAULT u2; vpn:userpasswordset DEFAULT u2 p2;"
                + " vpn:usercreate DEFAULT u3; vpn:userpasswordset DEFAULT u3 p3");
        sh(lib + "export EVI_CONNECT_TIMEOUT=40 EVI_ALLOW_RETRY=1; for i in 1 2 3; do ns=" + lab
                + "c$i; evi_se_client_start $ns " + state + "/c$i >/dev/null && evi_se_client_account " + state
                + "/c$i evi$i 10.212.0.$i/24 " + SERVER_IP + " 5555 DEFAULT u$i p$i 1 0 1 0 || exit 1; done;"
                + " evi_ping_warm " + nsC1 + " 10.212.0.2 30 && evi_ping_warm " + nsC1 + " 10.212.0.3 30");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (nsS == null) {
            return;
        }
        for (int i = 1; i <= 3; i++) {
            Path pid = state.resolve("c" + i + "/pid");
            if (Files.exists(pid)) { // a stopped client ignores TERM until it runs again
                quiet("kill -CONT " + Files.readString(pid).strip().split(" ")[0]);
            }
            quiet(lib + "evi_se_client_stop " + state + "/c" + i);
        }
        if (Files.exists(data.resolve("run/server.pid"))) {
            Interop.exec(home, command("ip", "netns", "exec", nsS, bin, "stop", "--data", data), Map.of(),
                    Duration.ofSeconds(60), null);
        }
        quiet("ip netns pids " + nsC3 + " | xargs -r kill; ip netns del " + nsC3);
        quiet(lib + "evi_netlab_down");
        if (mounted) {
            quiet("umount " + data);
        }
    }

    @Test
    @Order(1)
    void slowlorisHandshakesAreClosedAtTheDeadlineAndARealLoginSucceedsAmongThem() throws Exception {
        long rssBefore = serverRss();
        Path out = home.resolve("slowloris.out");
        Process loris = new ProcessBuilder(command("ip", "netns", "exec", nsC1, "python3",
                Interop.repo().resolve("releng/bench/slowloris.py"), SERVER_IP, 5555, 1000, 900, 100,
                HANDSHAKE_DEADLINE_MS / 1000 + 30)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("opened") && loris.isAlive() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(out).contains("opened 2000"), "slowloris.py did not open its connections:\n"
                    + Files.readString(out));
            long rssDuring = serverRss();
            String connections = Interop.evShell(home, nsS, bin, data, "vpn:connectionlist");
            // a real login among them: vpnclient 2 makes a new session (new account, new MAC)
            sh(lib + "evi_se_client_account " + state + "/c2 evi2 10.212.0.2/24 " + SERVER_IP
                    + " 5555 DEFAULT u2 p2 1 0 1 0");
            long loginMs = Long.parseLong(Files.readString(state.resolve("c2/connect_ms")).strip());
            // client 2 came back with a new MAC: client 1 must forget the old one
            String ping = sh("ip -n " + nsC1 + " neigh flush dev evitap1; " + lib + "evi_ping_warm " + nsC1
                    + " 10.212.0.2 15 >/dev/null && evi_ping " + nsC1 + " 10.212.0.2 5");

            assertTrue(loris.waitFor(HANDSHAKE_DEADLINE_MS / 1000 + 45, TimeUnit.SECONDS), "slowloris.py still waits");
            String result = Files.readString(out);
            Matcher m = Pattern.compile("closed (\\d+) of (\\d+); first after (\\d+) ms, last after (\\d+) ms")
                    .matcher(result);
            assertTrue(m.find(), result);
            long rssAfter = serverRss();
            System.out.printf("slowloris (namespaces): %s; real vpnclient login among them %d ms (vpncmd included);"
                    + " ping through the hub %s; server RSS %d -> %d -> %d MB; %d lines in vpn:connectionlist;"
                    + " load %s%n",
                    result.replace('\n', ' ').strip(), loginMs, ping.strip(), rssBefore >> 20, rssDuring >> 20,
                    rssAfter >> 20, connections.lines().count(), load());
            assertEquals(0, loris.exitValue(), "not every stalled connection was closed: " + result);
            assertTrue(Long.parseLong(m.group(4)) <= HANDSHAKE_DEADLINE_MS + 15_000, "closed too late: " + result);
            Matcher o = Pattern.compile("opened \\d+ in (\\d+) ms").matcher(result);
            assertTrue(o.find(), result);
            // the first was accepted when the opening began: its deadline came that much sooner
            assertTrue(Long.parseLong(m.group(3)) + Long.parseLong(o.group(1)) >= HANDSHAKE_DEADLINE_MS - 1000,
                    "closed before the deadline: " + result);
            assertTrue(loginMs < LOGIN_LIMIT_MS, "the login took " + loginMs + " ms");
            assertRssBounded(rssBefore, rssDuring);
        } finally {
            loris.destroyForcibly();
        }
    }

    @Test
    @Order(2)
    void aStoppedClientStallsNoOtherSessionAndItsFramesAreDropped() throws Exception {
        long rssBefore = serverRss();
        String slowPid = Files.readString(state.resolve("c3/pid")).strip().split(" ")[0];
        String mac3 = mac(nsC3, "evitap3");
        long[] before = counters("u3");
        sh("ip -n " + nsC1 + " neigh replace 10.212.0.3 lladdr " + mac3 + " dev evitap1 nud permanent");
        sh("kill -STOP " + slowPid);
        Process flood = null;
        try {
            // 1400-byte UDP datagrams to the stopped client for 10 s, about 2,000 a second (28 MB in all, far
            // more than the hub's queue and the socket buffers hold; little enough not to choke client 1's uplink)
            flood = new ProcessBuilder(command("ip", "netns", "exec", nsC1, "timeout", "20", "python3", "-c",
                    "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nb=bytes(1400)\n"
                            + "end=time.monotonic()+10\nn=0\nwhile time.monotonic()<end:\n"
                            + "  for i in range(20):\n    try:\n      s.sendto(b,('10.212.0.3',9)); n+=1\n"
                            + "    except OSError: pass\n  time.sleep(0.01)\nprint(n)"))
                    .redirectErrorStream(true).redirectOutput(home.resolve("flood.out").toFile()).start();
            Thread.sleep(2000); // its receive window and the server's queue for it fill up
            String ping = sh(lib + "evi_ping " + nsC1 + " 10.212.0.2 10");
            String gbits = sh(lib + "evi_iperf3 " + nsC2 + " " + nsC1 + " 10.212.0.1 3");
            long rssDuring = serverRss();
            assertTrue(flood.waitFor(30, TimeUnit.SECONDS), "the flood did not end");
            String sent = Files.readString(home.resolve("flood.out")).strip();
            long[] stalled = settled("u3");
            sh("kill -CONT " + slowPid);
            long[] drained = settled("u3"); // what the hub's queue held for it goes out now
            long held = drained[0] - stalled[0];
            System.out.printf("slow reader (namespaces): %s datagrams of 1400 bytes at a SIGSTOPped vpnclient;"
                    + " meanwhile ping %s, iperf3 %s Gbit/s between the two others; for it: %d frames (%.1f MB) written"
                    + " before its window closed, %d dropped, %d held in the hub's queue; server RSS %d -> %d MB;"
                    + " load %s%n", sent, ping.strip(), gbits.strip(), stalled[0] - before[0],
                    (stalled[1] - before[1]) / 1048576.0, stalled[2] - before[2], held, rssBefore >> 20,
                    rssDuring >> 20, load());
            assertTrue(Double.parseDouble(gbits.strip()) > 0, "no iperf3 throughput");
            assertTrue(stalled[2] > before[2], "the hub dropped nothing for the stopped client");
            assertTrue(held <= HUB_QUEUE_FRAMES + 64, "the hub held " + held + " frames for it");
            assertTrue(stalled[1] - before[1] <= STALLED_BYTES_LIMIT, "the server wrote " + (stalled[1] - before[1])
                    + " bytes towards a client that reads nothing");
            assertRssBounded(rssBefore, rssDuring);
        } finally {
            if (flood != null) {
                flood.destroyForcibly();
            }
            sh("kill -CONT " + slowPid);
            quiet("ip -n " + nsC1 + " neigh del 10.212.0.3 dev evitap1");
        }
    }

    @Test
    @Order(3)
    void aFullDiskRefusesTheChangeKeepsTheFileAndTheServerServes() throws Exception {
        Path file = data.resolve("server.json");
        byte[] before = Files.readAllBytes(file);
        sh("dd if=/dev/zero of=" + data.resolve("filler") + " bs=4k 2>/dev/null || true; df -k " + data);
        try {
            Run refused = Interop.exec(home, command("ip", "netns", "exec", nsS, bin, "shell", "--data", data, "-c",
                    "vpn:usercreate DEFAULT bob"), Map.of(), Duration.ofSeconds(30), null);
            System.out.println("disk full (namespaces): ethervpn shell vpn:usercreate -> exit " + refused.code() + ": "
                    + refused.out().strip());
            assertTrue(refused.out().contains("No space left"), "not a clear error: " + refused);
            assertArrayEquals(before, Files.readAllBytes(file), "server.json changed");
            parses(file);
            assertFalse(userList().contains("bob"), "the refused change took effect");
            String ping = sh(lib + "evi_ping_warm " + nsC1 + " 10.212.0.2 15 >/dev/null && evi_ping " + nsC1
                    + " 10.212.0.2 5");
            System.out.println("disk full (namespaces): ping through the hub meanwhile " + ping.strip());
        } finally {
            Files.deleteIfExists(data.resolve("filler"));
        }
        Interop.evShell(home, nsS, bin, data, "vpn:usercreate DEFAULT bob");
        assertTrue(userList().contains("bob"), "the change after space was freed");
        assertNotEquals(new String(before), Files.readString(file));
        parses(file);
        sh(lib + "evi_ping " + nsC1 + " 10.212.0.2 3");
    }

    private static List<String> userList() throws Exception {
        return Interop.evShell(home, nsS, bin, data, "vpn:userlist DEFAULT").lines().map(String::strip)
                .map(l -> l.split("\\s+")).filter(f -> f.length > 1 && f[0].equals("DEFAULT")).map(f -> f[1]).toList();
    }

    private static void parses(Path file) throws Exception {
        sh("python3 -c 'import json,sys; json.load(open(sys.argv[1]))' " + file);
    }

    /** {framesOut, bytesOut, framesDropped} of {@code user}'s session, from {@code vpn:sessionlist DEFAULT}. */
    private static long[] counters(String user) throws Exception {
        String list = Interop.evShell(home, nsS, bin, data, "vpn:sessionlist DEFAULT");
        for (String line : list.lines().toList()) {
            if (line.contains(" " + user + " ")) {
                String[] f = line.strip().split("\\s+");
                int n = f.length;
                return new long[] {Long.parseLong(f[n - 3]), Long.parseLong(f[n - 2]), Long.parseLong(f[n - 1])};
            }
        }
        throw new AssertionError("no session of " + user + ":\n" + list);
    }

    /** {@link #counters} once they no longer change (half a second apart). */
    private static long[] settled(String user) throws Exception {
        long[] last = counters(user);
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            long[] now = counters(user);
            if (java.util.Arrays.equals(now, last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the counters of " + user + " never settled");
    }

    private static String mac(String ns, String dev) throws Exception {
        return sh("ip -n " + ns + " -o link show " + dev + " | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2")
                .strip();
    }

    private static void assertRssBounded(long before, long during) {
        assertTrue(during - before < RSS_GROWTH_LIMIT, "the server's RSS grew by " + ((during - before) >> 20) + " MB");
    }

    private static long serverRss() throws Exception {
        String pid = Files.readString(data.resolve("run/server.pid")).strip();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static String sh(String script) throws Exception {
        return Interop.sh(home, script);
    }

    private static void quiet(String script) throws Exception {
        Interop.exec(home, command("bash", "-c", script), Map.of(), Duration.ofSeconds(60), null);
    }
}

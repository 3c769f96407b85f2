package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * connections killed under load being replaced without losing the session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientReconnectTest {
    private static final String SERVER_IP = "10.78.0.1";
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
        ev(nsS, "server", "shell -c 'vpn:usercreate DEFAULT alice; vpn:userpasswordset DEFAULT alice pw-a;"
                + " vpn:usercreate DEFAULT bob; vpn:userpasswordset DEFAULT bob pw-b'");
        for (String[] c : new String[][] {{nsA, "alice", "pw-a", "10.79.0.2"}, {nsB, "bob", "pw-b", "10.79.0.3"}}) {
            String ns = c[0];
            assertEquals(0, evRun(ns, "client", "client").code());
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
            evRun(ns, ns.equals(nsS) ? "server" : "client", "stop");
        }
        evRun(nsS, "server", "stop");
        sh("ip netns pids " + nsA + " | xargs -r kill; ip netns pids " + nsB + " | xargs -r kill; true");
        for (String ns : List.of(nsS, nsA, nsB)) {
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

        assertEquals(0, evRun(nsS, "server", "stop").code());
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
    }

    @Test
    @Order(3)
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

    // ---------------------------------------------------------------- helpers

    private static void startServer() throws Exception {
        Run r = evRun(nsS, "server", "server");
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

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse("");
    }

    private static String status(String ns) throws Exception {
        return shell(ns, "vpn:accountstatusget evi");
    }

    private static String shell(String ns, String cmd) throws Exception {
        Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--data", dataDir(ns), "-c", cmd),
                Map.of(), Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), cmd + ": " + r);
        return r.out();
    }

    private static Path dataDir(String ns) {
        return home.resolve(ns + (ns.equals(nsS) ? "-server" : "-client"));
    }

    private static void ev(String ns, String role, String args) throws Exception {
        sh("ip netns exec " + ns + " " + bin + " " + args.replaceFirst("^shell", "shell --data " + dataDir(ns)));
    }

    private static Run evRun(String ns, String role, String verb) throws Exception {
        return Interop.exec(home, command("ip", "netns", "exec", ns, bin, verb, "--data", dataDir(ns)), Map.of(),
                Duration.ofSeconds(60), null);
    }

    private static String sh(String script) throws Exception {
        Run r = Interop.exec(home, command("bash", "-c", script), Map.of(), Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), script + ": " + r);
        return r.out();
    }
}

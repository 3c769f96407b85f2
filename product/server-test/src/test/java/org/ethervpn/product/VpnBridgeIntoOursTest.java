package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
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
 * A real SoftEther {@code vpnbridge} (Debian package, private state) cascades into our server's hub
 * and bridges its LAN (a veth) to it; one of our clients with a TAP NIC on that hub reaches the LAN
 * host and back. Namespaces, all created here: S = our server (bridge br0, the underlay), A = our
 * client (TAP 10.87.0.2), V = the vpnbridge, L = the LAN host (10.87.0.9 on the veth peer of V's
 * bridged port). Configured with vpncmd only, as an administrator would. Root only (CI is root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VpnBridgeIntoOursTest {
    private static final String SERVER_IP = "10.86.0.1";
    private static final String TAP_IP = "10.87.0.2";
    private static final String LAN_IP = "10.87.0.9";
    private static final String BRIDGE_USER = "vbridge";
    private static final String ADMIN_PW = "adm-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    static Path home;
    static Path bin;
    static String lab;
    static String nsS;
    static String nsA;
    static String nsV;
    static String nsL;
    static String lib;
    static Path bridgeDir;
    static boolean bridgeStarted;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces, TAP devices, a local bridge (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/vpnbridge")) || Files.isExecutable(Path.of("/usr/sbin/vpnbridge")),
                "the Debian package softether-vpnbridge is not installed (releng/install-test-deps.sh installs it)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        lab = Interop.labPrefix().replace("evi", "evb");
        nsS = lab + "s";
        nsA = lab + "a";
        nsV = lab + "v";
        nsL = lab + "l";
        StringBuilder net = new StringBuilder("set -e\n");
        for (String ns : List.of(nsS, nsA, nsV, nsL)) {
            net.append("ip netns add ").append(ns).append("; ip -n ").append(ns).append(" link set lo up\n")
                    .append("ip netns exec ").append(ns).append(" sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
                    .append(" net.ipv6.conf.default.disable_ipv6=1\n");
        }
        // veths are made inside the namespaces: nothing appears in the root namespace
        net.append("ip -n ").append(nsS).append(" link add br0 type bridge; ip -n ").append(nsS).append(" addr add ")
                .append(SERVER_IP).append("/24 dev br0; ip -n ").append(nsS).append(" link set br0 up\n");
        String[][] underlay = {{nsA, "10.86.0.2", "ua"}, {nsV, "10.86.0.3", "uv"}};
        for (String[] u : underlay) {
            net.append("ip -n ").append(u[0]).append(" link add u type veth peer name ").append(u[2]).append(" netns ")
                    .append(nsS).append("\nip -n ").append(nsS).append(" link set ").append(u[2]).append(" master br0 up\n")
                    .append("ip -n ").append(u[0]).append(" addr add ").append(u[1]).append("/24 dev u; ip -n ").append(u[0])
                    .append(" link set u up\n");
        }
        // the LAN: V's end (no address) is the bridged port. Segmentation offload off (GSO limited to one
        // frame) on both ends: the vpnbridge reads the port with a packet socket and loses 64 KB GSO frames
        net.append("ip -n ").append(nsV).append(" link add lan type veth peer name lan netns ").append(nsL).append('\n')
                .append("ip -n ").append(nsV).append(" link set lan gso_max_size 1514 gso_max_segs 1 up\n")
                .append("ip -n ").append(nsL).append(" link set lan gso_max_size 1514 gso_max_segs 1\n")
                .append("ip -n ").append(nsL).append(" addr add ").append(LAN_IP).append("/24 dev lan; ip -n ").append(nsL)
                .append(" link set lan up\n");
        sh(net.toString());

        assertEquals(0, ev(nsS, "server").code());
        shell(nsS, "vpn:usercreate DEFAULT " + BRIDGE_USER + "; vpn:userpasswordset DEFAULT " + BRIDGE_USER + " pw-br;"
                + " vpn:usercreate DEFAULT alice; vpn:userpasswordset DEFAULT alice pw-a");
        assertEquals(0, ev(nsA, "client").code());
        shell(nsA, "vpn:niccreate " + lab + "t");
        sh("ip -n " + nsA + " addr add " + TAP_IP + "/24 dev " + lab + "t");
        shell(nsA, "vpn:accountcreate --server " + SERVER_IP + ":5555 --hub DEFAULT --user alice --nic " + lab + "t evi;"
                + " vpn:accountpasswordset evi pw-a; vpn:accountconnect evi");

        bridgeDir = home.resolve("vpnbridge");
        lib = ". " + Interop.repo().resolve("releng/interop/softether.sh") + "; export EVI_STATE=" + home + "; ";
        bridgeStarted = true;
        sh(lib + "evi_se_bridge_start " + nsV + " " + bridgeDir + " >/dev/null && evi_se_bridge_setup " + bridgeDir + " "
                + ADMIN_PW);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (lab == null) {
            return;
        }
        if (bridgeStarted) {
            Interop.exec(home, command("bash", "-c", lib + "evi_se_bridge_stop " + bridgeDir), Map.of(),
                    Duration.ofSeconds(30), null);
        }
        ev(nsA, "stop");
        ev(nsS, "stop");
        for (String ns : List.of(nsS, nsA, nsV, nsL)) {
            // whatever still runs there is ours (our namespaces)
            Interop.exec(home, command("bash", "-c", "ip netns pids " + ns + " | xargs -r kill; ip netns del " + ns),
                    Map.of(), Duration.ofSeconds(20), null);
        }
    }

    @Test
    @Order(1)
    void theVpnBridgeCascadesIntoOurHubInBridgeMode() throws Exception {
        vpncmd("CascadeCreate toours /SERVER:" + SERVER_IP + ":5555 /HUB:DEFAULT /USERNAME:" + BRIDGE_USER,
                "CascadePasswordSet toours /PASSWORD:pw-br /TYPE:standard", "CascadeOnline toours",
                "BridgeCreate BRIDGE /DEVICE:lan");
        String row = waitForBridgeSession(null, 30);
        // NAME USER REMOTE CONNECTIONS ENCRYPTED COMPRESSED HALF-DUPLEX BRIDGE-MODE ...
        String[] f = row.trim().split("\\s+");
        assertEquals("10.86.0.3", f[2].substring(0, f[2].lastIndexOf(':')), row);
        assertEquals("yes", f[4], "encrypted: " + row);
        assertEquals("yes", f[7], "a SoftEther cascade asks for bridge/routing mode: " + row);
        String info = shell(nsS, "vpn:sessionget DEFAULT " + f[0]);
        assertTrue(info.contains("Cascade Mode"), "the vpnbridge logs in as a cascade: " + info);
        String bridges = "";
        for (int i = 0; i < 40 && !bridges.contains("Operating"); i++) {
            Thread.sleep(250);
            bridges = vpncmd("BridgeList");
        }
        assertTrue(bridges.lines().anyMatch(l -> l.matches("1\\s*\\|BRIDGE\\s*\\|lan\\s*\\|Operating")),
                "the vpnbridge's local bridge to its LAN port runs: " + bridges);
    }

    @Test
    @Order(2)
    void theLanHostAndOurTapClientPingEachOtherAndRunIperf3() throws Exception {
        ping(nsL, TAP_IP);
        ping(nsA, LAN_IP);
        iperf(nsA, nsL, LAN_IP, false);
        iperf(nsA, nsL, LAN_IP, true);
    }

    @Test
    @Order(3)
    void cascadeOfflineRemovesTheSessionAndOnlineBringsItBack() throws Exception {
        String before = waitForBridgeSession(null, 10).trim().split("\\s+")[0];
        long t0 = System.nanoTime();
        vpncmd("CascadeOffline toours");
        // first all 8 TCP connections go; like SoftEther's, our server then keeps the session (0/8) for one
        // session timeout (20 s) in case they come back with additional_connect, and only then ends it
        long end = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String list;
        boolean sawNoConnections = false;
        do {
            Thread.sleep(250);
            list = shell(nsS, "vpn:sessionlist DEFAULT");
            String row = bridgeRow(list);
            sawNoConnections |= row != null && row.trim().split("\\s+")[3].startsWith("0/");
        } while (bridgeRow(list) != null && System.nanoTime() < end);
        assertEquals(null, bridgeRow(list), "the cascade's session left our hub: " + list);
        System.out.println("the offline cascade's session ended after " + (System.nanoTime() - t0) / 1_000_000
                + " ms (showed 0 connections before: " + sawNoConnections + ")");
        Run r = Interop.exec(home, command("ip", "netns", "exec", nsA, "ping", "-n", "-c", "2", "-W", "1", LAN_IP),
                Map.of(), Duration.ofSeconds(10), null);
        assertNotEquals(0, r.code(), "no way to the LAN while the cascade is offline: " + r);

        vpncmd("CascadeOnline toours");
        String after = waitForBridgeSession(null, 30).trim().split("\\s+")[0];
        assertNotEquals(before, after, "a new session");
        ping(nsA, LAN_IP);
        ping(nsL, TAP_IP);
    }

    @Test
    @Order(4)
    void aDroppedCascadeComesBackAfterItsFixedTenSecondRetryInterval() throws Exception {
        String name = waitForBridgeSession(null, 10).trim().split("\\s+")[0];
        long t0 = System.nanoTime();
        shell(nsS, "vpn:sessiondisconnect DEFAULT " + name);
        waitForBridgeSession(name, 40);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // SoftEther retries a cascade every 10 s, forever; not at once, and not with a growing back-off
        // (measured from our disconnect it came back after 9.5 s once: its wait does not start at our drop)
        System.out.println("the dropped cascade was back after " + ms + " ms");
        assertTrue(ms >= 8_000 && ms < 30_000, "the vpnbridge's cascade came back after " + ms + " ms, expected ~10 s");
        // the vpnbridge's own log: from noticing the loss to the next attempt
        List<String> log = Files.readAllLines(bridgeDir.resolve("vpnbridge.out")).stream()
                .filter(l -> !l.contains("[HUB ")).toList();
        int lost = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains("toours\" has been either disconnected or it failed")) {
                lost = i;
            }
        }
        assertTrue(lost >= 0, "the vpnbridge noticed the loss:\n" + String.join("\n", log));
        int retry = lost + 1;
        while (retry < log.size() && !log.get(retry).contains("Starting Cascade Connection \"toours\"")) {
            retry++;
        }
        assertTrue(retry < log.size(), "the vpnbridge retried:\n" + String.join("\n", log.subList(lost, log.size())));
        long gap = Duration.between(stamp(log.get(lost)), stamp(log.get(retry))).toMillis();
        System.out.println("the vpnbridge's retry came " + gap + " ms after it noticed the loss");
        // the loss is logged a little after the 10 s wait starts (9.1 s seen under load); a vpnclient account
        // would wait 15 s by default, an immediate retry ~0 s
        assertTrue(gap >= 8_000 && gap < 14_000, "retry " + gap + " ms after the loss, expected 10 s:\n" + log.get(lost)
                + "\n" + log.get(retry));
        ping(nsA, LAN_IP);
    }

    // ---------------------------------------------------------------- helpers

    private static LocalDateTime stamp(String logLine) {
        return LocalDateTime.parse(logLine.substring(0, 23), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
    }

    /** Waits until our hub lists a session of the bridge's user other than {@code not}; returns its row. */
    private static String waitForBridgeSession(String not, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String list;
        do {
            list = shell(nsS, "vpn:sessionlist DEFAULT");
            String row = bridgeRow(list);
            if (row != null && (not == null || !row.trim().startsWith(not + " "))) {
                return row;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError("no session of the vpnbridge's cascade on our hub within " + seconds + " s:\n" + list
                + "\nvpnbridge log:\n" + Interop.tail(bridgeDir.resolve("vpnbridge.out"), 15));
    }

    private static String bridgeRow(String sessionList) {
        return sessionList.lines().filter(l -> l.trim().split("\\s+").length > 1 && l.trim().split("\\s+")[1].equals(BRIDGE_USER))
                .findFirst().orElse(null);
    }

    /** One vpncmd batch in the vpnbridge's hub BRIDGE, as its server administrator (all must succeed). */
    private static String vpncmd(String... commands) throws Exception {
        Path in = Files.writeString(Files.createTempFile(home, "vpncmd", ".txt"), String.join("\n", commands) + "\n");
        Run r = Interop.exec(home, command("bash", "-c", "exec " + Interop.repo().resolve("releng/interop/softether-vpncmd.sh")
                + " " + bridgeDir + " " + ADMIN_PW + " /ADMINHUB:BRIDGE <" + in), Map.of(), Duration.ofSeconds(90), null);
        assertEquals(0, r.code(), String.join("; ", commands) + ": " + r);
        return r.out();
    }

    private static void ping(String ns, String ip) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Run r;
        do {
            r = Interop.exec(home, command("ip", "netns", "exec", ns, "ping", "-n", "-c", "1", "-W", "1", ip), Map.of(),
                    Duration.ofSeconds(5), null);
        } while (r.code() != 0 && System.nanoTime() < end);
        assertEquals(0, r.code(), "ping " + ip + " from " + ns + " through the hub and the vpnbridge: " + r);
        r = Interop.exec(home, command("ip", "netns", "exec", ns, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", ip),
                Map.of(), Duration.ofSeconds(15), null);
        assertEquals(0, r.code(), r.toString());
    }

    /** iperf3 -t 2 from {@code from} to a one-off server in {@code to}; {@code reverse}: data flows to -> from. */
    private static void iperf(String from, String to, String ip, boolean reverse) throws Exception {
        Process server = new ProcessBuilder(command("ip", "netns", "exec", to, "iperf3", "-s", "-1", "-B", ip))
                .redirectErrorStream(true).redirectOutput(home.resolve("iperf3-s.txt").toFile()).start();
        try {
            Thread.sleep(500);
            List<String> c = command("ip", "netns", "exec", from, "iperf3", "-c", ip, "-t", "2");
            if (reverse) {
                c.add("-R");
            }
            Run r = Interop.exec(home, c, Map.of(), Duration.ofSeconds(40), null);
            assertEquals(0, r.code(), r.toString());
            System.out.println("iperf3 " + (reverse ? "LAN -> TAP" : "TAP -> LAN") + ": "
                    + String.join(" / ", r.out().lines().filter(l -> l.contains("sender") || l.contains("receiver"))
                            .map(String::trim).toList()));
        } finally {
            server.destroy();
        }
    }

    private static String shell(String ns, String cmd) throws Exception {
        Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "shell", "--data", data(ns), "-c", cmd),
                Map.of(), Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), cmd + ": " + r);
        return r.out();
    }

    private static Path data(String ns) {
        return home.resolve(ns.equals(nsS) ? "server" : "client");
    }

    private static Run ev(String ns, String verb) throws Exception {
        return Interop.exec(home, command("ip", "netns", "exec", ns, bin, verb, "--data", data(ns)), Map.of(),
                Duration.ofSeconds(60), null);
    }

    private static String sh(String script) throws Exception {
        return Interop.sh(home, script);
    }
}

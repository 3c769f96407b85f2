package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ethervpn traffic} against SoftEther's own tool ({@code vpncmd /TOOLS}, Debian 5.01), both
 * ways, on a path whose rate is fixed (two namespaces joined by a veth, tbf 200 Mbit/s each way,
 * so the figures do not depend on the machine's load): our client against a real TrafficServer,
 * a real TrafficClient against our server. Each direction's rate, without the Ethernet
 * correction (the TCP payload), must be within 80..115 % of what iperf3 measures on the same path.
 */
class TrafficInteropTest {
    private static final String RATE = "200mbit";
    private static final int SECONDS = 4;

    @TempDir
    static Path home;
    static Path bin;
    static String nsS;
    static String nsC;
    static String ip;
    static String lib;
    static double iperfDown;
    static double iperfUp;

    @BeforeAll
    static void lab() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: network namespaces (CI runs as root)");
        assumeTrue(Interop.exec(home, command("bash", "-c", "command -v vpncmd && command -v iperf3 && command -v tc"),
                Map.of(), Duration.ofSeconds(10), null).code() == 0,
                "needs SoftEther's vpncmd, iperf3 and tc (Debian softether-vpncmd, iperf3, iproute2; releng/install-test-deps.sh)");
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        String lab = Interop.labPrefix().replace("evi", "evt");
        nsS = lab + "s";
        nsC = lab + "c";
        String net = "10.23" + ThreadLocalRandom.current().nextInt(10) + "." + ThreadLocalRandom.current().nextInt(1, 250);
        ip = net + ".1";
        Interop.namespacePair(home, nsS, nsC, net);
        Interop.sh(home, "for ns in " + nsS + " " + nsC + "; do ip netns exec $ns tc qdisc add dev u root tbf rate " + RATE
                + " burst 64kb latency 50ms; done");
        lib = Interop.softEtherLib(home.resolve("se"));
        iperfUp = iperf(false);
        iperfDown = iperf(true);
    }

    @AfterAll
    static void drop() throws Exception {
        if (nsS != null) {
            for (String ns : new String[] {nsS, nsC}) {
                Interop.exec(home, command("bash", "-c", "ip netns pids " + ns + " | xargs -r kill; sleep 0.5; ip netns pids " + ns
                        + " | xargs -r kill -9; ip netns del " + ns), Map.of(), Duration.ofSeconds(20), null);
            }
        }
    }

    /** iperf3's received rate in bits/s, client in C: upload C to S, download S to C (-R). */
    private static double iperf(boolean download) throws Exception {
        Process server = new ProcessBuilder(command("ip", "netns", "exec", nsS, "iperf3", "-s", "-1", "-B", ip))
                .redirectErrorStream(true).redirectOutput(home.resolve("iperf3-s.txt").toFile()).start();
        try {
            Thread.sleep(500);
            java.util.List<String> cmd = command("ip", "netns", "exec", nsC, "iperf3", "-c", ip, "-t", SECONDS, "-P", "2", "-J");
            if (download) {
                cmd.add("-R");
            }
            Run r = Interop.exec(home, cmd, Map.of(), Duration.ofSeconds(60), null);
            assertEquals(0, r.code(), r.toString());
            Matcher m = Pattern.compile("\"sum_received\":\\s*\\{[^}]*?\"bits_per_second\":\\s*([0-9.e+]+)").matcher(r.out());
            assertTrue(m.find(), r.out());
            return Double.parseDouble(m.group(1));
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static void assertNear(double iperf, double ours, String what) {
        double ratio = ours / iperf;
        String text = String.format("%s: %.1f Mbit/s, iperf3 %.1f Mbit/s on the same path (%.0f %%)", what, ours / 1e6,
                iperf / 1e6, ratio * 100);
        System.out.println(text);
        assertTrue(ratio >= 0.80 && ratio <= 1.15, text);
    }

    private static long jsonLong(String json, String section, String key) {
        Matcher m = Pattern.compile("\"" + section + "\": \\{[^}]*\"" + key + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), section + "." + key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void ourClientMeasuresAgainstARealTrafficServer() throws Exception {
        Path out = home.resolve("se-server.txt");
        Process se = new ProcessBuilder(command("bash", "-c", lib + "evi_sandbox_exec " + nsS + " " + home.resolve("se/srv")
                + " timeout -k 2 120 vpncmd /TOOLS /CMD TrafficServer 9821 /NOHUP:yes")).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectOutput(out.toFile()).start();
        try {
            for (int i = 0; i < 300 && !Files.readString(out).contains("9821 is set to Listen"); i++) {
                assertTrue(se.isAlive(), "vpncmd TrafficServer ended:\n" + Files.readString(out));
                Thread.sleep(100);
            }
            Run r = Interop.exec(home, command("ip", "netns", "exec", nsC, bin, "traffic", "client", ip, "--type", "full",
                    "--connections", "4", "--seconds", SECONDS, "--json"), Map.of(), Duration.ofSeconds(90), null);
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().matches("(?s).*\\d\\.\\d s  download [0-9.]+ [KMG]?bps  upload \\(sent\\).*"),
                    "progress while it runs:\n" + r);
            String json = r.out().substring(r.out().indexOf("{\"host\""));
            long spanMs = Long.parseLong(json.replaceAll("(?s).*\"spanMillis\": (\\d+).*", "$1"));
            assertTrue(spanMs >= SECONDS * 1000 && spanMs < SECONDS * 1000 + 2000, json);
            for (String dir : new String[] {"download", "upload"}) {
                long raw = jsonLong(json, dir, "bpsRaw");
                long eth = jsonLong(json, dir, "bpsEthernet");
                assertEquals(eth, jsonLong(json, dir, "bps"), "the Ethernet correction is on by default: " + json);
                assertEquals(1514.0 / 1460.0, (double) eth / raw, 1e-4, json);
                assertEquals(jsonLong(json, dir, "streamBytes") * 8 * 1000 / spanMs, raw, raw / 1000.0 + 8, json);
                assertNear(dir.equals("download") ? iperfDown : iperfUp, raw, "ours -> SoftEther TrafficServer, " + dir);
            }
            String served = Files.readString(out);
            assertTrue(served.contains("Connection 4: Connected from Client"), served);
        } finally {
            se.destroy();
            se.waitFor();
        }
    }

    @Test
    void aRealTrafficClientMeasuresAgainstOurServer() throws Exception {
        Path log = home.resolve("our-server.txt");
        Process ours = new ProcessBuilder(command("ip", "netns", "exec", nsS, bin, "traffic", "server", "--port", "9822"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 300 && !Files.readString(log).contains("listening on TCP port 9822"); i++) {
                assertTrue(ours.isAlive(), "ethervpn traffic server ended:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            Run r = Interop.exec(home, command("bash", "-c", lib + "evi_sandbox_exec " + nsC + " " + home.resolve("se/cli")
                    + " timeout -k 2 60 vpncmd /TOOLS /CMD TrafficClient " + ip + ":9822 /NUMTCP:4 /TYPE:full /SPAN:" + SECONDS
                    + " /RAW:yes"), Map.of(), Duration.ofSeconds(90), null);
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("The command completed successfully."), r.toString());
            for (String dir : new String[] {"Download", "Upload"}) {
                Matcher m = Pattern.compile("Average Throughput in " + dir + " Direction\\s*\\|\\s*([0-9,]+) bps").matcher(r.out());
                assertTrue(m.find(), r.toString());
                assertNear(dir.equals("Download") ? iperfDown : iperfUp, Long.parseLong(m.group(1).replace(",", "")),
                        "SoftEther TrafficClient -> ours, " + dir.toLowerCase());
            }
            String served = Files.readString(log);
            assertTrue(served.contains("connection 4: client") && served.contains("bytes received)"), served);
        } finally {
            ours.destroy();
            ours.waitFor();
        }
    }
}

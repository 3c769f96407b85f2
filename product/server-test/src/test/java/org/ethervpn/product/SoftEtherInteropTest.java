package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real SoftEther vpnclients (Debian's softether-vpnclient), each in its own network
 * namespace, log in to hub EVI of our server and ping + iperf3 each other through it, for the
 * variants one, tcp8, half, noenc and compress. One run of
 * {@code releng/interop/run-softether-pair.sh --server external 10.211.0.1:5555} does all
 * variants (the server is started once, by {@code releng/interop/ethervpn-server.sh} inside the
 * server namespace, from the unpacked distribution with a private data directory); each
 * variant's PASS/FAIL line becomes one test.
 *
 * <p>Skipped (assumption) only when not root, when the Debian packages are missing
 * ({@code releng/install-test-deps.sh} installs them; {@code releng/test} runs it as root) or
 * when network namespaces / TUN are not available. {@code -Dethervpn.interop.standin=true}
 * runs the same test against a real SoftEther vpnserver instead of ours (checks the wiring).
 */
class SoftEtherInteropTest {
    static final List<String> VARIANTS = List.of("one", "tcp8", "half", "noenc", "compress");
    static final Pattern RESULT = Pattern.compile("^(PASS|FAIL) +(\\S+) +(\\S+)(?: +(.*))?$");

    @TempDir
    Path home;

    @TestFactory
    Stream<DynamicTest> realSoftEtherClientsThroughOurServer() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root (network namespaces, TAP devices); skipped");
        Path repo = Interop.repo();
        Path interop = repo.resolve("releng/interop");
        Interop.Run check = Interop.exec(repo, List.of(interop.resolve("install-deps.sh").toString(), "--check"),
                Map.of(), Duration.ofSeconds(30), null);
        assumeTrue(check.code() == 0, "SoftEther/iperf3 Debian packages missing (releng/install-test-deps.sh"
                + " installs them as root): " + check.out().strip());
        String lab = Interop.labPrefix();
        Interop.Run ns = Interop.exec(repo, List.of("sh", "-c",
                "ip netns add " + lab + "chk && ip netns del " + lab + "chk && test -c /dev/net/tun"),
                Map.of(), Duration.ofSeconds(30), null);
        assumeTrue(ns.code() == 0, "network namespaces or /dev/net/tun not available: " + ns.out().strip());

        boolean standin = Boolean.getBoolean("ethervpn.interop.standin");
        Path data = home.resolve("data");
        String serverCmd;
        if (standin) {
            serverCmd = q(interop.resolve("softether-server.sh"));
        } else {
            Path dist = Interop.unpackDistribution(home);
            serverCmd = q(interop.resolve("ethervpn-server.sh")) + " " + q(dist) + " " + q(data);
        }
        // transcripts and logs stay in target/softether-interop (the runner's --logs, our server's logs)
        Path keep = Path.of(System.getProperty("ethervpn.build.dir", "target")).toAbsolutePath().resolve("softether-interop");
        Interop.exec(repo, List.of("rm", "-rf", keep.toString()), Map.of(), Duration.ofSeconds(30), null);
        Files.createDirectories(keep);
        Path logs = keep.resolve("runner-logs");
        Path out = keep.resolve("runner.out");
        List<String> cmd = Interop.command(interop.resolve("run-softether-pair.sh"),
                "--server", "external", "10.211.0.1:5555", "--hub", "EVI",
                "--user", "u1", "--password", "p1", "--user2", "u2", "--password2", "p2",
                "--wait-ready-file", "--server-cmd", serverCmd,
                "--variant", String.join(",", VARIANTS), "--logs", logs);
        long t0 = System.nanoTime();
        Interop.Run run = Interop.exec(repo, cmd, Map.of("EVI_LAB", lab), Duration.ofSeconds(300), out);
        long secs = (System.nanoTime() - t0) / 1_000_000_000;
        // a runner killed on timeout cleans up on SIGTERM; make sure the namespaces are gone anyway
        Interop.exec(repo, List.of("bash", "-c", ". releng/interop/softether.sh && evi_netlab_down"),
                Map.of("EVI_LAB", lab), Duration.ofSeconds(60), null);

        // the transcript (throughput, timings) on success; a failure message carries it anyway
        if (Files.isDirectory(data.resolve("logs"))) {
            Interop.exec(repo, List.of("cp", "-r", data.resolve("logs").toString(), keep.resolve("ethervpn-logs").toString()),
                    Map.of(), Duration.ofSeconds(30), null);
        }
        System.out.println("run-softether-pair.sh (" + (standin ? "real vpnserver stand-in" : "EtherVPN")
                + ", lab " + lab + ", " + secs + " s): " + (run.code() == 0 ? run : "exit " + run.code()));
        Map<String, String> lines = new LinkedHashMap<>();
        List<String> all = run.out().lines().toList();
        for (int i = 0; i < all.size(); i++) {
            Matcher m = RESULT.matcher(all.get(i));
            if (m.matches() && VARIANTS.contains(m.group(3))) {
                StringBuilder b = new StringBuilder(all.get(i));
                // the runner's diagnostics for a failed variant (client and server log tails) come
                // just before its line, indented
                int j = i;
                while (j > 0 && all.get(j - 1).startsWith("    ")) {
                    j--;
                }
                for (; j < i; j++) {
                    b.append('\n').append(all.get(j));
                }
                lines.put(m.group(3), b.toString());
            }
        }
        String diagnosis = "\n--- run-softether-pair.sh output (" + (run.timedOut() ? "timed out" : "exit " + run.code())
                + ", " + secs + " s) ---\n" + run.out()
                + "\n--- server command output (tail) ---\n" + Interop.tail(logs.resolve("server-cmd/out.log"), 30)
                + (standin ? "" : "\n--- " + data.resolve("logs/ethervpn.log") + " (tail) ---\n"
                        + Interop.tail(data.resolve("logs/ethervpn.log"), 40))
                + "\n(all logs: " + keep + ")";
        boolean[] diagnosed = {false};
        return VARIANTS.stream().map(v -> DynamicTest.dynamicTest("variant " + v, () -> {
            String line = lines.get(v);
            if (line == null || !line.startsWith("PASS")) {
                String why = line == null ? "no result line for variant " + v : line;
                // the whole transcript once, then only the variant's own lines
                String more = diagnosed[0] ? "\n(runner output and server log: see the first failed variant)" : diagnosis;
                diagnosed[0] = true;
                fail(why + more);
            }
            System.out.println(line);
        }));
    }

    /** A single-quoted bash word. */
    static String q(Object s) {
        return "'" + s.toString().replace("'", "'\\''") + "'";
    }
}

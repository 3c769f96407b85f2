package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the SoftEther interop tests share: where the repository's releng scripts are, the
 * unpacked distribution, running a command with a time limit, and the tail of a log file.
 */
final class Interop {
    private Interop() {
    }

    record Run(int code, String out, boolean timedOut) {
        @Override
        public String toString() {
            return "exit " + (timedOut ? "(timed out)" : code) + "\n" + out;
        }
    }

    /** The repository root: passed by the pom; the module's basedir is two levels below it. */
    static Path repo() {
        String p = System.getProperty("ethervpn.repo.root");
        Path root = (p != null ? Path.of(p) : Path.of("").toAbsolutePath().resolve("../..")).normalize();
        assertTrue(Files.isDirectory(root.resolve("releng/interop")), "no releng/interop under " + root);
        return root;
    }

    /** Unpacks the built distribution's tar.gz into {@code into}; returns the directory holding bin/ethervpn. */
    static Path unpackDistribution(Path into) throws IOException, InterruptedException {
        Path tar = Path.of(System.getProperty("ethervpn.dist.tar"));
        assertTrue(Files.isRegularFile(tar), "build the product first: " + tar);
        Run r = exec(into, List.of("tar", "xzf", tar.toString()), Map.of(), Duration.ofSeconds(60), null);
        assertEquals(0, r.code(), r.toString());
        Path dist = into.resolve(System.getProperty("ethervpn.dist.dir"));
        assertTrue(Files.isExecutable(dist.resolve("bin/ethervpn")), "no bin/ethervpn in " + dist);
        return dist;
    }

    static boolean isRoot() {
        try {
            return "0".equals(exec(Path.of("/"), List.of("id", "-u"), Map.of(), Duration.ofSeconds(10), null).out().strip());
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A short random lab prefix ("evi" + 4 hex digits), so that runs in parallel use their own namespaces. */
    static String labPrefix() {
        return "evi" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    /**
     * Runs {@code cmd} in {@code dir}, stdout and stderr merged into one text (kept in {@code log}
     * if given, else in a temporary file). On timeout: SIGTERM (scripts clean up on it), 30 s
     * later SIGKILL.
     */
    static Run exec(Path dir, List<String> cmd, Map<String, String> env, Duration limit, Path log)
            throws IOException, InterruptedException {
        Path out = log != null ? log : Files.createTempFile("evi-exec", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean timedOut = false;
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            timedOut = true;
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (log == null) {
            Files.delete(out);
        }
        return new Run(timedOut ? -1 : p.exitValue(), text, timedOut);
    }

    /**
     * A real SoftEther vpnserver on port 5555 in namespace {@code ns} with private state under
     * {@code dir} (releng/interop/softether-server.sh), ready for vpncmd; its log is dir/server.log.
     */
    static Process startSoftEtherServer(Path dir, String ns, String adminPassword) throws Exception {
        Path ready = dir.resolve("ready");
        ProcessBuilder pb = new ProcessBuilder(repo().resolve("releng/interop/softether-server.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().putAll(Map.of("EVI_NS_SRV", ns, "EVI_SRV_PORT", "5555", "EVI_ADMIN_PASSWORD", adminPassword,
                "EVI_SERVER_DIR", dir.resolve("srv").toString(), "EVI_SERVER_READY", ready.toString()));
        Process server = pb.start();
        for (int i = 0; i < 600 && !Files.exists(ready); i++) {
            assertTrue(server.isAlive(), "the real vpnserver did not start:\n" + tail(dir.resolve("server.log"), 30));
            Thread.sleep(100);
        }
        assertTrue(Files.exists(ready), "the real vpnserver was not ready in 60 s:\n" + tail(dir.resolve("server.log"), 30));
        return server;
    }

    /** The last {@code n} lines of a text file, or a note that it does not exist. */
    static String tail(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(" + file + ": " + e + ")";
        }
    }

    /** {@code bash -c script}, which must succeed within 90 s; its output. */
    static String sh(Path dir, String script) throws IOException, InterruptedException {
        Run r = exec(dir, command("bash", "-c", script), Map.of(), Duration.ofSeconds(90), null);
        assertEquals(0, r.code(), script + ": " + r);
        return r.out();
    }

    /** {@code ethervpn shell --data data -c cmd} in network namespace {@code ns}, which must succeed; its output. */
    static String evShell(Path dir, String ns, Path bin, Path data, String cmd) throws IOException, InterruptedException {
        Run r = exec(dir, command("ip", "netns", "exec", ns, bin, "shell", "--data", data, "-c", cmd), Map.of(),
                Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), cmd + ": " + r);
        return r.out();
    }

    /** Stops the EtherVPN runtime on {@code data} in {@code ns}, kills what is left there and deletes {@code ns}. */
    static void dropLab(Path dir, String ns, Path bin, Path data) throws IOException, InterruptedException {
        exec(dir, command("ip", "netns", "exec", ns, bin, "stop", "--data", data), Map.of(), Duration.ofSeconds(60), null);
        exec(dir, command("bash", "-c", "ip netns pids " + ns + " | xargs -r kill; ip netns del " + ns), Map.of(),
                Duration.ofSeconds(20), null);
    }

    /** A bash prefix that sources releng/interop/softether.sh with its state under {@code state}. */
    static String softEtherLib(Path state) {
        return ". " + repo().resolve("releng/interop/softether.sh") + "; export EVI_STATE=" + state + "; ";
    }

    /** {@code ethervpn server --data data} in namespace {@code ns}, which must start. */
    static void startServer(Path dir, String ns, Path bin, Path data) throws IOException, InterruptedException {
        Run r = exec(dir, command("ip", "netns", "exec", ns, bin, "server", "--data", data), Map.of(), Duration.ofSeconds(60),
                null);
        assertEquals(0, r.code(), r.toString());
    }

    /**
     * Namespaces {@code nsS} and {@code nsC} (IPv6 off) joined by a veth "u": {@code net}.1/24 in S,
     * {@code net}.2/24 in C.
     */
    static void namespacePair(Path dir, String nsS, String nsC, String net) throws IOException, InterruptedException {
        sh(dir, "set -e\nfor ns in " + nsS + " " + nsC + "; do ip netns add $ns; ip -n $ns link set lo up;"
                + " ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done\n"
                + "ip -n " + nsC + " link add u type veth peer name u netns " + nsS + "\n"
                + "ip -n " + nsS + " addr add " + net + ".1/24 dev u; ip -n " + nsS + " link set u up\n"
                + "ip -n " + nsC + " addr add " + net + ".2/24 dev u; ip -n " + nsC + " link set u up\n");
    }

    /**
     * Namespace {@code ns} reached from this host over a veth pair ({@code ns}h here, {@code ns}s there)
     * in a random /30 of {@code net16} (e.g. "10.219"); returns the namespace's address.
     */
    static String namespaceOnVeth(Path dir, String ns, String net16) throws IOException, InterruptedException {
        String net = net16 + "." + ThreadLocalRandom.current().nextInt(1, 250);
        String addr = net + ".2";
        sh(dir, "ip netns add " + ns + " && ip -n " + ns + " link set lo up && ip link add " + ns + "h type veth peer name "
                + ns + "s netns " + ns + " && ip addr add " + net + ".1/30 dev " + ns + "h && ip link set " + ns + "h up && ip -n "
                + ns + " addr add " + addr + "/30 dev " + ns + "s && ip -n " + ns + " link set " + ns + "s up");
        return addr;
    }

    /**
     * One batch of the real vpncmd /SERVER against 127.0.0.1:5555 in namespace {@code ns}, from
     * evi_vpncmd's sandbox ({@code lib}: {@link #softEtherLib}); an empty password sends none.
     */
    static Run vpncmdRun(Path dir, String lib, String ns, String password, String... commands)
            throws IOException, InterruptedException {
        Path in = Files.writeString(Files.createTempFile(dir, "vpncmd", ".txt"), String.join("\n", commands) + "\n");
        return exec(dir, command("bash", "-c", lib + "evi_vpncmd " + ns + " 127.0.0.1:5555 /SERVER"
                + (password.isEmpty() ? "" : " /PASSWORD:" + password) + " < " + in), Map.of(), Duration.ofSeconds(120), null);
    }

    /** {@link #vpncmdRun}, where every command must complete; its output. */
    static String vpncmd(Path dir, String lib, String ns, String password, String... commands)
            throws IOException, InterruptedException {
        Run r = vpncmdRun(dir, lib, ns, password, commands);
        assertEquals(0, r.code(), String.join("; ", commands) + ":\n" + r);
        return r.out();
    }

    static List<String> command(Object... parts) {
        List<String> l = new ArrayList<>();
        for (Object o : parts) {
            l.add(o.toString());
        }
        return l;
    }
}

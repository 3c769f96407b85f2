package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our server, started from the unpacked distribution with a private data directory, against
 * {@code releng/interop/probe/se_probe.py} (the specification's reference probe, a Python
 * SoftEther client verified against the real server; spec §9): logins, refusals and frame
 * switching between two sessions. Its configuration file is written before the first start:
 * a single listener on a free port (the default ports 443, 992, 1194, 5555 are never bound), hub
 * EVI with two password users.
 *
 * <p>Skipped (assumption) only when there is no python3 >= 3.8 ({@code releng/install-test-deps.sh}
 * installs it). {@code -Dethervpn.interop.standin=true} (root, Debian's softether-vpnserver) runs
 * the same tests against a real SoftEther vpnserver in a private network namespace instead: a
 * check of the tests themselves.
 */
class SoftEtherProbeTest {
    static final String HUB = "EVI";

    @TempDir
    static Path home;
    static Path probe;
    static Path data;
    static Path bin;
    static int port;
    /** stand-in mode: the namespace of the real vpnserver, its runner process */
    static String netns;
    static Process standin;

    @BeforeAll
    static void startServer() throws Exception {
        Interop.Run py = Interop.exec(home, List.of("python3", "-c",
                "import sys, ssl, zlib; sys.exit(sys.version_info < (3, 8))"), Map.of(), Duration.ofSeconds(30), null);
        assumeTrue(py.code() == 0, "needs python3 >= 3.8 (releng/install-test-deps.sh installs it): " + py);
        probe = Interop.repo().resolve("releng/interop/probe/se_probe.py");
        assertTrue(Files.isRegularFile(probe), probe.toString());
        data = home.resolve("data");
        if (Boolean.getBoolean("ethervpn.interop.standin")) {
            startStandin();
            return;
        }
        bin = Interop.unpackDistribution(home).resolve("bin/ethervpn");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // The configuration file before the first start: one listener on the free port (never the
        // defaults 443/992/1194/5555, which the host may use), hub EVI, users u1/p1 and u2/p2
        // (SoftEther password hashes, computed by releng/interop/ethervpn-config.py)
        Files.createDirectories(data);
        Interop.Run r = Interop.exec(home, Interop.command("python3", Interop.repo().resolve("releng/interop/ethervpn-config.py"),
                data.resolve("server.json"), "--listener", port, "--hub", HUB, "--user", "u1", "p1", "--user", "u2", "p2"),
                Map.of(), Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), "server.json: " + r);
        r = ethervpn("server", "--data", data.toString());
        assertEquals(0, r.code(), "server start: " + r + serverLog());
        // "ethervpn server" returns when the shell channel is up; the listeners may follow a moment later
        long end = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException e) {
                assertTrue(System.nanoTime() < end, "nothing listens on port " + port + " 30 s after the start" + serverLog());
                Thread.sleep(50);
            }
        }
        System.out.println("EtherVPN server for se_probe.py on 127.0.0.1:" + port);
    }

    /** A real vpnserver (releng/interop/softether-server.sh) on 127.0.0.1:5555 of a namespace of our own. */
    static void startStandin() throws Exception {
        assumeTrue(Interop.isRoot(), "stand-in mode needs root");
        Path interop = Interop.repo().resolve("releng/interop");
        String ns = Interop.labPrefix() + "prb";
        Interop.Run r = Interop.exec(home, List.of("sh", "-c", "ip netns add " + ns + " && ip -n " + ns + " link set lo up"),
                Map.of(), Duration.ofSeconds(30), null);
        assertEquals(0, r.code(), r.toString());
        netns = ns;
        port = 5555;
        Path dir = Files.createDirectories(home.resolve("standin"));
        ProcessBuilder pb = new ProcessBuilder(interop.resolve("softether-server.sh").toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("standin.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(Map.of("EVI_NS_SRV", ns, "EVI_SRV_PORT", "5555", "EVI_HUB", HUB,
                "EVI_USER1", "u1", "EVI_PASSWORD1", "p1", "EVI_USER2", "u2", "EVI_PASSWORD2", "p2",
                "EVI_SERVER_DIR", dir.toString(), "EVI_SERVER_READY", dir.resolve("ready").toString()));
        standin = pb.start();
        long end = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(dir.resolve("ready")) && standin.isAlive() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(dir.resolve("ready")), Files.readString(home.resolve("standin.out")));
        System.out.println("real SoftEther vpnserver for se_probe.py on 127.0.0.1:5555 in netns " + ns);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (standin != null) {
            standin.destroy(); // softether-server.sh stops its vpnserver on SIGTERM
            standin.waitFor();
        }
        if (netns != null) {
            Interop.exec(home, List.of("ip", "netns", "del", netns), Map.of(), Duration.ofSeconds(30), null);
        }
        if (data != null && bin != null) {
            ethervpn("stop", "--data", data.toString());
        }
    }

    @Test
    void hashedPasswordLoginThenKeepAlives() throws Exception {
        Interop.Run r = probe("--user", "u1", "--password", "p1", "--no-send", "--listen", "3");
        assertEquals(0, r.code(), diag(r));
        assertTrue(r.out().matches("(?s).*\\[conn#1\\] hello PACK .*\\n +data random = [0-9a-f]{40}\\n.*"), "hello with a 20-byte random" + diag(r));
        assertTrue(r.out().contains("login PACK sent (authtype=1,"), diag(r));
        assertTrue(r.out().contains("[conn#1] welcome PACK"), diag(r));
        assertTrue(r.out().matches("(?s).*\\n +data session_key = [0-9a-f]{40}\\n.*"), "a 20-byte session key" + diag(r));
        assertTrue(r.out().matches("(?s).*\\[session\\] name=\\S+ connection=\\S+ max_connection=1 use_encrypt=1 use_compress=0 half=0 .*"), diag(r));
        assertTrue(r.out().contains("[conn#1] recv keep-alive"), "the server sends a keep-alive at once (spec 5.3)" + diag(r));
        assertFalse(r.out().contains("closed:"), "the connection stays up" + diag(r));
        assertTrue(r.out().contains("[done] received"), diag(r));
    }

    @Test
    void plainPasswordLogin() throws Exception {
        Interop.Run r = probe("--user", "u2", "--password", "p2", "--auth", "plain", "--no-send", "--listen", "1");
        assertEquals(0, r.code(), diag(r));
        assertTrue(r.out().contains("login PACK sent (authtype=2,"), diag(r));
        assertTrue(r.out().contains("[session] name="), diag(r));
        assertFalse(r.out().contains("closed:"), diag(r));
    }

    @Test
    void wrongPasswordIsRefusedWithError9() throws Exception {
        Interop.Run r = probe("--user", "u1", "--password", "WRONG", "--listen", "1");
        assertEquals(2, r.code(), diag(r));
        assertTrue(r.out().contains("[conn#1] server refused: error=9 (ERR_AUTH_FAILED)"), diag(r));
    }

    @Test
    void unknownHubIsRefusedWithError8() throws Exception {
        Interop.Run r = probe("--hub", "NOSUCHHUB", "--user", "u1", "--password", "p1", "--listen", "1");
        assertEquals(2, r.code(), diag(r));
        assertTrue(r.out().contains("[conn#1] server refused: error=8 (ERR_HUB_NOT_FOUND)"), diag(r));
    }

    @Test
    void additionalConnectionJoinsTheSession() throws Exception {
        Interop.Run r = probe("--user", "u1", "--password", "p1", "--max-connection", "2", "--additional", "1",
                "--no-send", "--listen", "2");
        assertEquals(0, r.code(), diag(r));
        assertTrue(r.out().contains("[conn#2] joined the session, direction=0 (both)"), diag(r));
        assertFalse(r.out().contains("closed:"), diag(r));
        assertTrue(r.out().contains("over 2 TCP connection(s)"), diag(r));
    }

    /** Spec §9.4: one session's broadcast ARP request is switched by the hub to another session. */
    @Test
    void broadcastFromOneSessionReachesAnother() throws Exception {
        Path listenerOut = home.resolve("listener.out");
        Process listener = new ProcessBuilder(probeCommand("--user", "u2", "--password", "p2", "--no-send", "--listen", "15",
                "--mac", "5e:00:00:00:0b:0b", "--ip", "192.168.30.88"))
                .redirectErrorStream(true).redirectOutput(listenerOut.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            // the listener's session is up once it sends its first keep-alive
            assertTrue(waitFor(listenerOut, "[conn#1] sent keep-alive", listener, 20),
                    "the listening session did not come up" + diag(listenerOut));
            Interop.Run sender = probe("--user", "u1", "--password", "p1", "--mac", "5e:00:00:00:0a:0a", "--listen", "1");
            assertEquals(0, sender.code(), diag(sender));
            assertTrue(sender.out().contains("sent 1 block: 5e:00:00:00:0a:0a -> ff:ff:ff:ff:ff:ff type 0x0806"), diag(sender));
            assertTrue(waitFor(listenerOut,
                    "recv frame: 5e:00:00:00:0a:0a -> ff:ff:ff:ff:ff:ff type 0x0806 len 60 ARP request sender 5e:00:00:00:0a:0a/192.168.30.77",
                    listener, 10), "the other session did not receive the broadcast" + diag(listenerOut)
                    + "\n--- sender ---\n" + sender.out());
        } finally {
            listener.destroy();
            listener.waitFor();
        }
    }

    /**
     * A real vpnclient (5.01) opens every TCP connection with {@code GET /} and {@code X-VPN: 1}
     * (Mayaqua/Network.c DetectIsServerSoftEtherVPN) and gives up ("Connection to the server
     * failed", code 1) unless the answer has a body of 1 byte .. 1 MiB that starts with SoftEther's
     * 403 page or contains its tag; then it posts the watermark on the same connection. Real
     * vpnserver 5.01: 403, Connection: Keep-Alive, 267-byte page (releng/interop/README.md, pitfall 11).
     */
    @Test
    void theVpnClientsServerCheckIsAnsweredAsSoftEtherDoes() throws Exception {
        assumeTrue(netns == null, "the stand-in runs in a network namespace this JVM cannot reach");
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        }}, null);
        try (java.net.Socket s = ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            var in = new java.io.BufferedInputStream(s.getInputStream());
            out.write(("GET / HTTP/1.1\r\nX-VPN: 1\r\nHost: 127.0.0.1\r\nKeep-Alive: timeout=15; max=19\r\n"
                    + "Connection: Keep-Alive\r\nAccept-Language: ja\r\nUser-Agent: Mozilla/5.0 (Windows NT 6.3; WOW64; rv:29.0)"
                    + " Gecko/20100101 Firefox/29.0\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 403 "), "answer to GET /:\n" + head + serverLog());
            int len = contentLength(head);
            String body = new String(in.readNBytes(Math.max(0, len)), StandardCharsets.ISO_8859_1);
            assertTrue(len > 0 && len < (1 << 20)
                    && (body.startsWith("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\r\n<HTML><HEAD>\r\n"
                            + "<TITLE>403 Forbidden</TITLE>\r\n</HEAD><BODY>\r\n<H1>Forbidden</H1>\r\n"
                            + "You don't have permission to access ")
                            || body.contains("9C37197CA7C2428388C2E6E59B829B30")),
                    "the vpnclient accepts only SoftEther's 403 page (or its tag) as the body:\n" + head + body + serverLog());
            // then the client's watermark POST on the same connection (VPNCONNECT: the 10-byte form)
            out.write(("POST /vpnsvc/connect.cgi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                    + "Connection: Keep-Alive\r\nContent-Length: 10\r\n\r\nVPNCONNECT").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200 "), "hello after the GET on the same connection:\n" + head + serverLog());
        }
    }

    static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while (!b.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0 && b.length() < 16384) {
            b.append((char) c);
        }
        return b.toString();
    }

    static int contentLength(String head) {
        for (String l : head.split("\r\n")) {
            int i = l.indexOf(':');
            if (i > 0 && l.substring(0, i).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(l.substring(i + 1).trim());
            }
        }
        return -1;
    }

    // ---- helpers

    static List<String> probeCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(List.of("python3", "-u", probe.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--timeout", "10"));
        if (!List.of(args).contains("--hub")) {
            cmd.addAll(List.of("--hub", HUB));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Interop.Run probe(String... args) throws IOException, InterruptedException {
        return Interop.exec(home, probeCommand(args), Map.of(), Duration.ofSeconds(60), null);
    }

    /** Until {@code file} contains {@code text}: true; false when {@code p} ended without it or on timeout. */
    static boolean waitFor(Path file, String text, Process p, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            boolean alive = p.isAlive();
            if (Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            if (!alive) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static Interop.Run ethervpn(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        return Interop.exec(home, cmd, Map.of(), Duration.ofSeconds(60), null);
    }

    static String diag(Interop.Run r) {
        return "\n--- se_probe.py: " + r + serverLog();
    }

    static String diag(Path out) throws IOException {
        return "\n--- se_probe.py (listener) ---\n" + Files.readString(out, StandardCharsets.UTF_8) + serverLog();
    }

    static String serverLog() {
        if (netns != null) {
            return "\n--- real vpnserver stand-in (tail) ---\n" + Interop.tail(home.resolve("standin.out"), 20);
        }
        return "\n--- " + data.resolve("logs/ethervpn.log") + " (tail) ---\n" + Interop.tail(data.resolve("logs/ethervpn.log"), 30);
    }
}
